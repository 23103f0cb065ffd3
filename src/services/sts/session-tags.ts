// Session tags: the Tags and TransitiveTagKeys a caller passes to AssumeRole, checked by AWS's rules,
// and the calling session's transitive tags, which a chained session inherits and may not override.
// Keys compare case-insensitively everywhere, as AWS's tag keys do. The texts are AWS's, as
// localstack's snapshot tests recorded them from AWS (InvalidParameterValue, 400).
import type { AwsError } from '../../aws/errors.js';
import { commonErrors } from '../../aws/generated/sts.js';

export interface SessionTagSet {
  /** Key to value, each key in the case it was given. */
  tags: Record<string, string>;
  /** The transitive keys, in their tags' case. */
  transitiveKeys: string[];
}

export interface SessionTagInput {
  Tags?: { Key: string; Value: string }[];
  TransitiveTagKeys?: string[];
}

function invalid(message: string): AwsError {
  return commonErrors.InvalidParameterValue(message);
}

/**
 * The session tags of a new session: the requested ones (refused, changing nothing, when two keys differ
 * only in case, when one would override a transitive tag of the calling session, or when a transitive key
 * is not among them) and the calling session's transitive tags. Undefined when there are none.
 */
export function sessionTagsFor(input: SessionTagInput, calling?: SessionTagSet): SessionTagSet | undefined {
  const requested = new Map<string, { Key: string; Value: string }>();
  for (const tag of input.Tags ?? []) {
    const key = tag.Key.toLowerCase();
    if (requested.has(key)) throw invalid('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    requested.set(key, tag);
  }
  const inherited = new Map((calling?.transitiveKeys ?? []).map((key) => [key.toLowerCase(), key]));
  if ([...requested.keys()].some((key) => inherited.has(key))) {
    throw invalid("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
  }
  const transitive = new Set<string>();
  for (const key of input.TransitiveTagKeys ?? []) {
    const tag = requested.get(key.toLowerCase());
    if (!tag) throw invalid('The specified transitive tag key must be included in the requested tags.');
    transitive.add(tag.Key);
  }
  const tags: Record<string, string> = {};
  for (const tag of requested.values()) tags[tag.Key] = tag.Value;
  for (const key of inherited.values()) {
    tags[key] = calling!.tags[key];
    transitive.add(key);
  }
  return Object.keys(tags).length > 0 ? { tags, transitiveKeys: [...transitive] } : undefined;
}
