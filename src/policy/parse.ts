// parsePolicy: text -> positions-aware JSON -> validated syntax -> compiled policy, cached by kind and
// text so that a document evaluated many times is compiled once and shared.
import { actionIndexBytes, compileDocument, type Policy } from './compile.js';
import { JsonSyntaxError, parseJson } from './json.js';
import { boundedCache, stringBytes } from './memo.js';
import type { ParseResult, PolicyIssue, PolicyKind } from './types.js';
import { formatPath, SYNTAX_ERROR, validateDocument } from './validate.js';

/** AWS's quotas, in characters not counting whitespace. */
export const POLICY_SIZE_LIMITS = {
  managedPolicy: 6144,
  inlineRolePolicy: 10240,
  trustPolicy: 2048,
} as const;

export interface ParseOptions {
  /** Reject documents larger than this many non-whitespace characters (see POLICY_SIZE_LIMITS). */
  maxSize?: number;
  /** The partition whose ARNs a Resource may name (the request's: aws, aws-cn, aws-us-gov); `aws` unless told. */
  partition?: string;
}

/** The bytes the compiled-document cache may hold (estimated as compiledPolicyBytes counts them). */
export const POLICY_CACHE_BYTES = 128 * 1024 * 1024;
/**
 * Heap bytes per non-whitespace character of a compiled document, source included: measured from 20
 * (statements with few values) to 43 (one statement listing thousands of ARNs, each compiled into six
 * segment globs) on Node 20; the larger is used, so that the budget is an upper bound.
 */
const BYTES_PER_POLICY_CHARACTER = 48;
const cache = boundedCache<Policy>('policies', POLICY_CACHE_BYTES, (policy, key) => compiledPolicyBytes(key, policy));

/**
 * What a cached document holds: its key (kind and text), the compiled policy with its source, and the
 * most its action index can come to hold.
 */
function compiledPolicyBytes(key: string, policy: Policy): number {
  const size = policySize(policy.source);
  return stringBytes(key) + (policy.source.length - size) + BYTES_PER_POLICY_CHARACTER * size + actionIndexBytes(policy.statements.length);
}

/** The size IAM counts against its quotas: characters other than whitespace. */
export function policySize(source: string | object): number {
  const text = typeof source === 'string' ? source : JSON.stringify(source);
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) size++;
  }
  return size;
}

export function parsePolicy(source: string | object, kind: PolicyKind, options: ParseOptions = {}): ParseResult {
  // An object is given a readable layout, so that statement positions mean something.
  const text = typeof source === 'string' ? source : serialize(source);
  if (text === undefined) return failure([{ path: '', rule: 'Syntax', message: SYNTAX_ERROR }]);
  if (options.maxSize !== undefined) {
    const size = policySize(text);
    if (size > options.maxSize) {
      return failure([
        { path: '', rule: 'SizeLimit', message: `Cannot exceed quota for PolicySize: ${options.maxSize}` },
      ]);
    }
  }
  const cacheKey = options.partition && options.partition !== 'aws' ? `${kind}\n${options.partition}\n${text}` : `${kind}\n${text}`;
  const cached = cache.get(cacheKey);
  if (cached) return { ok: true, policy: cached };

  let root;
  try {
    root = parseJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const duplicate = error.duplicateKey;
    const path = duplicate ? formatPath([...duplicate.objectPath, duplicate.key]) : '';
    return failure([
      { path, rule: duplicate ? 'DuplicateKey' : 'Syntax', message: SYNTAX_ERROR, position: error.position },
    ]);
  }
  const { issues, document } = validateDocument(root, kind, options.partition);
  if (!document) return failure(issues);
  const policy = compileDocument(document, kind, text);
  cache.set(cacheKey, policy);
  return { ok: true, policy };
}

// An object that is not JSON (cyclic, BigInt, a function) is a syntax error, not an exception.
function serialize(source: object): string | undefined {
  try {
    const text: unknown = JSON.stringify(source, null, 2);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

function failure(errors: PolicyIssue[]): ParseResult {
  return { ok: false, errors };
}
