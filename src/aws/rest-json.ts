// The AWS REST-JSON protocol (AppIntegrations, Lex V2): operations are found by HTTP method and the
// model's URI template; input comes from URI labels, the query string, headers and a JSON body.
import { AwsError, ValidationFailure, type ConstraintViolation } from './errors.js';
import { shapeOf, type Operation, type ServiceModel, type Shape } from './model.js';
import { decodeScalar, withoutNul } from './query.js';
import { validateShape } from './validate.js';

interface Route {
  model: ServiceModel;
  operation: Operation;
  method: string;
  segments: { literal?: string; label?: string; greedy?: boolean }[];
  /** Query keys the template requires, e.g. `?tagKeys` on some UntagResource routes. */
  requiredQuery: string[];
  literalCount: number;
}

export interface RouteMatch {
  model: ServiceModel;
  operation: Operation;
  labels: Record<string, string>;
}

/** Routes for one signing name; several models may share one (Lex V2 models and runtime both sign as `lex`). */
export class RestJsonRouter {
  private readonly routes: Route[] = [];

  constructor(models: ServiceModel[]) {
    for (const model of models) {
      for (const operation of Object.values(model.operations)) this.routes.push(compileRoute(model, operation));
    }
    // Most specific first: more literal segments, then fewer greedy labels.
    this.routes.sort((a, b) => b.literalCount - a.literalCount || b.segments.length - a.segments.length);
  }

  /**
   * A trailing slash never tells two operations apart, and clients differ on it (the AWS CLI sends Lex V2's
   * `PUT /bots/` as the template says, recent SDKs for JavaScript send `PUT /bots`): it is ignored.
   */
  match(method: string, path: string, query: URLSearchParams): RouteMatch | undefined {
    const parts = path.split('/').filter((p) => p !== '');
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const labels = matchSegments(route, parts);
      if (!labels || !route.requiredQuery.every((key) => query.has(key))) continue;
      return { model: route.model, operation: route.operation, labels };
    }
    return undefined;
  }
}

function compileRoute(model: ServiceModel, operation: Operation): Route {
  const [pathPart, queryPart] = operation.http.requestUri.split('?');
  const segments = pathPart.split('/').filter((p) => p !== '').map((segment) => {
    const label = /^\{([^}+]+)(\+)?\}$/.exec(segment);
    return label ? { label: label[1], greedy: label[2] === '+' } : { literal: segment };
  });
  return {
    model,
    operation,
    method: operation.http.method,
    segments,
    requiredQuery: queryPart ? queryPart.split('&').map((kv) => kv.split('=')[0]) : [],
    literalCount: segments.filter((s) => s.literal !== undefined).length,
  };
}

function matchSegments(route: Route, parts: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (const segment of route.segments) {
    if (segment.greedy) {
      if (i >= parts.length) return undefined;
      try {
        labels[segment.label!] = parts.slice(i).map(decodeURIComponent).join('/');
      } catch {
        return undefined;
      }
      i = parts.length;
      continue;
    }
    const part = parts[i++];
    if (part === undefined) return undefined;
    if (segment.literal !== undefined) {
      if (segment.literal !== part) return undefined;
    } else {
      try {
        labels[segment.label!] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    }
  }
  return i === parts.length ? labels : undefined;
}

export interface RestRequestParts {
  labels: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function decodeRestJsonInput(model: ServiceModel, operation: Operation, request: RestRequestParts): Record<string, unknown> {
  if (!operation.input) return {};
  const shape = shapeOf(model, operation.input);
  const violations: ConstraintViolation[] = [];
  let body: Record<string, unknown> = {};
  // A blob payload is the body's raw bytes (Lex's RecognizeUtterance audio or text), never JSON.
  const blobPayload = shape.payload !== undefined && shapeOf(model, shape.members![shape.payload]).type === 'blob';
  if (request.body.length > 0 && !blobPayload) {
    try {
      body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new AwsError('SerializationException', 'Could not parse request body into json: Unexpected character', 400);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400);
    }
  }
  const input: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const memberShape = shapeOf(model, ref);
    const wireName = ref.locationName ?? name;
    switch (ref.location) {
      case 'uri':
        if (request.labels[wireName] !== undefined) input[name] = decodeScalar(memberShape, request.labels[wireName], name, violations);
        break;
      case 'querystring': {
        if (memberShape.type === 'list') {
          const values = request.query.getAll(wireName);
          if (values.length > 0) input[name] = values.map((v) => decodeScalar(shapeOf(model, memberShape.member!), v, name, violations));
        } else if (memberShape.type === 'map') {
          input[name] = Object.fromEntries(request.query);
        } else {
          const value = request.query.get(wireName);
          if (value !== null) input[name] = decodeScalar(memberShape, value, name, violations);
        }
        break;
      }
      case 'header': {
        const value = request.headers[wireName.toLowerCase()];
        if (typeof value === 'string') input[name] = decodeScalar(memberShape, value, name, violations);
        break;
      }
      default:
        if (shape.payload === name) {
          if (request.body.length > 0) input[name] = memberShape.type === 'blob' ? request.body : body;
        } else if (body[wireName] !== undefined) {
          input[name] = decodeJson(model, memberShape, body[wireName], name, violations);
        }
    }
  }
  validateShape(model, shape, input, '', violations);
  if (violations.length > 0) throw new ValidationFailure(violations);
  return input;
}

/** JSON body values: checks each value has its shape's JSON type (a wrong type is a SerializationException). */
function decodeJson(model: ServiceModel, shape: Shape, value: unknown, path: string, out: ConstraintViolation[]): unknown {
  if (value === null) return undefined;
  const wrongType = (): never => {
    throw new AwsError('SerializationException', `Unexpected value type in payload at '${path}'`, 400);
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

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or raw bytes for an operation whose payload is a blob (Lex PutSession's audio). */
  body: string | Buffer;
}

export function encodeRestJsonOutput(model: ServiceModel, operation: Operation, output: unknown): RestResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let status = operation.http.responseCode ?? 200;
  if (!operation.output) return { status, headers, body: '{}' };
  const shape = shapeOf(model, operation.output);
  const record = (output ?? {}) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  let payload: string | Buffer | undefined;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const value = record[name];
    if (value === undefined || value === null) continue;
    if (ref.location === 'header') headers[(ref.locationName ?? name).toLowerCase()] = String(value);
    else if (ref.location === 'statusCode') status = Number(value);
    else if (shape.payload === name) {
      // The payload member is the whole body: raw bytes for a blob, its own JSON for a structure.
      const payloadShape = shapeOf(model, ref);
      payload = payloadShape.type === 'blob' ? Buffer.from(value as Uint8Array) : JSON.stringify(encodeJson(model, payloadShape, value));
    } else body[ref.locationName ?? name] = encodeJson(model, shapeOf(model, ref), value);
  }
  if (shape.payload) return { status, headers, body: payload ?? '' };
  return { status, headers, body: JSON.stringify(body) };
}

function encodeJson(model: ServiceModel, shape: Shape, value: unknown): unknown {
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
      return date.getTime() / 1000;
    }
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return value;
  }
}

/** REST-JSON errors: the code in `x-amzn-ErrorType`, the message under the error shape's own member name. */
export function encodeRestJsonError(model: ServiceModel | undefined, error: AwsError): RestResponse {
  const shape = model?.shapes[error.code];
  const messageKey = shape?.members && 'Message' in shape.members ? 'Message' : 'message';
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code },
    body: JSON.stringify({ [messageKey]: error.message, ...error.fields }),
  };
}
