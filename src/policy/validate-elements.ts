// Validation of the elements with structure of their own: Principal / NotPrincipal and Condition.
import { parseOperator, type ConditionOperator } from './conditions/operators.js';
import type { JsonEntry, JsonNode } from './json.js';
import { isValidAwsPrincipal, type PrincipalSyntax } from './principal.js';

export interface ConditionSyntax {
  readonly operatorName: string;
  readonly operator: ConditionOperator;
  readonly key: string;
  readonly values: string[];
}

export const SYNTAX_ERROR = 'Syntax errors in policy.';
export const VENDOR_PREFIX = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

export type Report = (path: (string | number)[], rule: string, message: string) => void;

/** A string or a list of strings, as a list; undefined for anything else. */
export function stringList(node: JsonNode): string[] | undefined {
  if (node.type === 'string') return [node.value as string];
  if (node.type !== 'array') return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    if (item.type !== 'string') return undefined;
    out.push(item.value as string);
  }
  return out;
}

export function principalSyntax(entry: JsonEntry, path: (string | number)[], report: Report): PrincipalSyntax | undefined {
  const at = [...path, entry.key];
  const node = entry.value;
  if (node.type === 'string') {
    if (node.value === '*') return '*';
    report(at, 'PrincipalFormat', `Invalid principal in policy: ${JSON.stringify(node.value)}`);
    return undefined;
  }
  if (node.type !== 'object' || node.entries.length === 0) {
    report(at, 'PrincipalFormat', SYNTAX_ERROR);
    return undefined;
  }
  const out: Record<string, string[]> = {};
  for (const { key, value } of node.entries) {
    const values = stringList(value);
    if (!PRINCIPAL_TYPES.has(key)) {
      report([...at, key], 'PrincipalFormat', `Invalid principal in policy: ${JSON.stringify(key)}`);
    } else if (!values || values.length === 0) {
      report([...at, key], 'PrincipalFormat', SYNTAX_ERROR);
    } else {
      for (const v of values) {
        const valid = key === 'AWS' ? isValidAwsPrincipal(v) : v !== '' && !/[*?]/.test(v);
        if (!valid) report([...at, key], 'PrincipalFormat', `Invalid principal in policy: "${key}":"${v}"`);
      }
      out[key] = values;
    }
  }
  return out;
}

export function conditionSyntax(node: JsonNode, path: (string | number)[], report: Report): ConditionSyntax[] {
  if (node.type !== 'object') {
    report(path, 'Condition', SYNTAX_ERROR);
    return [];
  }
  const out: ConditionSyntax[] = [];
  for (const { key: operatorName, value: block } of node.entries) {
    const at = [...path, operatorName];
    const operator = parseOperator(operatorName);
    if (!operator) {
      report(at, 'ConditionOperator', `Invalid Condition type : ${operatorName}`);
      continue;
    }
    if (block.type !== 'object') {
      report(at, 'Condition', SYNTAX_ERROR);
      continue;
    }
    for (const { key, value } of block.entries) {
      if (!/^[^:\s]+:\S+$/.test(key)) {
        report([...at, key], 'ConditionKey', VENDOR_PREFIX);
        continue;
      }
      const values = conditionValues(value);
      if (!values) {
        report([...at, key], 'ConditionValue', SYNTAX_ERROR);
        continue;
      }
      out.push({ operatorName, operator, key, values });
    }
  }
  return out;
}

// A condition value is a string, number or boolean, or a non-empty list of them; IAM compares texts.
function conditionValues(node: JsonNode): string[] | undefined {
  const scalar = (n: JsonNode) =>
    n.type === 'string' || n.type === 'number' || n.type === 'boolean' ? String(n.value) : undefined;
  if (node.type !== 'array') {
    const value = scalar(node);
    return value === undefined ? undefined : [value];
  }
  if (node.items.length === 0) return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    const value = scalar(item);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}
