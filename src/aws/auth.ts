// What the wire asks of identity: authenticate an access key, authorize a call's permissions. Both answer in
// no protocol's words: a refusal names its kind, and the request's protocol (src/aws/protocols/) names it in
// its own code (InvalidClientTokenId in Query, UnrecognizedClientException in the JSON protocols, ...).
import type { AuthorizationTarget, Caller, RequestContext } from './service.js';

export type RefusalKind =
  /** No SigV4 signature at all. */
  | 'missing-token'
  /** A signature that cannot be read (a missing component, a malformed credential scope or date). */
  | 'incomplete-signature'
  /** An access key nobody has, or a session token that does not go with it. */
  | 'unknown-key'
  /** Temporary credentials past their expiration. */
  | 'expired-token'
  /** A signature that does not match, or leaves the host unsigned. */
  | 'bad-signature'
  /** A signing time more than 15 minutes from the server's clock. */
  | 'skew'
  /** A credential scope naming no region of the partition. */
  | 'bad-region'
  /** A permission the caller's policies do not grant. */
  | 'access-denied';

export interface Refusal {
  refused: RefusalKind;
  /** AWS's text for this refusal, when it has its own; else the protocol's usual text for the kind. */
  message?: string;
}

export interface Authenticated {
  secretAccessKey: string;
  caller: Caller;
}

export interface Authenticator {
  /** The secret and identity behind an access key, or why it is refused. */
  authenticate(
    accessKeyId: string,
    sessionToken: string | undefined,
    now: Date,
    /** The credential scope's signing name (iam, sts, ...). */
    service: string,
  ): Promise<Authenticated | Refusal>;
}

export interface Authorizer {
  /** Decides every target for the caller: undefined when each is allowed, else the access-denied refusal. */
  authorize(ctx: RequestContext, targets: AuthorizationTarget[]): Promise<Refusal | undefined>;
}
