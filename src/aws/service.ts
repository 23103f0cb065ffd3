// What every service implementation provides to the server, and what the server gives each call.
import type { ContextValues } from '../policy/types.js';
import type { ServiceModel } from './model.js';

/** The authenticated identity behind a request. */
export interface Caller {
  accountId: string;
  /** arn:aws:iam::123456789012:root, ...:user/NAME, arn:aws:sts::123456789012:assumed-role/ROLE/SESSION */
  arn: string;
  /** AWS's UserId: the account id for root, AIDA... for a user, AROA...:session for a role session. */
  userId: string;
  type: 'root' | 'user' | 'assumed-role';
  accessKeyId: string;
  /** For a user, its name; for a role session, the role's name. */
  name?: string;
  sessionName?: string;
  /**
   * Set when the caller signed with GetSessionToken's credentials: whether MFA information (SerialNumber
   * and TokenCode) came with GetSessionToken. Without it AWS refuses the credentials to IAM.
   */
  getSessionToken?: { mfa: boolean };
}

export interface RequestContext {
  requestId: string;
  /**
   * The region the request is served in, and its aws:RequestedRegion: the credential scope's, or for a global
   * service (IAM) its one region, us-east-1, whatever region the client signed for (src/aws/regions.ts).
   */
  region: string;
  /** The signing name of the credential scope: iam, sts, app-integrations, lex, cloudtrail. */
  service: string;
  operation: string;
  caller: Caller;
  sourceIp: string;
  userAgent?: string;
  secureTransport: boolean;
  receivedAt: Date;
}

/** One permission a call needs: the IAM action on a resource, with the request's context keys. */
export interface AuthorizationTarget {
  action: string;
  resource: string;
  context?: ContextValues;
  /** The target resource's tags, offered to conditions as aws:ResourceTag/<key>. */
  resourceTags?: Record<string, string>;
}

export interface OperationImpl<Input = any, Output = any> {
  /** The permissions the call needs; checked by the server before `handle` runs, for every caller. */
  authorize(input: Input, ctx: RequestContext): AuthorizationTarget[] | Promise<AuthorizationTarget[]>;
  handle(input: Input, ctx: RequestContext): Output | Promise<Output>;
}

export interface ServiceApi {
  /** The SigV4 signing name that routes requests here. */
  signingName: string;
  protocol: 'query' | 'rest-json' | 'json';
  /** One model, or several sharing a signing name (Lex V2 models and runtime). */
  models: ServiceModel[];
  operations: Record<string, OperationImpl>;
}

/** The same service with more operations (bindings kept in their own modules, e.g. IAM's simulator). */
export function withOperations(api: ServiceApi, operations: Record<string, OperationImpl>): ServiceApi {
  return { ...api, operations: { ...api.operations, ...operations } };
}
