// Condition blocks: operators (known, Null without IfExists or qualifiers), keys (format, tag keys,
// known global and service keys, one spelling per block), values (present, of the operator's type,
// wildcards only with Like operators, the forms of known keys' values: condition-values.ts) and qualifiers (ForAllValues with a single-valued key in an Allow
// statement, a multivalued key without one). Keys of identity providers (a prefix with a dot, such as
// token.actions.githubusercontent.com:sub) are provider claims, not in the reference, and not judged.
import type { Location } from '../../../aws/generated/accessanalyzer.js';
import { parseOperator, SetOperator, type JsonEntry, type JsonNode } from '../../../policy/index.js';
import { actionConditionKeys, conditionKey, serviceKeys } from './catalog.js';
import { checkKnownValues, type ConditionValue } from './condition-values.js';
import type { CheckContext } from './context.js';
import type { Segment } from './locations.js';
import type { PolicyModel, StatementModel } from './model.js';

/** Keys more secure with others in the same Condition element (the reference's example: aws:VpcSourceIp with aws:SourceVpc). */
const PAIRED_KEYS: Record<string, string[]> = { 'aws:vpcsourceip': ['aws:SourceVpc'] };
const TAG_KEY_WITHOUT_TAG = /^([^:]+):(ResourceTag|RequestTag|PrincipalTag)\/?$/i;
const VALUE_CHECKS: Record<string, string> = { Bool: 'TYPE_MISMATCH_BOOLEAN', Numeric: 'TYPE_MISMATCH_NUMBER', Date: 'TYPE_MISMATCH_DATE', Ip: 'TYPE_MISMATCH_IP_RANGE' };

export async function checkConditions(ctx: CheckContext, policy: PolicyModel): Promise<void> {
  for (const statement of policy.statements) {
    if (statement.condition) await checkCondition(ctx, policy, statement, statement.condition);
  }
}

async function checkCondition(ctx: CheckContext, policy: PolicyModel, statement: StatementModel, condition: JsonEntry): Promise<void> {
  const path: Segment[] = [...statement.path, 'Condition'];
  const node = condition.value;
  if (node.type !== 'object') {
    ctx.report('DATA_TYPE_MISMATCH', [ctx.at(path, node)], { data_type: 'Object' });
    return;
  }
  if (node.entries.length === 0) ctx.report('EMPTY_OBJECT_CONDITION', [ctx.at(path, node)]);
  if (statement.effect === 'Allow') pairedKeys(ctx, path, node.entries);
  for (const block of node.entries) {
    const operator = parseOperator(block.key);
    if (!operator) {
      const nullIfExists = /^(forallvalues:|foranyvalue:)?nullifexists$/i.test(block.key);
      ctx.report(nullIfExists ? 'NULL_WITH_IF_EXISTS' : 'INVALID_CONDITION_OPERATOR', [ctx.atKey(path, block)], { operator: block.key });
      continue;
    }
    const blockPath = [...path, block.key];
    if (block.value.type !== 'object') {
      ctx.report('DATA_TYPE_MISMATCH', [ctx.at(blockPath, block.value)], { data_type: 'Object' });
      continue;
    }
    const name = operator.base.name;
    if (name === 'Null' && operator.set !== SetOperator.None) ctx.report('NULL_WITH_QUALIFIER', [ctx.atKey(path, block)]);
    const spellings = new Map<string, string>();
    for (const entry of block.value.entries) {
      const lower = entry.key.toLowerCase();
      const first = spellings.get(lower);
      if (first !== undefined && first !== entry.key) ctx.report('DUPLICATE_KEYS_WITH_DIFFERENT_CASE', [ctx.atKey(blockPath, entry)], { key: entry.key });
      spellings.set(lower, first ?? entry.key);
      await checkKey(ctx, statement, blockPath, entry, operator.set, name, block.key);
      checkValues(ctx, policy, [...blockPath, entry.key], entry, block.key, operator.set, operator.ifExists, name, operator.base.family?.parsePolicyValue);
    }
  }
}

function pairedKeys(ctx: CheckContext, path: Segment[], blocks: JsonEntry[]): void {
  const present = new Set(blocks.flatMap((block) => (block.value.type === 'object' ? block.value.entries.map((e) => e.key.toLowerCase()) : [])));
  for (const block of blocks) {
    if (block.value.type !== 'object') continue;
    for (const entry of block.value.entries) {
      const missing = (PAIRED_KEYS[entry.key.toLowerCase()] ?? []).filter((k) => !present.has(k.toLowerCase()));
      if (missing.length > 0) ctx.report('MISSING_PAIRED_CONDITION_KEYS', [ctx.atKey([...path, block.key], entry)], { conditionKeyName: entry.key, recommendedKeys: missing.join(', ') });
    }
  }
}

async function checkKey(ctx: CheckContext, statement: StatementModel, blockPath: Segment[], entry: JsonEntry, set: SetOperator, operatorName: string, written: string): Promise<void> {
  const at = [ctx.atKey(blockPath, entry)];
  const key = entry.key;
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) {
    ctx.report('INVALID_CONDITION_KEY_FORMAT', at);
    return;
  }
  const tagless = TAG_KEY_WITHOUT_TAG.exec(key);
  if (tagless) {
    ctx.report('MISSING_TAG_KEY_IN_CONDITION', at, { conditionKeyName: `${tagless[1]}:${tagless[2]}/` });
    return;
  }
  const prefix = key.slice(0, colon);
  if (prefix.includes('.')) return;
  if (key.toLowerCase() === 'aws:arn') {
    ctx.report('UNSUPPORTED_GLOBAL_CONDITION_KEY', at);
    return;
  }
  const info = await conditionKey(key);
  if (!info) {
    if (prefix.toLowerCase() === 'aws') ctx.report('INVALID_GLOBAL_CONDITION_KEY', at, { key });
    else if ((await serviceKeys()).has(prefix.toLowerCase())) ctx.report('INVALID_SERVICE_CONDITION_KEY', at, { key, service: prefix });
    else ctx.report('INVALID_SERVICE', at, { service: prefix });
    return;
  }
  if (prefix.toLowerCase() !== 'aws') await unsupportedActions(ctx, statement, at, key, info.key);
  const multivalued = info.type.startsWith('ArrayOf');
  const allowed = typeMismatch(info.type.replace(/^ArrayOf/, ''), operatorName);
  if (allowed) ctx.report('TYPE_MISMATCH', at, { allowed, operator: written, key });
  if (set === SetOperator.ForAllValues && !multivalued && statement.effect === 'Allow') ctx.report('FORALLVALUES_WITH_SINGLE_VALUED_KEY', at, { key });
  if (set === SetOperator.None && multivalued && operatorName !== 'Null') ctx.report('MISSING_QUALIFIER', at, { key });
}

/**
 * A service's key that some of the statement's actions (named without wildcards) do not document: the
 * condition is not evaluated for them (UNSUPPORTED_ACTION_FOR_CONDITION_KEY).
 */
async function unsupportedActions(ctx: CheckContext, statement: StatementModel, at: Location[], key: string, documented: string): Promise<void> {
  const unsupported: string[] = [];
  for (const item of statement.action?.items ?? []) {
    const colon = item.value.indexOf(':');
    if (colon <= 0 || /[*?]/.test(item.value) || item.value.includes('${')) continue;
    const keys = await actionConditionKeys(item.value.slice(0, colon), item.value.slice(colon + 1));
    if (keys && !keys.has(documented.toLowerCase())) unsupported.push(item.value);
  }
  if (unsupported.length > 0) ctx.report('UNSUPPORTED_ACTION_FOR_CONDITION_KEY', at, { actions: unsupported.join(', '), key });
}

/** The operator family a key's type takes, `Bool` for `aws:SecureTransport`; by the operator's name. */
const FAMILY_OF_TYPE: Record<string, string> = { Bool: 'Bool', IPAddress: 'IpAddress', Numeric: 'Numeric', Date: 'Date', String: 'String', ARN: 'Arn' };

/**
 * The family to use instead when the operator's family cannot compare the key's type, else undefined.
 * Lenient where AWS documents the mix: ARN keys with String operators and String keys with Arn operators
 * (ARNs are strings), Date keys with Numeric operators (aws:EpochTime), Binary and Null with any key.
 */
function typeMismatch(type: string, operatorName: string): string | undefined {
  const family = /^(String|Arn|Numeric|Date|Bool|Binary|Null)/.exec(operatorName)?.[1] ?? (operatorName.endsWith('IpAddress') ? 'IpAddress' : undefined);
  const expected = FAMILY_OF_TYPE[type];
  if (!family || !expected || family === 'Binary' || family === 'Null' || family === expected) return undefined;
  if ((expected === 'Arn' && family === 'String') || (expected === 'String' && family === 'Arn') || (expected === 'Date' && family === 'Numeric')) return undefined;
  return expected;
}

function checkValues(
  ctx: CheckContext,
  policy: PolicyModel,
  path: Segment[],
  entry: JsonEntry,
  operatorText: string,
  set: SetOperator,
  ifExists: boolean,
  operatorName: string,
  parse: ((text: string) => unknown) | undefined,
): void {
  const node = entry.value;
  if (node.type === 'array' && node.items.length === 0) {
    const code = set === SetOperator.ForAllValues ? '_FORALLVALUES' : set === SetOperator.ForAnyValue ? '_FORANYVALUE' : ifExists ? '_IFEXISTS' : '';
    ctx.report(`EMPTY_ARRAY_CONDITION${code}`, [ctx.at(path, node)], { key: entry.key });
    return;
  }
  const items: [JsonNode, Segment[]][] = node.type === 'array' ? node.items.map((n, i) => [n, [...path, i]]) : [[node, path]];
  // Values of one key are ORed: of several bounds, the widest alone grants the same.
  const bound = /^NumericLessThan(Equals)?$/.test(operatorName) ? 'greatest' : /^NumericGreaterThan(Equals)?$/.test(operatorName) ? 'least' : undefined;
  if (bound && set === SetOperator.None && items.filter(([n]) => n.type === 'number' || (n.type === 'string' && parse?.(n.value as string) !== undefined)).length > 1) {
    ctx.report('REDUNDANT_CONDITION_VALUE_NUM', [ctx.at(path, node)], { operator: operatorText, 'greatest/least': bound, key: entry.key });
  }
  if (operatorName === 'Bool' && set === SetOperator.None && items.length > 1) ctx.report('INVALID_CONDITION_MULTIPLE_BOOLEAN', [ctx.at(path, node)]);
  const family = /^(Bool|Numeric|Date)/.exec(operatorName)?.[1] ?? (operatorName.endsWith('IpAddress') ? 'Ip' : undefined);
  const valueCheck = family && VALUE_CHECKS[family];
  const known: ConditionValue[] = [];
  for (const [item, itemPath] of items) {
    if (item.type !== 'string' && item.type !== 'number' && item.type !== 'boolean') {
      ctx.report('DATA_TYPE_MISMATCH', [ctx.at(itemPath, item)], { data_type: 'String' });
      continue;
    }
    const text = String(item.value);
    known.push({ text, node: item, path: itemPath });
    const at = [ctx.at(itemPath, item)];
    if (text.includes('${')) {
      if (policy.version !== '2012-10-17') ctx.report('VARIABLE_UNSUPPORTED_IN_VERSION', at);
      continue;
    }
    if (valueCheck && parse && parse(text) === undefined) ctx.report(valueCheck, at, { operator: operatorText });
    if (/^String(Not)?Equals(IgnoreCase)?$/.test(operatorName) && /[*?]/.test(text)) ctx.report('WILDCARD_WITHOUT_LIKE_OPERATOR', at);
  }
  checkKnownValues(ctx, entry.key, operatorName, known);
}
