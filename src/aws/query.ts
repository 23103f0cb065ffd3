// The AWS Query protocol (IAM, STS): form-encoded input named after the model's members
// (`Tags.member.1.Key`), XML output wrapped in `<OpResponse><OpResult>` with ResponseMetadata.
import { XMLBuilder } from 'fast-xml-parser';
import { AwsError, ValidationFailure, type ConstraintViolation } from './errors.js';
import { shapeOf, type Operation, type ServiceModel, type Shape, type ShapeRef } from './model.js';
import { validateShape } from './validate.js';

export function decodeQueryInput(model: ServiceModel, operation: Operation, params: URLSearchParams): Record<string, unknown> {
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

/**
 * Text as the stores can keep it: PostgreSQL text cannot hold NUL, so a NUL in any input string becomes
 * U+FFFD on every store alike (a lookup by such a name then finds nothing, instead of failing).
 */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

export function decodeScalar(shape: Shape, raw: string, path: string, out: ConstraintViolation[]): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const n = Number(raw);
      const ok = raw.trim() !== '' && Number.isFinite(n) && (shape.type === 'double' || shape.type === 'float' || Number.isInteger(n));
      if (!ok) out.push({ path, value: raw, constraint: `Member must be a valid ${shape.type}` });
      return ok ? n : undefined;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') out.push({ path, value: raw, constraint: 'Member must be a boolean' });
      return raw === 'true';
    case 'timestamp': {
      const date = /^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
      if (Number.isNaN(date.getTime())) out.push({ path, value: raw, constraint: 'Member must be a valid timestamp' });
      return date;
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return withoutNul(raw);
  }
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, processEntities: true });

export function encodeQueryOutput(model: ServiceModel, operationName: string, output: unknown, requestId: string): string {
  const operation = model.operations[operationName];
  const body: Record<string, unknown> = { '@_xmlns': model.metadata.xmlNamespace };
  if (operation.output?.resultWrapper) {
    body[operation.output.resultWrapper] = encodeValue(model, shapeOf(model, operation.output), output ?? {}) ?? '';
  }
  body.ResponseMetadata = { RequestId: requestId };
  return builder.build({ [`${operationName}Response`]: body }) as string;
}

function encodeValue(model: ServiceModel, shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      const result: Record<string, unknown> = {};
      const record = value as Record<string, unknown>;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const encoded = encodeValue(model, shapeOf(model, ref), record[name]);
        if (encoded !== undefined) result[(ref as ShapeRef).locationName ?? name] = encoded;
      }
      return result;
    }
    case 'list': {
      const items = (value as unknown[]).map((item) => encodeValue(model, shapeOf(model, shape.member!), item));
      if (items.length === 0) return '';
      return { [shape.member!.locationName ?? 'member']: items };
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => ({
        key: k,
        value: encodeValue(model, shapeOf(model, shape.value!), v),
      }));
      return entries.length === 0 ? '' : { entry: entries };
    }
    case 'timestamp':
      return isoSeconds(value as Date | string);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return String(value);
  }
}

/** IAM writes timestamps as ISO 8601 with whole seconds: 2025-03-13T10:21:44Z. */
export function isoSeconds(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function encodeQueryError(namespace: string, error: AwsError, requestId: string): string {
  return builder.build({
    ErrorResponse: {
      '@_xmlns': namespace,
      Error: { Type: error.senderFault ? 'Sender' : 'Receiver', Code: error.code, Message: error.message },
      RequestId: requestId,
    },
  }) as string;
}
