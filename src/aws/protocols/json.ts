// The AWS JSON 1.1 protocol (CloudTrail): every request is a POST whose `X-Amz-Target` header names the
// operation (`<service prefix>.<Operation>`); input and output are JSON bodies; errors name their code in
// `x-amzn-ErrorType` and in the body's `__type`.
import { AwsError, ValidationFailure, type ConstraintViolation } from '../errors.js';
import { jsonErrors } from '../generated/common.js';
import { shapeOf, type Operation, type ServiceModel } from '../model.js';
import { validateShape } from '../validate.js';
import { decodeJson, encodeJson, jsonDialect, jsonErrorBody, parseJsonBody } from './json-shared.js';
import { own, type OperationMatch, type Protocol, type ServiceWire } from './protocol.js';

export const jsonProtocol: Protocol = {
  ...jsonDialect,
  looksLike: (request) => Boolean(request.headers['x-amz-target']),
  addressedByShape: false,
  bind(models, implemented): ServiceWire {
    const model = models[0];
    return {
      match(request) {
        const target = String(request.headers['x-amz-target'] ?? '');
        const name = target.slice(target.lastIndexOf('.') + 1);
        const operation = own(model.operations, name);
        // JSON 1.1 answers an unknown target with 400, where REST-JSON's unmatched route is a 404.
        if (!operation || !implemented(name)) return new AwsError(jsonErrors.UnknownOperationException.code, `Unknown operation ${target}`, 400);
        return { model, operation };
      },
      decode: (match, request) => decodeJsonInput(match, request.body),
      encodeOutput: (match, output) => ({ status: 200, headers: { 'content-type': CONTENT_TYPE }, body: encodeJsonOutput(match.model, match.operation, output) }),
    };
  },
  encodeError(error, _requestId, models) {
    return { status: error.status, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-errortype': error.code }, body: jsonErrorBody(error, models, true) };
  },
};

const CONTENT_TYPE = 'application/x-amz-json-1.1';

function decodeJsonInput({ model, operation }: OperationMatch, raw: Buffer): Record<string, unknown> {
  if (!operation.input) return {};
  const shape = shapeOf(model, operation.input);
  const body = parseJsonBody(raw);
  const violations: ConstraintViolation[] = [];
  const input: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const wireName = ref.locationName ?? name;
    if (body[wireName] !== undefined) input[name] = decodeJson(model, shapeOf(model, ref), body[wireName], name, violations);
  }
  validateShape(model, shape, input, '', violations);
  if (violations.length > 0) throw new ValidationFailure(violations);
  return input;
}

function encodeJsonOutput(model: ServiceModel, operation: Operation, output: unknown): string {
  if (!operation.output) return '{}';
  return JSON.stringify(encodeJson(model, shapeOf(model, operation.output), output ?? {}));
}
