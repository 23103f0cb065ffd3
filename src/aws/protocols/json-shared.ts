// What the two JSON protocols (REST-JSON and JSON 1.1) share: JSON bodies read and written by the model's
// shapes, the error body, and their dialect (the JSON services name a refusal alike).
import type { AwsError, ConstraintViolation } from '../errors.js';
import { jsonErrors } from '../generated/common.js';
import { shapeOf, type ServiceModel, type Shape } from '../model.js';
import { REFUSAL_TEXTS, refusalError, type Dialect, type RefusalNames } from './protocol.js';
import { withoutNul } from './text-values.js';

const REFUSALS: RefusalNames = {
  'missing-token': { error: jsonErrors.MissingAuthenticationTokenException, message: 'Missing Authentication Token' },
  'incomplete-signature': { error: jsonErrors.IncompleteSignatureException },
  'unknown-key': { error: jsonErrors.UnrecognizedClientException, message: REFUSAL_TEXTS.invalidToken },
  'expired-token': { error: jsonErrors.ExpiredTokenException, message: REFUSAL_TEXTS.expiredToken },
  'bad-signature': { error: jsonErrors.InvalidSignatureException, message: REFUSAL_TEXTS.signatureMismatch },
  skew: { error: jsonErrors.InvalidSignatureException },
  'bad-region': { error: jsonErrors.InvalidSignatureException },
  'access-denied': { error: jsonErrors.AccessDeniedException },
};

export const jsonDialect: Dialect = {
  refusal: (refusal) => refusalError(REFUSALS, refusal),
  invalidInput: (failure) => jsonErrors.ValidationException(failure.message),
  internalFailure: () => jsonErrors.InternalServerException('An internal error occurred.'),
};

/** The body as a JSON object ({} when empty); anything else is AWS's SerializationException. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw jsonErrors.SerializationException('Could not parse request body into json: Unexpected character');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw jsonErrors.SerializationException('Start of structure or map found where not expected.');
  }
  return value as Record<string, unknown>;
}

/** A JSON body value by its shape: each value must have its shape's JSON type (a wrong type is a SerializationException). */
export function decodeJson(model: ServiceModel, shape: Shape, value: unknown, path: string, out: ConstraintViolation[]): unknown {
  if (value === null) return undefined;
  const wrongType = (): never => {
    throw jsonErrors.SerializationException(`Unexpected value type in payload at '${path}'`);
  };
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) wrongType();
      const record = value as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const wire = ref.locationName ?? name;
        if (record[wire] !== undefined) result[name] = decodeJson(model, shapeOf(model, ref), record[wire], `${path}.${name}`, out);
      }
      return result;
    }
    case 'list':
      if (!Array.isArray(value)) wrongType();
      return (value as unknown[]).map((item, i) => decodeJson(model, shapeOf(model, shape.member!), item, `${path}.${i}`, out));
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) wrongType();
      const valueShape = shapeOf(model, shape.value!);
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [withoutNul(k), decodeJson(model, valueShape, v, `${path}.${k}`, out)]),
      );
    }
    case 'string':
      if (typeof value !== 'string') wrongType();
      return withoutNul(value as string);
    case 'boolean':
      if (typeof value !== 'boolean') wrongType();
      return value;
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      if (typeof value !== 'number') wrongType();
      if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) wrongType();
      return value;
    case 'timestamp':
      if (typeof value === 'number') return new Date(value * 1000);
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
      return wrongType();
    case 'blob':
      if (typeof value !== 'string') wrongType();
      return Buffer.from(value as string, 'base64');
    default:
      return value;
  }
}


/** A value as JSON by its shape (timestamps as epoch seconds unless the shape names its format, blobs as base64); undefined for no value. */
export function encodeJson(model: ServiceModel, shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      const result: Record<string, unknown> = {};
      const record = value as Record<string, unknown>;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const encoded = encodeJson(model, shapeOf(model, ref), record[name]);
        if (encoded !== undefined) result[ref.locationName ?? name] = encoded;
      }
      return result;
    }
    case 'list':
      return (value as unknown[]).map((item) => encodeJson(model, shapeOf(model, shape.member!), item));
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, encodeJson(model, shapeOf(model, shape.value!), v)]),
      );
    case 'timestamp': {
      const date = value instanceof Date ? value : new Date(value as string);
      // The JSON protocols' default is epoch seconds; a shape may name another format (Access Analyzer's are iso8601).
      if (shape.timestampFormat === 'iso8601') return date.toISOString();
      if (shape.timestampFormat === 'rfc822') return date.toUTCString();
      return date.getTime() / 1000;
    }
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return value;
  }
}

/**
 * A JSON error's body: the message under the error shape's own member name (`Message` or `message`, from the
 * service's models when one defines the error), then the error's own fields; JSON 1.1 names the error in `__type` first.
 */
export function jsonErrorBody(error: AwsError, models: readonly ServiceModel[] | undefined, typeInBody: boolean): string {
  const shape = models?.find((m) => m.shapes[error.code])?.shapes[error.code];
  const messageKey = shape?.members && 'Message' in shape.members ? 'Message' : 'message';
  return JSON.stringify(typeInBody ? { __type: error.code, [messageKey]: error.message, ...error.fields } : { [messageKey]: error.message, ...error.fields });
}
