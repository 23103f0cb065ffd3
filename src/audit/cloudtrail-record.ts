// A call's input and output as CloudTrail writes them into an event: `requestParameters` and
// `responseElements`. Walked from the service model's shapes (only modelled members are written), with
// CloudTrail's conventions, each seen in events recorded from real AWS (docs/cloudtrail.md lists them):
// - member names with their first letter lowercased (`AWSServiceName` -> `aWSServiceName`, `RoleName` ->
//   `roleName`); map keys are the caller's data and stay as they are;
// - members whose shape the model marks sensitive are left out (a SecretAccessKey, a password), binary
//   payloads too; an input with nothing left is `null`, as CloudTrail writes it;
// - the responses of reads (Get/List/Describe...) are not written: `null`, except the calls whose answer is
//   new credentials (GetSessionToken, GetFederationToken), written as AssumeRole's are;
// - timestamps in Java's medium US format, as IAM (`Aug 1, 2024 1:33:28 PM`) and STS and the other
//   services (`Nov 30, 2024, 8:43:17 PM`) write them, in UTC.
// Hand-written: no library maps a botocore shape tree to CloudTrail's JSON.
import type { ServiceModel, Shape, ShapeRef } from '../aws/model.js';

/** The text of a request's event fields, built once and stored as they are. */
export interface CallFields {
  /** JSON text of requestParameters ('null' when there are none). */
  requestParameters: string;
  /** JSON text of responseElements ('null' for a read or a failed call). */
  responseElements: string;
  /** The call's error as CloudTrail names it, when it failed. */
  errorCode?: string;
  errorMessage?: string;
}

/** What the dispatcher knows of a call once it is answered. */
export interface AnsweredCall {
  model: ServiceModel;
  operation: string;
  input: unknown;
  output?: unknown;
  error?: { code: string; message: string };
}

/** Operations whose names start so only read state: the dispatcher stores their events lazily. */
export const READ_PREFIXES = ['Get', 'List', 'Describe', 'Lookup', 'Simulate'];

export function isReadOnly(eventName: string): boolean {
  return READ_PREFIXES.some((p) => eventName.startsWith(p));
}

/**
 * CloudTrail's `readOnly`, where it differs from the names: AssumeRole is a read to CloudTrail, and
 * GetFederationToken a write (both as real events show them).
 */
export const READ_ONLY_EXCEPTIONS: Readonly<Record<string, boolean>> = { AssumeRole: true, GetFederationToken: false };

export function isCloudTrailReadOnly(eventName: string): boolean {
  return READ_ONLY_EXCEPTIONS[eventName] ?? isReadOnly(eventName);
}

/**
 * Data events (operations on or in a resource, not on its configuration), by event source: Amazon S3's
 * object operations and Lex V2's runtime. CloudTrail logs them apart, and LookupEvents never returns them.
 */
export const DATA_EVENTS: Readonly<Record<string, readonly string[]>> = {
  's3.amazonaws.com': ['GetObject', 'PutObject'],
  'lex.amazonaws.com': ['RecognizeText', 'RecognizeUtterance', 'StartConversation', 'PutSession', 'GetSession', 'DeleteSession'],
};

export function eventCategory(eventSource: string, eventName: string): 'Management' | 'Data' {
  return DATA_EVENTS[eventSource]?.includes(eventName) ? 'Data' : 'Management';
}

/** CloudTrail's resource types for the ARNs linkedrole writes, by `service:resource-type`. */
const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'iam:role': 'AWS::IAM::Role',
  'iam:user': 'AWS::IAM::User',
  'iam:group': 'AWS::IAM::Group',
  'iam:policy': 'AWS::IAM::Policy',
  'app-integrations:data-integration': 'AWS::AppIntegrations::DataIntegration',
  'app-integrations:event-integration': 'AWS::AppIntegrations::EventIntegration',
  'lex:bot': 'AWS::Lex::Bot',
  'lex:bot-alias': 'AWS::Lex::BotAlias',
  'appflow:flow': 'AWS::AppFlow::Flow',
  'appflow:connector-profile': 'AWS::AppFlow::ConnectorProfile',
};

/** CloudTrail's resource type of an ARN (stored with each event for LookupEvents' ResourceType). */
export function resourceType(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const type = parts.slice(5).join(':').split(/[/:]/)[0];
  return RESOURCE_TYPES[`${parts[2]}:${type}`];
}

/** Reads whose answer is written all the same: the credentials they hand out (secrets left out). */
const CREDENTIAL_READS = new Set(['GetSessionToken', 'GetFederationToken']);

export function callFields(call: AnsweredCall): CallFields {
  const operation = call.model.operations[call.operation];
  const style = call.model.metadata.endpointPrefix === 'iam' ? 'iam' : 'default';
  const parameters = operation?.input ? toCloudTrail(call.model, operation.input, call.input, style) : undefined;
  const writesResponse = !isReadOnly(call.operation) || CREDENTIAL_READS.has(call.operation);
  const response = !call.error && writesResponse && operation?.output ? toCloudTrail(call.model, operation.output, call.output, style) : undefined;
  const fields: CallFields = { requestParameters: jsonOrNull(parameters), responseElements: jsonOrNull(response) };
  if (call.error) {
    fields.errorCode = cloudTrailErrorCode(call.model, call.error.code);
    fields.errorMessage = call.error.message;
  }
  return fields;
}

/**
 * CloudTrail names a modelled error by its shape (IAM's `NoSuchEntity` is `NoSuchEntityException`, as
 * its events show); an error the model does not list (AccessDenied) keeps its code.
 */
export function cloudTrailErrorCode(model: ServiceModel, code: string): string {
  let names = errorNames.get(model);
  if (!names) {
    names = new Map();
    for (const [name, shape] of Object.entries(model.shapes)) if (shape.exception) names.set(shape.error?.code ?? name, name);
    errorNames.set(model, names);
  }
  return names.get(code) ?? code;
}

/** Each model's error shape names by their wire code. */
const errorNames = new WeakMap<ServiceModel, Map<string, string>>();

/** An empty object or nothing is written as null. */
function jsonOrNull(value: unknown): string {
  if (value === undefined || (isPlainObject(value) && Object.keys(value).length === 0)) return 'null';
  return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A structure's members with the names CloudTrail writes them under (the first letter lowercased). */
const memberLists = new WeakMap<Shape, [string, ShapeRef, string][]>();
function membersOf(shape: Shape): [string, ShapeRef, string][] {
  let members = memberLists.get(shape);
  if (!members) {
    members = Object.entries(shape.members ?? {}).map(([name, ref]) => [name, ref, name.charAt(0).toLowerCase() + name.slice(1)]);
    memberLists.set(shape, members);
  }
  return members;
}

/** `value` of shape `ref` in CloudTrail's form; undefined when CloudTrail leaves it out. */
export function toCloudTrail(model: ServiceModel, ref: Pick<ShapeRef, 'shape'>, value: unknown, style: 'iam' | 'default' = 'default'): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = model.shapes[ref.shape];
  if (!shape) return undefined;
  if (shape.sensitive) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [name, member, written] of membersOf(shape)) {
        if (!Object.hasOwn(value, name)) continue;
        const converted = toCloudTrail(model, member, value[name], style);
        if (converted !== undefined) out[written] = converted;
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) return undefined;
      return value.map((item) => toCloudTrail(model, shape.member!, item, style)).filter((item) => item !== undefined);
    case 'map': {
      if (!isPlainObject(value)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const converted = toCloudTrail(model, shape.value!, item, style);
        if (converted !== undefined) out[key] = converted;
      }
      return out;
    }
    case 'timestamp':
      return cloudTrailDate(value, style);
    case 'blob':
      return undefined;
    default:
      return value;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * Java's medium date-time style for en-US, in UTC: `Nov 30, 2024, 8:43:17 PM`; IAM writes it without
 * the comma after the year. Written out: Intl.DateTimeFormat gives the same text at twenty times the cost.
 */
export function cloudTrailDate(value: unknown, style: 'iam' | 'default' = 'default'): string | undefined {
  const date = value instanceof Date ? value : new Date(value as string | number);
  if (Number.isNaN(date.getTime())) return undefined;
  const hours = date.getUTCHours();
  const time = `${hours % 12 === 0 ? 12 : hours % 12}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
  const day = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
  return style === 'iam' ? `${day} ${time}` : `${day}, ${time}`;
}
