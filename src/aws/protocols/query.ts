// The AWS Query protocol (IAM, STS): the operation is the `Action` parameter; form-encoded input named after
// the model's members (`Tags.member.1.Key`), in the query string or the body; XML output wrapped in
// `<OpResponse><OpResult>` with ResponseMetadata; errors as `<ErrorResponse>`.
import { XmlNode, XmlText } from '@aws-sdk/xml-builder';
import { ValidationFailure, type AwsError, type ConstraintViolation } from '../errors.js';
import { queryErrors } from '../generated/common.js';
import { shapeOf, type Operation, type ServiceModel, type Shape } from '../model.js';
import { validateShape } from '../validate.js';
import { own, REFUSAL_TEXTS, refusalError, type OperationMatch, type Protocol, type RefusalNames, type ServiceWire } from './protocol.js';
import { decodeScalar, withoutNul } from './text-values.js';

interface QueryMatch extends OperationMatch {
  /** The query string's parameters, then the form body's. */
  params: URLSearchParams;
}

const REFUSALS: RefusalNames = {
  'missing-token': { error: queryErrors.MissingAuthenticationToken, message: 'Request is missing Authentication Token' },
  'incomplete-signature': { error: queryErrors.IncompleteSignature },
  'unknown-key': { error: queryErrors.InvalidClientTokenId, message: REFUSAL_TEXTS.invalidToken },
  'expired-token': { error: queryErrors.ExpiredToken, message: REFUSAL_TEXTS.expiredToken },
  'bad-signature': { error: queryErrors.SignatureDoesNotMatch, message: REFUSAL_TEXTS.signatureMismatch },
  // "Signature expired: ... is now earlier than ..." / "Signature not yet current: ..." (sigv4.ts's text).
  skew: { error: queryErrors.SignatureDoesNotMatch },
  // "Credential should be scoped to a valid region, not 'xx'. " (sigv4.ts's text).
  'bad-region': { error: queryErrors.SignatureDoesNotMatch },
  'access-denied': { error: queryErrors.AccessDenied },
};

/** The namespace of an error answered before the service is known (IAM's). */
const DEFAULT_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** A form body, or an Action parameter in the query string. */
const ACTION_IN_QUERY = /(^|&)Action=/;

export const queryProtocol: Protocol = {
  looksLike(request) {
    return String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') || ACTION_IN_QUERY.test(request.rawQuery);
  },
  // IAM and STS have endpoints of their own: a Query-shaped request signed for a JSON service was meant for them.
  addressedByShape: true,
  bind(models, implemented): ServiceWire<QueryMatch> {
    const model = models[0];
    return {
      match(request) {
        const params = new URLSearchParams(request.rawQuery);
        if (request.body.length > 0) for (const [k, v] of new URLSearchParams(request.body.toString('utf8'))) params.append(k, v);
        const action = params.get('Action');
        if (!action) return queryErrors.MissingAction('Missing Action');
        const operation = own(model.operations, action);
        if (!operation || !implemented(action)) return queryErrors.InvalidAction(`Could not find operation ${action} for version ${model.metadata.apiVersion}`);
        return { model, operation, params };
      },
      decode(match) {
        return decodeQueryInput(match.model, match.operation, match.params);
      },
      encodeOutput(match, output, requestId) {
        return { status: 200, headers: { 'content-type': 'text/xml' }, body: encodeQueryOutput(match.model, match.operation, output, requestId) };
      },
    };
  },
  encodeError(error, requestId, models) {
    const namespace = models?.[0].metadata.xmlNamespace ?? DEFAULT_NAMESPACE;
    return { status: error.status, headers: { 'content-type': 'text/xml' }, body: encodeQueryError(namespace, error, requestId) };
  },
  refusal: (refusal) => refusalError(REFUSALS, refusal),
  invalidInput: (failure) => queryErrors.ValidationError(failure.message),
  internalFailure: () => queryErrors.ServiceFailure('The request processing has failed because of an unknown error, exception or failure.'),
};

function decodeQueryInput(model: ServiceModel, operation: Operation, params: URLSearchParams): Record<string, unknown> {
  if (!operation.input) return {};
  const flat = new Map<string, string>();
  for (const [key, value] of params) flat.set(key, value);
  const violations: ConstraintViolation[] = [];
  const shape = shapeOf(model, operation.input);
  const input = (decodeValue(model, shape, '', flat, violations) ?? {}) as Record<string, unknown>;
  validateShape(model, shape, input, '', violations);
  if (violations.length > 0) throw new ValidationFailure(violations);
  return input;
}
function decodeValue(model: ServiceModel, shape: Shape, prefix: string, flat: Map<string, string>, out: ConstraintViolation[]): unknown {
  switch (shape.type) {
    case 'structure': {
      const result: Record<string, unknown> = {};
      let any = prefix === '';
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const key = prefix ? `${prefix}.${ref.locationName ?? name}` : (ref.locationName ?? name);
        const value = decodeValue(model, shapeOf(model, ref), key, flat, out);
        if (value !== undefined) {
          result[name] = value;
          any = true;
        }
      }
      return any ? result : undefined;
    }
    case 'list': {
      // `Name=` with an empty value is how the Query protocol sends an empty list.
      if (flat.get(prefix) === '') return [];
      const member = shape.member!;
      const base = shape.flattened ? prefix : `${prefix}.${member.locationName ?? 'member'}`;
      const indices = collectIndices(flat, base);
      if (indices.length === 0) return undefined;
      const memberShape = shapeOf(model, member);
      return indices.map((i) => decodeValue(model, memberShape, `${base}.${i}`, flat, out));
    }
    case 'map': {
      const base = shape.flattened ? prefix : `${prefix}.entry`;
      const indices = collectIndices(flat, base);
      if (indices.length === 0) return undefined;
      const result: Record<string, unknown> = {};
      const valueShape = shapeOf(model, shape.value!);
      for (const i of indices) {
        const key = flat.get(`${base}.${i}.${shape.key?.locationName ?? 'key'}`);
        if (key !== undefined) result[withoutNul(key)] = decodeValue(model, valueShape, `${base}.${i}.${shape.value?.locationName ?? 'value'}`, flat, out);
      }
      return result;
    }
    default: {
      const raw = flat.get(prefix);
      return raw === undefined ? undefined : decodeScalar(shape, raw, prefix, out);
    }
  }
}

function collectIndices(flat: Map<string, string>, base: string): number[] {
  const indices = new Set<number>();
  const head = `${base}.`;
  for (const key of flat.keys()) {
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    const dot = rest.indexOf('.');
    const n = Number(dot === -1 ? rest : rest.slice(0, dot));
    if (Number.isInteger(n) && n > 0) indices.add(n);
  }
  return [...indices].sort((a, b) => a - b);
}

// Output is written as text straight from the model's shapes (no node tree to build and walk again), exactly as
// the AWS SDK's own XML builder (@aws-sdk/xml-builder) writes the same elements: text escaped by its XmlText, an
// element without children written `<Name/>`, one holding text (even empty) `<Name></Name>`. Building XmlNodes
// for every member and then serializing them cost about twice as much per GetRole.
function encodeQueryOutput(model: ServiceModel, operation: Operation, output: unknown, requestId: string): string {
  const wrapper = operation.output?.resultWrapper;
  const result = wrapper ? writeElement(model, shapeOf(model, operation.output!), wrapper, output ?? {}) : '';
  return `${responseOpenTag(model, operation)}${result}<ResponseMetadata><RequestId>${xmlText(requestId)}</RequestId></ResponseMetadata></${operation.name}Response>`;
}

/** `<OperationResponse xmlns="...">`, written by the SDK's builder once per operation (its attribute escaping). */
const openTags = new WeakMap<Operation, string>();

function responseOpenTag(model: ServiceModel, operation: Operation): string {
  let tag = openTags.get(operation);
  if (tag === undefined) {
    const empty = new XmlNode(`${operation.name}Response`).addAttribute('xmlns', model.metadata.xmlNamespace!).toString();
    tag = `${empty.slice(0, -2)}>`;
    openTags.set(operation, tag);
  }
  return tag;
}

/** The characters the SDK's XmlText escapes; text without any is written as it is. */
const NEEDS_ESCAPE = /[&"'<>\r\n\u0085\u2028]/;

function xmlText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? new XmlText(text).toString() : text;
}

/** A structure's members with their shapes and element names, worked out once per shape. */
const membersByShape = new WeakMap<Shape, { member: string; shape: Shape; element: string }[]>();

function outputMembers(model: ServiceModel, shape: Shape): { member: string; shape: Shape; element: string }[] {
  let members = membersByShape.get(shape);
  if (!members) {
    members = Object.entries(shape.members ?? {}).map(([member, ref]) => ({ member, shape: shapeOf(model, ref), element: ref.locationName ?? member }));
    membersByShape.set(shape, members);
  }
  return members;
}

/** An element holding `children` (already written): `<name/>` when there are none, as the SDK's builder writes it. */
function element(name: string, children: string): string {
  return children === '' ? `<${name}/>` : `<${name}>${children}</${name}>`;
}

/** `value` as the element `name` (members in the model's order), or '' when there is no value. */
function writeElement(model: ServiceModel, shape: Shape, name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (shape.type) {
    case 'structure': {
      const record = value as Record<string, unknown>;
      let children = '';
      for (const { member, shape: memberShape, element: memberName } of outputMembers(model, shape)) children += writeElement(model, memberShape, memberName, record[member]);
      return element(name, children);
    }
    case 'list': {
      const memberShape = shapeOf(model, shape.member!);
      const memberName = shape.member!.locationName ?? 'member';
      let children = '';
      for (const item of value as unknown[]) children += writeElement(model, memberShape, memberName, item);
      return element(name, children);
    }
    case 'map': {
      const valueShape = shapeOf(model, shape.value!);
      let children = '';
      for (const [key, entryValue] of Object.entries(value as Record<string, unknown>)) {
        children += `<entry><key>${xmlText(key)}</key>${writeElement(model, valueShape, 'value', entryValue)}</entry>`;
      }
      return element(name, children);
    }
    case 'timestamp':
      return `<${name}>${xmlText(isoSeconds(value as Date | string))}</${name}>`;
    case 'boolean':
      return `<${name}>${value ? 'true' : 'false'}</${name}>`;
    case 'blob':
      return `<${name}>${Buffer.from(value as Uint8Array).toString('base64')}</${name}>`;
    default:
      return `<${name}>${xmlText(String(value))}</${name}>`;
  }
}

/** IAM writes timestamps as ISO 8601 with whole seconds: 2025-03-13T10:21:44Z (toISOString always ends in .sssZ). */
function isoSeconds(value: Date | string): string {
  const iso = (value instanceof Date ? value : new Date(value)).toISOString();
  return `${iso.slice(0, -5)}Z`;
}

function encodeQueryError(namespace: string, error: AwsError, requestId: string): string {
  return new XmlNode('ErrorResponse')
    .addAttribute('xmlns', namespace)
    .addChildNode(
      new XmlNode('Error')
        .addChildNode(XmlNode.of('Type', error.senderFault ? 'Sender' : 'Receiver'))
        .addChildNode(XmlNode.of('Code', error.code))
        .addChildNode(XmlNode.of('Message', error.message)),
    )
    .addChildNode(XmlNode.of('RequestId', requestId))
    .toString();
}
