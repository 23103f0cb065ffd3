// Validation of a parsed document against IAM's grammar, one rule at a time, each issue naming the JSON
// path and the rule. Messages are AWS's MalformedPolicyDocument texts where AWS has one.
import { toPlain, type JsonEntry, type JsonNode, type JsonObject } from './json.js';
import type { PrincipalSyntax } from './principal.js';
import { conditionSyntax, principalSyntax, stringList, SYNTAX_ERROR, VENDOR_PREFIX, type ConditionSyntax, type Report } from './validate-elements.js';
import type { PolicyIssue, PolicyKind, Position } from './types.js';

export { SYNTAX_ERROR };

export type PolicyVersion = '2012-10-17' | '2008-10-17';

export interface StatementSyntax {
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly action?: string[];
  readonly notAction?: string[];
  readonly resource?: string[];
  readonly notResource?: string[];
  readonly principal?: PrincipalSyntax;
  readonly notPrincipal?: PrincipalSyntax;
  readonly conditions: ConditionSyntax[];
  readonly start: Position;
  readonly end: Position;
}

export interface DocumentSyntax {
  readonly version: PolicyVersion;
  readonly statements: StatementSyntax[];
}

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
/** IAM itself stores these kinds and restricts Sid to letters and digits; resource policies and SCPs do not. */
const ALPHANUMERIC_SID_KINDS = new Set<PolicyKind>(['identity', 'boundary', 'session', 'trust']);
const ACTION = /^[a-zA-Z0-9*?-]+:[a-zA-Z0-9*?_-]+$/;

/** Renders a path like `Statement[1].Condition.StringEquals`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export function validateDocument(
  root: JsonNode,
  kind: PolicyKind,
  partition: string = PARTITION,
): { issues: PolicyIssue[]; document?: DocumentSyntax } {
  const issues: PolicyIssue[] = [];
  const report = (path: (string | number)[], rule: string, message: string) =>
    issues.push({ path: formatPath(path), rule, message });

  if (root.type !== 'object') {
    report([], 'Syntax', SYNTAX_ERROR);
    return { issues };
  }
  let version: PolicyVersion = '2008-10-17';
  let statementNode: JsonNode | undefined;
  for (const { key, value } of root.entries) {
    if (key === 'Version') {
      if (value.type !== 'string') report(['Version'], 'Version', 'Invalid Version');
      else if (value.value === '2012-10-17' || value.value === '2008-10-17') version = value.value;
      // AWS falls back to its legacy grammar for an unknown version, and that parser rejects the document.
      else report(['Version'], 'Version', 'The policy failed legacy parsing');
    } else if (key === 'Id') {
      if (value.type !== 'string') report(['Id'], 'Id', SYNTAX_ERROR);
    } else if (key === 'Statement') statementNode = value;
    else report([key], 'UnknownKey', `Unknown field ${key}`);
  }
  if (!statementNode) {
    report(['Statement'], 'Statement', 'Missing required field Statement');
    return { issues };
  }
  const statementNodes: [JsonNode, (string | number)[]][] =
    statementNode.type === 'array'
      ? statementNode.items.map((node, i) => [node, ['Statement', i]])
      : [[statementNode, ['Statement']]];
  if (statementNode.type !== 'array' && statementNode.type !== 'object') {
    report(['Statement'], 'Statement', SYNTAX_ERROR);
    return { issues };
  }
  const statements: StatementSyntax[] = [];
  const sids = new Set<string>();
  statementNodes.forEach(([node, path], index) => {
    if (node.type !== 'object') {
      report(path, 'Statement', SYNTAX_ERROR);
      return;
    }
    const statement = validateStatement(node, path, index, kind, report, partition);
    if (statement?.sid !== undefined) {
      if (sids.has(statement.sid)) {
        report([...path, 'Sid'], 'SidUnique', 'Statement IDs (SID) in a single policy must be unique.');
      }
      sids.add(statement.sid);
    }
    if (statement) statements.push(statement);
  });
  return issues.length > 0 ? { issues } : { issues, document: { version, statements } };
}

function validateStatement(
  node: JsonObject,
  path: (string | number)[],
  index: number,
  kind: PolicyKind,
  report: Report,
  partition: string,
): StatementSyntax | undefined {
  // A statement with any broken rule is reported, not compiled.
  let broken = 0;
  const counting: Report = (p, rule, message) => {
    broken++;
    report(p, rule, message);
  };
  const field = (name: string): JsonEntry | undefined => node.entries.find((e) => e.key === name);
  for (const { key } of node.entries) {
    if (!STATEMENT_KEYS.has(key)) counting([...path, key], 'UnknownKey', `Unknown field ${key}`);
  }

  let sid: string | undefined;
  const sidEntry = field('Sid');
  if (sidEntry) {
    if (sidEntry.value.type !== 'string') counting([...path, 'Sid'], 'Sid', SYNTAX_ERROR);
    else {
      sid = sidEntry.value.value as string;
      if (ALPHANUMERIC_SID_KINDS.has(kind) && !/^[0-9A-Za-z]*$/.test(sid)) {
        counting(
          [...path, 'Sid'],
          'SidFormat',
          'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
        );
      }
    }
  }

  let effect: 'Allow' | 'Deny' = 'Allow';
  const effectEntry = field('Effect');
  const effectValue = effectEntry?.value.type === 'string' ? effectEntry.value.value : undefined;
  if (!effectEntry) counting([...path, 'Effect'], 'Effect', 'Missing required field Effect');
  else if (effectValue !== 'Allow' && effectValue !== 'Deny') {
    const written = effectEntry.value.type === 'string' ? String(effectValue) : JSON.stringify(toPlain(effectEntry.value));
    counting([...path, 'Effect'], 'Effect', `Invalid effect: ${written}`);
  } else effect = effectValue;

  // Action / NotAction: exactly one.
  const [action, notAction] = exactlyOne(field('Action'), field('NotAction'), path, 'Action', true, counting);
  const actions = action ?? notAction;
  const actionName = action ? 'Action' : 'NotAction';
  actions?.forEach((value, i) => {
    const at = [...path, actionName, ...(isArray(field(actionName)) ? [i] : [])];
    if (value === '*') return;
    if (!value.includes(':')) counting(at, 'ActionFormat', VENDOR_PREFIX);
    else if (!ACTION.test(value)) counting(at, 'ActionFormat', `Invalid action: ${value}`);
  });

  // Resource / NotResource: required except in trust policies, which may not have them.
  let resource: string[] | undefined;
  let notResource: string[] | undefined;
  if (kind === 'trust') {
    for (const name of ['Resource', 'NotResource']) {
      if (field(name)) counting([...path, name], 'ProhibitedField', `Has prohibited field ${name}`);
    }
  } else {
    [resource, notResource] = exactlyOne(field('Resource'), field('NotResource'), path, 'Resource', true, counting);
    const resources = resource ?? notResource;
    const resourceName = resource ? 'Resource' : 'NotResource';
    resources?.forEach((value, i) => {
      const issue = resourceIssue(value, partition);
      if (issue) counting([...path, resourceName, ...(isArray(field(resourceName)) ? [i] : [])], issue[0], issue[1]);
    });
  }

  // Principal / NotPrincipal: only (and then necessarily) in resource and trust policies.
  let principal: PrincipalSyntax | undefined;
  let notPrincipal: PrincipalSyntax | undefined;
  const principalEntry = field('Principal');
  const notPrincipalEntry = field('NotPrincipal');
  if (kind === 'trust' && notPrincipalEntry) {
    // AWS: NotPrincipal cannot be used in an IAM role trust policy.
    counting([...path, 'NotPrincipal'], 'ProhibitedField', 'Has prohibited field NotPrincipal');
  } else if (kind === 'resource' && notPrincipalEntry && effect === 'Allow' && !principalEntry) {
    // AWS: NotPrincipal must be used with "Effect":"Deny"; with Allow it is not supported.
    counting([...path, 'NotPrincipal'], 'NotPrincipalAllow', 'NotPrincipal must be used with "Effect":"Deny".');
  }
  if (kind === 'resource' || kind === 'trust') {
    if (principalEntry && notPrincipalEntry) {
      counting([...path, 'NotPrincipal'], 'PrincipalAndNotPrincipal', 'Statement cannot contain both Principal and NotPrincipal.');
    } else if (!principalEntry && !notPrincipalEntry) {
      counting([...path, 'Principal'], 'Principal', 'Missing required field Principal');
    } else if (principalEntry) principal = principalSyntax(principalEntry, path, counting);
    else notPrincipal = principalSyntax(notPrincipalEntry!, path, counting);
  } else {
    for (const entry of [principalEntry, notPrincipalEntry]) {
      if (!entry) continue;
      if (kind === 'identity') {
        counting([...path, entry.key], 'Principal', 'Policy document should not specify a principal.');
      } else counting([...path, entry.key], 'ProhibitedField', `Has prohibited field ${entry.key}`);
    }
  }

  const conditionEntry = field('Condition');
  const conditions = conditionEntry ? conditionSyntax(conditionEntry.value, [...path, 'Condition'], counting) : [];

  if (broken > 0) return undefined;
  return {
    index,
    sid,
    effect,
    action,
    notAction,
    resource,
    notResource,
    principal,
    notPrincipal,
    conditions,
    start: node.start,
    end: node.end,
  };
}

function isArray(entry: JsonEntry | undefined): boolean {
  return entry?.value.type === 'array';
}

/** Is the Resource / NotResource value one IAM's grammar takes (see resourceIssue)? */
export function isValidResource(value: string): boolean {
  return resourceIssue(value) === undefined;
}

/**
 * What IAM refuses in a Resource / NotResource value, as [rule, MalformedPolicyDocument text], or
 * undefined when it takes it. Taken: `*`; an ARN of six `:`-separated parts whose partition and service
 * are present; an ARN cut short whose last segment ends with `*` (`arn:aws:codebuild:*`, as AWS managed
 * policies write them: the `*` then reaches past the remaining colons). Refused: any other text, a
 * wildcard in the service segment (AWS: "you can't use a wildcard in the service segment"), a partition
 * other than the request's (`aws` unless told; aws-cn, aws-us-gov) unless it has a wildcard, and a region in an IAM ARN.
 */
export function resourceIssue(value: string, expected: string = PARTITION): [rule: string, message: string] | undefined {
  if (value === '*') return undefined;
  const format: [string, string] = ['ResourceFormat', `Resource ${value} must be in ARN format or "*".`];
  if (!value.startsWith('arn:')) return format;
  // A policy variable's name has a colon of its own (`${aws:username}`): mask variables before splitting
  // into segments. `${ARN_PARTITION}` is no variable (its name has no vendor) and stays literal text.
  const parts = value.replace(/\$\{(?:[^}:]*:[^}]*|\s*[*?$]\s*)\}/g, VARIABLE).split(':');
  const [, partition, service, region] = parts;
  if (parts.length < 6 && !(parts.length >= 4 && parts[parts.length - 1].endsWith('*'))) return format;
  if (partition === '' || service === '') return format;
  // AWS's exact text for a wildcard service is not confirmed; the ARN-format text is IAM's general refusal.
  if (/[*?]/.test(service)) return format;
  if (partition !== expected && !/[*?]/.test(partition) && !partition.includes(VARIABLE)) {
    return ['ResourcePartition', `Partition "${partition}" is not valid for resource "${value}".`];
  }
  if (service === 'iam' && region !== '') return ['ResourceRegion', `IAM resource ${value} cannot contain region information.`];
  return undefined;
}

/** The partition this server is (AWS's commercial regions). */
const PARTITION = 'aws';
const VARIABLE = '\u0000';

/** Reads whichever of two mutually exclusive string-or-list elements is present. */
function exactlyOne(
  positive: JsonEntry | undefined,
  negative: JsonEntry | undefined,
  path: (string | number)[],
  name: 'Action' | 'Resource',
  required: boolean,
  report: Report,
): [string[] | undefined, string[] | undefined] {
  if (positive && negative) {
    report([...path, `Not${name}`], `${name}AndNot${name}`, `Statement cannot contain both ${name} and Not${name}.`);
    return [undefined, undefined];
  }
  const entry = positive ?? negative;
  if (!entry) {
    if (required) report([...path, name], name, `Policy statement must contain ${name.toLowerCase()}s.`);
    return [undefined, undefined];
  }
  const values = stringList(entry.value);
  if (!values) {
    report([...path, entry.key], name, SYNTAX_ERROR);
    return [undefined, undefined];
  }
  if (values.length === 0) {
    report([...path, entry.key], name, `Policy statement must contain ${name.toLowerCase()}s.`);
    return [undefined, undefined];
  }
  return positive ? [values, undefined] : [undefined, values];
}
