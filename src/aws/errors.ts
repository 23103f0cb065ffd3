// AWS-shaped errors. Every failure a client can cause is thrown as an AwsError carrying AWS's code,
// message and HTTP status (built by the generated factories, src/aws/generated/); the request's protocol
// (src/aws/protocols/) writes it in its wire format. Anything else that escapes a handler is a bug of ours
// and is answered as the protocol's internal failure (ServiceFailure / InternalServerException).

export class AwsError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly status = 400,
    /** Extra members of the error shape (REST-JSON bodies), e.g. `{ resourceType: 'BOT' }`. */
    readonly fields: Record<string, unknown> = {},
    /** Whose fault the model says it is (Query's Sender / Receiver); by default a status under 500 is the sender's. */
    private readonly fault?: boolean,
  ) {
    super(message);
    this.name = code;
  }

  get senderFault(): boolean {
    return this.fault ?? this.status < 500;
  }
}

/**
 * Builds one error of a model (src/aws/generated/): `errors.NoSuchEntity('The role with name X cannot be found.')`.
 * Its code, status and fault are the model's; `fields` are the error shape's other members.
 */
export interface ErrorFactory<Code extends string = string, Fields extends Record<string, unknown> = Record<string, never>> {
  (message: string, ...fields: Record<string, never> extends Fields ? [fields?: Fields] : [fields: Fields]): AwsError<Code>;
  readonly code: Code;
  readonly status: number;
  readonly senderFault: boolean;
  /** Whether `error` is this error (by its code). */
  is(error: unknown): error is AwsError<Code>;
}

export function errorFactory<Code extends string, Fields extends Record<string, unknown> = Record<string, never>>(
  code: Code,
  status: number,
  senderFault: boolean,
): ErrorFactory<Code, Fields> {
  const build = (message: string, fields?: Fields) => new AwsError(code, message, status, fields ?? {}, senderFault);
  return Object.assign(build, {
    code,
    status,
    senderFault,
    is: (error: unknown): error is AwsError<Code> => error instanceof AwsError && error.code === code,
  }) as ErrorFactory<Code, Fields>;
}

/** A violation of a model constraint, rendered as AWS's "N validation error(s) detected: ..." text. */
export interface ConstraintViolation {
  path: string;
  value: unknown;
  constraint: string;
}

export function validationMessage(violations: ConstraintViolation[]): string {
  const count = violations.length;
  const parts = violations.map((v) => `Value ${renderValue(v.value)}at '${v.path}' failed to satisfy constraint: ${v.constraint}`);
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}

/** AWS quotes a scalar value, writes null for a missing one, and leaves lists and structures out. */
function renderValue(value: unknown): string {
  if (value === undefined || value === null) return 'null ';
  if (typeof value === 'object') return '';
  return `'${String(value)}' `;
}

/** Thrown by the protocol layer when input breaks the model; each protocol picks its own error code. */
export class ValidationFailure extends Error {
  constructor(readonly violations: ConstraintViolation[]) {
    super(validationMessage(violations));
  }
}
