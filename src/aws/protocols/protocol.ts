// What every AWS protocol module provides (query.ts, rest-json.ts, json.ts): finding the operation a request
// names, decoding its input and encoding its answer from the service model, writing errors in the protocol's
// format, and the protocol's names for the errors every service shares (its dialect). The dispatcher knows
// protocols only through this interface; a ServiceApi names its protocol and index.ts maps the name.
import type { Refusal } from '../auth.js';
import type { AwsError, ErrorFactory, ValidationFailure } from '../errors.js';
import type { Operation, ServiceModel } from '../model.js';
import { SIGNATURE_MISMATCH_TEXT, type IncomingSignedRequest } from '../sigv4.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  /**
   * Text, or raw bytes for an operation whose payload is a blob (Lex PutSession's audio), or the messages of an
   * event stream, written as they come (Lex StartConversation's answers, while its input is still arriving).
   */
  body: string | Buffer | AsyncIterable<Uint8Array>;
}

/** The operation a request names, with what the protocol read to find it (found once per request). */
export interface OperationMatch {
  model: ServiceModel;
  operation: Operation;
}

/** A protocol bound to one service: its models and the operations it implements. */
export interface ServiceWire<Match extends OperationMatch = OperationMatch> {
  /** The operation the request names, or the error saying it names none (the dispatcher throws it once the caller is authenticated). */
  match(request: IncomingSignedRequest): Match | AwsError;
  /** The input, decoded and checked against the model's constraints (a ValidationFailure or an AwsError otherwise). */
  decode(match: Match, request: IncomingSignedRequest): Record<string, unknown>;
  encodeOutput(match: Match, output: unknown, requestId: string): HttpAnswer;
}

/** How a protocol names the errors every service shares. */
export interface Dialect {
  /** An authentication or authorization refusal (src/aws/auth.ts) as this protocol's error. */
  refusal(refusal: Refusal): AwsError;
  /** Input that breaks the model's constraints. */
  invalidInput(failure: ValidationFailure): AwsError;
  /** A failure of ours (never the client's): its details stay in the server's log. */
  internalFailure(): AwsError;
}

export interface Protocol extends Dialect {
  /** Whether a request's shape alone says it is this protocol's, before its service is known. */
  looksLike(request: IncomingSignedRequest): boolean;
  /**
   * True when a request of this protocol's shape was meant for one of its endpoints (AWS routes by endpoint):
   * signed for a service of another protocol, it is refused in this protocol's words until its caller is
   * authenticated.
   */
  readonly addressedByShape: boolean;
  bind(models: ServiceModel[], implemented: (operation: string) => boolean): ServiceWire;
  /** An error in this protocol's format; `models` are the service's when it is known (its namespace, its error shapes). */
  encodeError(error: AwsError, requestId: string, models: readonly ServiceModel[] | undefined): HttpAnswer;
}

/** `record[key]` when it is the record's own property (an Action named `toString` or `__proto__` is no operation). */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A dialect's error for each refusal, and its usual text (AWS's Common Errors, and responses recorded from IAM, STS and the JSON services). */
export type RefusalNames = Record<Refusal['refused'], { error: ErrorFactory; message?: string }>;

/** The same texts in every protocol. */
export const REFUSAL_TEXTS = {
  invalidToken: 'The security token included in the request is invalid.',
  expiredToken: 'The security token included in the request is expired',
  signatureMismatch: SIGNATURE_MISMATCH_TEXT,
} as const;

export function refusalError(names: RefusalNames, refusal: Refusal): AwsError {
  const name = names[refusal.refused];
  return name.error(refusal.message ?? name.message ?? '');
}
