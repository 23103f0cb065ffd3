// The AWS REST-JSON protocol (AppIntegrations, Lex V2): the operation is found by HTTP method and the model's
// URI template; input comes from URI labels, the query string, headers and a JSON body (or a blob payload);
// output members go to headers, the status code and the body; the error's code is in `x-amzn-ErrorType`.
import { AwsError, ValidationFailure, type ConstraintViolation } from '../errors.js';
import { encodeError, encodeEvent, encodeException, EVENT_STREAM_CONTENT_TYPE } from '../event-stream.js';
import { jsonErrors } from '../generated/common.js';
import { shapeOf, type Operation, type ServiceModel, type Shape } from '../model.js';
import type { IncomingSignedRequest, InputEvent } from '../sigv4.js';
import { validateShape } from '../validate.js';
import { decodeJson, encodeJson, jsonDialect, jsonErrorBody, parseJsonBody } from './json-shared.js';
import type { HttpAnswer, OperationMatch, Protocol, ServiceWire } from './protocol.js';
import { decodeScalar } from './text-values.js';

interface Route {
  model: ServiceModel;
  operation: Operation;
  method: string;
  segments: { literal?: string; label?: string; greedy?: boolean }[];
  /** Query keys the template requires, e.g. `?tagKeys` on some UntagResource routes. */
  requiredQuery: string[];
  literalCount: number;
}

interface RestMatch extends OperationMatch {
  labels: Record<string, string>;
  query: URLSearchParams;
}

export const restJsonProtocol: Protocol = {
  ...jsonDialect,
  // A REST request carries no mark of its protocol: it is what a request of no other shape is taken for.
  looksLike: () => true,
  addressedByShape: false,
  bind(models, implemented): ServiceWire<RestMatch> {
    const router = new RestJsonRouter(models);
    return {
      match(request) {
        const query = new URLSearchParams(request.rawQuery);
        const match = router.match(request.method, request.rawPath, query);
        if (!match || !implemented(match.operation.name)) return jsonErrors.UnknownOperationException(`No operation matches ${request.method} ${request.rawPath}`);
        return match;
      },
      decode: decodeRestJsonInput,
      encodeOutput: (match, output) => encodeRestJsonOutput(match.model, match.operation, output),
    };
  },
  encodeError(error, _requestId, models) {
    return { status: error.status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code }, body: jsonErrorBody(error, models, false) };
  },
};

/** Routes for one signing name; several models may share one (Lex V2 models and runtime both sign as `lex`). */
class RestJsonRouter {
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
  match(method: string, path: string, query: URLSearchParams): RestMatch | undefined {
    const parts = path.split('/').filter((p) => p !== '');
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const labels = matchSegments(route, parts);
      if (!labels || !route.requiredQuery.every((key) => query.has(key))) continue;
      return { model: route.model, operation: route.operation, labels, query };
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

function decodeRestJsonInput({ model, operation, labels, query }: RestMatch, request: IncomingSignedRequest): Record<string, unknown> {
  if (!operation.input) return {};
  const shape = shapeOf(model, operation.input);
  const violations: ConstraintViolation[] = [];
  // A blob payload is the body's raw bytes (Lex's RecognizeUtterance audio or text), never JSON.
  const payloadShape = shape.payload === undefined ? undefined : shapeOf(model, shape.members![shape.payload]);
  const blobPayload = payloadShape?.type === 'blob';
  // An event stream payload is the request's signed events (Lex's StartConversation), decoded as they arrive.
  const eventStream = payloadShape?.eventstream === true;
  const body = blobPayload || eventStream ? {} : parseJsonBody(request.body);
  const input: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const memberShape = shapeOf(model, ref);
    const wireName = ref.locationName ?? name;
    switch (ref.location) {
      case 'uri':
        if (labels[wireName] !== undefined) input[name] = decodeScalar(memberShape, labels[wireName], name, violations);
        break;
      case 'querystring': {
        if (memberShape.type === 'list') {
          const values = query.getAll(wireName);
          if (values.length > 0) input[name] = values.map((v) => decodeScalar(shapeOf(model, memberShape.member!), v, name, violations));
        } else if (memberShape.type === 'map') {
          input[name] = Object.fromEntries(query);
        } else {
          const value = query.get(wireName);
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
          if (eventStream) {
            if (request.events) input[name] = decodeInputEvents(model, memberShape, request.events);
          } else if (request.body.length > 0) input[name] = memberShape.type === 'blob' ? request.body : body;
        } else if (body[wireName] !== undefined) {
          input[name] = decodeJson(model, memberShape, body[wireName], name, violations);
        }
    }
  }
  // The events are checked one by one as they come; here only that the stream is there.
  validateShape(model, shape, eventStream && input[shape.payload!] ? { ...input, [shape.payload!]: {} } : input, '', violations);
  if (violations.length > 0) throw new ValidationFailure(violations);
  return input;
}

/** Each input event as its member of the stream's union (`{ TextInputEvent: {...} }`), decoded and checked by its shape. */
async function* decodeInputEvents(model: ServiceModel, union: Shape, events: AsyncIterable<InputEvent>): AsyncGenerator<Record<string, unknown>> {
  for await (const event of events) {
    const ref = event.messageType === 'event' && Object.hasOwn(union.members ?? {}, event.eventType) ? union.members![event.eventType] : undefined;
    if (!ref) {
      throw jsonErrors.ValidationException(`The event type '${event.eventType}' is not one of this stream's: ${Object.keys(union.members ?? {}).join(', ')}.`);
    }
    const shape = shapeOf(model, ref);
    const violations: ConstraintViolation[] = [];
    const value = decodeJson(model, shape, parseJsonBody(Buffer.from(event.body)), event.eventType, violations);
    validateShape(model, shape, value, event.eventType, violations);
    if (violations.length > 0) throw new ValidationFailure(violations);
    yield { [event.eventType]: value };
  }
}

function encodeRestJsonOutput(model: ServiceModel, operation: Operation, output: unknown): HttpAnswer {
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
      // The payload member is the whole body: raw bytes for a blob, its own JSON for a structure, messages for an event stream.
      const payloadShape = shapeOf(model, ref);
      if (payloadShape.eventstream) {
        headers['content-type'] = EVENT_STREAM_CONTENT_TYPE;
        return { status, headers, body: encodeOutputEvents(model, payloadShape, value as AsyncIterable<Record<string, unknown>>) };
      }
      payload = payloadShape.type === 'blob' ? Buffer.from(value as Uint8Array) : JSON.stringify(encodeJson(model, payloadShape, value));
    } else body[ref.locationName ?? name] = encodeJson(model, shapeOf(model, ref), value);
  }
  if (shape.payload) return { status, headers, body: payload ?? '' };
  return { status, headers, body: JSON.stringify(body) };
}

/**
 * Each output event as an event message. A failure ends the stream with its error: an exception of the union
 * (ResourceNotFoundException, ValidationException, ...) as an exception message, any other as an error message.
 */
async function* encodeOutputEvents(model: ServiceModel, union: Shape, events: AsyncIterable<Record<string, unknown>>): AsyncGenerator<Uint8Array> {
  try {
    for await (const event of events) {
      for (const [name, value] of Object.entries(event)) {
        const ref = union.members?.[name];
        if (!ref) throw new Error(`${name} is not an event of this stream`);
        const shape = shapeOf(model, ref);
        const payload = Buffer.from(JSON.stringify(encodeJson(model, shape, value) ?? {}));
        yield await (shape.exception ? encodeException(name, payload) : encodeEvent(name, payload));
      }
    }
  } catch (thrown) {
    let error: AwsError;
    if (thrown instanceof AwsError) error = thrown;
    else if (thrown instanceof ValidationFailure) error = restJsonProtocol.invalidInput(thrown);
    else {
      console.error('linkedrole: an event stream failed:', thrown);
      error = restJsonProtocol.internalFailure();
    }
    const modelled = (code: string) => union.members !== undefined && Object.hasOwn(union.members, code);
    // As for an operation's own errors (runOperation): under the test runner's LINKEDROLE_STRICT_ERRORS=1, an error
    // that is neither one of the stream's exceptions nor a common error of the protocol is a bug of ours.
    if (!modelled(error.code) && !Object.hasOwn(jsonErrors, error.code) && process.env.LINKEDROLE_STRICT_ERRORS === '1') {
      console.error(`linkedrole: an event stream ended with ${error.code}, which is neither an exception of the stream nor a common error`);
      error = restJsonProtocol.internalFailure();
    }
    if (modelled(error.code)) yield await encodeException(error.code, Buffer.from(jsonErrorBody(error, [model], false)));
    else yield await encodeError(error.code, error.message);
  }
}
