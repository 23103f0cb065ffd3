// AWS-shaped errors. Every failure a client can cause is thrown as an AwsError carrying AWS's code,
// message and HTTP status; the protocol adapters render it in their wire format. Anything else that
// escapes a handler is a bug of ours and is answered as ServiceFailure / InternalServerException.

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members of the error shape (REST-JSON bodies), e.g. `{ resourceType: 'BOT' }`. */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }

  get senderFault(): boolean {
    return this.status < 500;
  }
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
