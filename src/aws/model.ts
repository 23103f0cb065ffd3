// AWS service models (botocore's service-2.json, documentation stripped; see data/aws-models/SOURCE.md).
// The wire layer decodes, validates and encodes every request from these, so no operation hand-parses
// its input or hand-writes its output format.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../paths.js';

export interface ShapeRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  flattened?: boolean;
  xmlNamespace?: unknown;
  idempotencyToken?: boolean;
  jsonvalue?: boolean;
  timestampFormat?: string;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  flattened?: boolean;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  exception?: boolean;
  timestampFormat?: string;
  payload?: string;
  sensitive?: boolean;
  /** A union of events sent as an event stream (Lex's StartConversation), each member an `event` structure. */
  eventstream?: boolean;
  event?: boolean;
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
  /** The body is not part of the signature (`x-amz-content-sha256: UNSIGNED-PAYLOAD`): Lex's RecognizeUtterance. */
  unsignedPayload?: boolean;
  /** `none`: the operation needs no authentication (STS's AssumeRoleWithWebIdentity, AssumeRoleWithSAML). */
  authtype?: string;
}

export interface ServiceModel {
  metadata: {
    endpointPrefix: string;
    protocol: 'query' | 'rest-json' | 'json' | 'rest-xml';
    signingName?: string;
    xmlNamespace?: string;
    apiVersion: string;
    serviceId: string;
  };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

const cache = new Map<string, ServiceModel>();

/**
 * Loads a model once: AWS's own from `data/aws-models/<name>.json`, else one of linkedrole's extension
 * APIs (same botocore format, our own signing names) from `data/extension-models/<name>.json`.
 */
export function loadModel(name: string): ServiceModel {
  let model = cache.get(name);
  if (!model) {
    const aws = join(dataDir, 'aws-models', `${name}.json`);
    const path = existsSync(aws) ? aws : join(dataDir, 'extension-models', `${name}.json`);
    model = JSON.parse(readFileSync(path, 'utf8')) as ServiceModel;
    cache.set(name, model);
  }
  return model;
}

/** True when the operation's input payload is an event stream (its body is signed event by event). */
export function takesEventStream(model: ServiceModel, operation: Operation): boolean {
  if (!operation.input) return false;
  const input = shapeOf(model, operation.input);
  return input.payload !== undefined && shapeOf(model, input.members![input.payload]).eventstream === true;
}

export function shapeOf(model: ServiceModel, ref: ShapeRef | { shape: string }): Shape {
  const shape = model.shapes[ref.shape];
  if (!shape) throw new Error(`model ${model.metadata.serviceId}: unknown shape ${ref.shape}`);
  return shape;
}
