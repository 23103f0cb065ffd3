// The grammar checks: the document and statement elements IAM's policy grammar has, their JSON types,
// the elements each kind of policy allows (identity, resource, role trust, SCP), Sids, size quotas, and
// the empty elements that have no effect. Reads the policy into the model the other checks use.
import { JsonSyntaxError, parseJson, policySize, type JsonEntry, type JsonNode, type JsonObject } from '../../../policy/index.js';
import type { CheckContext } from './context.js';
import type { Segment } from './locations.js';
import type { ListElement, PolicyModel, StatementModel, StringItem } from './model.js';

const VERSIONS = ['2012-10-17', '2008-10-17'];
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

/** Characters other than whitespace each kind of policy may hold (AWS's default quotas). */
const SIZE_QUOTAS = { identity: 6144, scp: 5120, trust: 2048, s3Bucket: 20480 };

/** Parses and checks the grammar; undefined when the text is no JSON object (the finding is reported). */
export function readPolicy(ctx: CheckContext): PolicyModel | undefined {
  let root: JsonNode;
  try {
    root = parseJson(ctx.source.text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const at = ctx.source.at(error.position.line, error.position.column);
    const end = at.offset < ctx.source.text.length ? ctx.source.after(error.position.line, error.position.column) : at;
    ctx.report('JSON_SYNTAX_ERROR', [{ path: [], span: { start: at, end } }], { index: at.offset, line: at.line, column: at.column });
    return undefined;
  }
  if (root.type !== 'object') {
    ctx.report('DATA_TYPE_MISMATCH', [ctx.at([], root)], { data_type: 'Object' });
    return undefined;
  }
  checkSize(ctx, root);
  let version: string | undefined;
  let statementEntry: JsonEntry | undefined;
  for (const entry of root.entries) {
    if (!DOCUMENT_KEYS.has(entry.key)) ctx.report('INVALID_POLICY_ELEMENT', [ctx.atKey([], entry)], { element: entry.key });
    else if (entry.key === 'Version') {
      if (entry.value.type !== 'string') ctx.report('DATA_TYPE_MISMATCH', [ctx.at(['Version'], entry.value)], { data_type: 'String' });
      else if (!VERSIONS.includes(entry.value.value as string)) {
        ctx.report('INVALID_VERSION', [ctx.at(['Version'], entry.value)], { version: entry.value.value as string, versions: VERSIONS.join(', ') });
      } else version = entry.value.value as string;
    } else if (entry.key === 'Id') {
      if (entry.value.type !== 'string') ctx.report('DATA_TYPE_MISMATCH', [ctx.at(['Id'], entry.value)], { data_type: 'String' });
    } else statementEntry = entry;
  }
  if (!root.entries.some((e) => e.key === 'Version')) ctx.report('MISSING_VERSION', [ctx.at([], root)]);
  const statements: StatementModel[] = [];
  if (!statementEntry) {
    ctx.report('MISSING_STATEMENT', [ctx.at([], root)]);
    return { root, version, statements };
  }
  const value = statementEntry.value;
  const nodes: [JsonNode, Segment[]][] =
    value.type === 'array' ? value.items.map((node, i) => [node, ['Statement', i]]) : [[value, ['Statement']]];
  if (value.type !== 'array' && value.type !== 'object') {
    ctx.report('DATA_TYPE_MISMATCH', [ctx.at(['Statement'], value)], { data_type: 'Array' });
    return { root, version, statements };
  }
  if (value.type === 'array' && value.items.length === 0) ctx.report('MISSING_STATEMENT', [ctx.at(['Statement'], value)]);
  nodes.forEach(([node, path], index) => {
    if (node.type !== 'object') ctx.report('DATA_TYPE_MISMATCH', [ctx.at(path, node)], { data_type: 'Object' });
    else statements.push(readStatement(ctx, node, path, index));
  });
  checkSids(ctx, statements);
  return { root, version, statements };
}

function checkSize(ctx: CheckContext, root: JsonObject): void {
  const size = policySize(ctx.source.text);
  const at = [ctx.at([], root)];
  if (ctx.policyType === 'IDENTITY_POLICY' && size > SIZE_QUOTAS.identity) {
    ctx.report('POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', at, { policySize: size, policySizeQuota: SIZE_QUOTAS.identity });
  } else if (ctx.policyType === 'SERVICE_CONTROL_POLICY' && size > SIZE_QUOTAS.scp) {
    ctx.report('POLICY_SIZE_EXCEEDS_SCP_QUOTA', at, { policySize: size, policySizeQuota: SIZE_QUOTAS.scp });
  } else if (ctx.trust && size > SIZE_QUOTAS.trust) {
    ctx.report('POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', at);
  } else if (ctx.resourceType === 'AWS::S3::Bucket' && size > SIZE_QUOTAS.s3Bucket) {
    ctx.report('POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', at, { policySize: size, policySizeQuota: SIZE_QUOTAS.s3Bucket });
  }
}

function readStatement(ctx: CheckContext, node: JsonObject, path: Segment[], index: number): StatementModel {
  const field = (name: string) => node.entries.find((e) => e.key === name);
  for (const entry of node.entries) {
    if (!STATEMENT_KEYS.has(entry.key)) ctx.report('INVALID_POLICY_ELEMENT', [ctx.atKey(path, entry)], { element: entry.key });
  }
  const statement: { -readonly [K in keyof StatementModel]: StatementModel[K] } = { index, node, path };

  const sid = field('Sid');
  if (sid) {
    const sidPath = [...path, 'Sid'];
    if (sid.value.type !== 'string') ctx.report('DATA_TYPE_MISMATCH', [ctx.at(sidPath, sid.value)], { data_type: 'String' });
    else {
      const text = sid.value.value as string;
      statement.sid = { value: text, node: sid.value, path: sidPath };
      if (text === '') ctx.report('EMPTY_SID_VALUE', [ctx.at(sidPath, sid.value)]);
      // IAM stores identity policies and SCPs and takes only letters and digits there; resource policies' services take more.
      else if (ctx.policyType !== 'RESOURCE_POLICY' && !/^[0-9A-Za-z]*$/.test(text)) ctx.report('UNSUPPORTED_SID', [ctx.at(sidPath, sid.value)]);
    }
  }

  const effect = field('Effect');
  if (!effect) ctx.report('MISSING_EFFECT', [ctx.at(path, node)]);
  else if (effect.value.type !== 'string') ctx.report('DATA_TYPE_MISMATCH', [ctx.at([...path, 'Effect'], effect.value)], { data_type: 'String' });
  else if (effect.value.value === 'Allow' || effect.value.value === 'Deny') statement.effect = effect.value.value;
  else ctx.report('INVALID_EFFECT', [ctx.at([...path, 'Effect'], effect.value)], { effect: effect.value.value as string });

  statement.action = listElement(ctx, path, field('Action'));
  statement.notAction = listElement(ctx, path, field('NotAction'));
  if (statement.action && statement.notAction) combination(ctx, path, node, 'Action', 'NotAction');
  else if (!statement.action && !statement.notAction && !field('Action') && !field('NotAction')) ctx.report('MISSING_ACTION', [ctx.at(path, node)]);
  for (const element of [statement.action, statement.notAction]) {
    if (element?.entry.value.type === 'array' && element.entry.value.items.length === 0) ctx.report('EMPTY_ARRAY_ACTION', [ctx.at(element.path, element.entry.value)]);
  }

  statement.resource = listElement(ctx, path, field('Resource'));
  statement.notResource = listElement(ctx, path, field('NotResource'));
  const resourceEntries = [field('Resource'), field('NotResource')].filter((e): e is JsonEntry => e !== undefined);
  if (ctx.trust) {
    // A role trust policy names no resource: the role it is attached to is the resource.
    for (const entry of resourceEntries) ctx.report('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', [ctx.atKey(path, entry)]);
  } else {
    if (statement.resource && statement.notResource) combination(ctx, path, node, 'Resource', 'NotResource');
    else if (resourceEntries.length === 0) ctx.report('MISSING_RESOURCE', [ctx.at(path, node)]);
    for (const element of [statement.resource, statement.notResource]) {
      if (element?.entry.value.type === 'array' && element.entry.value.items.length === 0) ctx.report('EMPTY_ARRAY_RESOURCE', [ctx.at(element.path, element.entry.value)]);
    }
  }

  statement.principal = field('Principal');
  statement.notPrincipal = field('NotPrincipal');
  checkPrincipals(ctx, statement);

  const condition = field('Condition');
  if (condition) statement.condition = condition;

  if (ctx.policyType === 'SERVICE_CONTROL_POLICY') checkScpStatement(ctx, statement);
  return statement;
}

function combination(ctx: CheckContext, path: Segment[], node: JsonObject, element1: string, element2: string): void {
  ctx.report('UNSUPPORTED_ELEMENT_COMBINATION', [ctx.at(path, node)], { element1, element2 });
}

/** A string-or-array element's values; its JSON types are reported. */
function listElement(ctx: CheckContext, statementPath: Segment[], entry: JsonEntry | undefined): ListElement | undefined {
  if (!entry) return undefined;
  const path = [...statementPath, entry.key];
  const value = entry.value;
  if (value.type === 'string') return { entry, path, items: [{ value: value.value as string, node: value, path }] };
  if (value.type !== 'array') {
    ctx.report('DATA_TYPE_MISMATCH', [ctx.at(path, value)], { data_type: 'Array' });
    return undefined;
  }
  const items: StringItem[] = [];
  value.items.forEach((item, i) => {
    if (item.type === 'string') items.push({ value: item.value as string, node: item, path: [...path, i] });
    else ctx.report('DATA_TYPE_MISMATCH', [ctx.at([...path, i], item)], { data_type: 'String' });
  });
  return { entry, path, items };
}

function checkPrincipals(ctx: CheckContext, statement: StatementModel): void {
  const { path, principal, notPrincipal } = statement;
  const entries = [principal, notPrincipal].filter((e): e is JsonEntry => e !== undefined);
  if (ctx.policyType === 'IDENTITY_POLICY') {
    for (const entry of entries) ctx.report('UNSUPPORTED_PRINCIPAL', [ctx.atKey(path, entry)], { policy_type: 'identity policy' });
    return;
  }
  if (ctx.policyType === 'SERVICE_CONTROL_POLICY') {
    for (const entry of entries) ctx.report('SCP_SYNTAX_ERROR_PRINCIPAL', [ctx.atKey(path, entry)]);
    return;
  }
  if (principal && notPrincipal) {
    combination(ctx, path, statement.node, 'Principal', 'NotPrincipal');
  } else if (entries.length === 0) {
    ctx.report('MISSING_PRINCIPAL', [ctx.at(path, statement.node)]);
  }
  if (notPrincipal) {
    if (ctx.trust) ctx.report('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', [ctx.atKey(path, notPrincipal)]);
    else if (statement.effect === 'Allow') ctx.report('ALLOW_WITH_NOT_PRINCIPAL', [ctx.atKey(path, notPrincipal)]);
  }
  for (const entry of entries) principalValue(ctx, [...path, entry.key], entry.value);
}

function principalValue(ctx: CheckContext, path: Segment[], value: JsonNode): void {
  if (value.type === 'string') {
    if (value.value !== '*') ctx.report('INVALID_PRINCIPAL_FORMAT', [ctx.at(path, value)]);
    else if (ctx.trust) ctx.report('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', [ctx.at(path, value)]);
    return;
  }
  if (value.type === 'array') {
    if (value.items.length === 0) ctx.report('EMPTY_ARRAY_PRINCIPAL', [ctx.at(path, value)]);
    else ctx.report('INVALID_PRINCIPAL_FORMAT', [ctx.at(path, value)]);
    return;
  }
  if (value.type !== 'object') {
    ctx.report('INVALID_PRINCIPAL_FORMAT', [ctx.at(path, value)]);
    return;
  }
  if (value.entries.length === 0) ctx.report('EMPTY_OBJECT_PRINCIPAL', [ctx.at(path, value)]);
  for (const entry of value.entries) {
    if (!PRINCIPAL_KEYS.has(entry.key)) {
      ctx.report('INVALID_PRINCIPAL_KEY', [ctx.atKey(path, entry)], { 'principal-key': entry.key });
      continue;
    }
    const at = [...path, entry.key];
    const items = entry.value.type === 'array' ? entry.value.items.map((n, i) => [n, [...at, i]] as const) : [[entry.value, at] as const];
    if (entry.value.type === 'array' && entry.value.items.length === 0) ctx.report('EMPTY_ARRAY_PRINCIPAL', [ctx.at(at, entry.value)]);
    for (const [item, itemPath] of items) {
      if (item.type !== 'string') ctx.report('DATA_TYPE_MISMATCH', [ctx.at(itemPath, item)], { data_type: 'String' });
      else if (ctx.trust && entry.key === 'AWS' && item.value === '*') ctx.report('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', [ctx.at(itemPath, item)]);
    }
  }
}

/** The restrictions of AWS Organizations' SCP grammar, as the check reference documents them. */
function checkScpStatement(ctx: CheckContext, statement: StatementModel): void {
  const { path } = statement;
  if (statement.notResource) ctx.report('SCP_SYNTAX_ERROR_NOTRESOURCE', [ctx.atKey(path, statement.notResource.entry)]);
  for (const element of [statement.action, statement.notAction]) {
    for (const item of element?.items ?? []) {
      const star = item.value.indexOf('*');
      if (item.value !== '*' && star >= 0 && star < item.value.length - 1) ctx.report('SCP_SYNTAX_ERROR_ACTION_WILDCARD', [ctx.at(item.path, item.node)], { action: item.value });
    }
  }
  if (statement.effect !== 'Allow') return;
  if (statement.condition) ctx.report('SCP_SYNTAX_ERROR_ALLOW_CONDITION', [ctx.atKey(path, statement.condition)]);
  if (statement.notAction) ctx.report('SCP_SYNTAX_ERROR_ALLOW_NOTACTION', [ctx.atKey(path, statement.notAction.entry)]);
  for (const item of statement.resource?.items ?? []) {
    if (item.value !== '*') ctx.report('SCP_SYNTAX_ERROR_ALLOW_RESOURCE', [ctx.at(item.path, item.node)]);
  }
}

/** Duplicate Sids: an error where IAM or Organizations store the policy, a warning in resource policies. */
function checkSids(ctx: CheckContext, statements: StatementModel[]): void {
  const seen = new Set<string>();
  for (const { sid } of statements) {
    if (!sid || sid.value === '') continue;
    if (seen.has(sid.value)) {
      ctx.report(ctx.policyType === 'RESOURCE_POLICY' ? 'UNIQUE_SIDS_RECOMMENDED' : 'UNIQUE_SIDS_REQUIRED', [ctx.at(sid.path, sid.node)]);
    }
    seen.add(sid.value);
  }
}
