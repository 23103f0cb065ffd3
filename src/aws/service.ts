// What every service implementation provides to the server, and what the server gives each call.
import type { ContextValues, PolicyInput } from '../policy/types.js';
import { AwsError } from './errors.js';
import { errorsBeyondModels, jsonErrors, queryErrors } from './generated/common.js';
import type { ServiceModel } from './model.js';

/** The authenticated identity behind a request. */
export interface Caller {
  accountId: string;
  /** arn:aws:iam::123456789012:root, ...:user/NAME, arn:aws:sts::123456789012:assumed-role/ROLE/SESSION */
  arn: string;
  /** AWS's UserId: the account id for root, AIDA... for a user, AROA...:session for a role session. */
  userId: string;
  /** `anonymous`: an unsigned request, to an operation whose model needs no authentication (dispatch.ts). */
  type: 'root' | 'user' | 'assumed-role' | 'anonymous' | 'federated-user';
  accessKeyId: string;
  /** For a user, its name; for a role session, the role's name. */
  name?: string;
  sessionName?: string;
  /**
   * Set when the caller signed with GetSessionToken's credentials: whether MFA information (SerialNumber
   * and TokenCode) came with GetSessionToken. Without it AWS refuses the credentials to IAM.
   */
  getSessionToken?: { mfa: boolean };
  /**
   * For temporary credentials made with a verified MFA code (GetSessionToken, AssumeRole, a console sign-in
   * with MFA): when the code was verified (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge).
   */
  mfaAuthenticatedAt?: Date;
  /** Set for the temporary credentials of an IAM user's console sign-in (src/console/sign-in.ts). */
  consoleSession?: true;
}

/**
 * Who an unsigned request acts as (AWS's anonymous principal, `*`): no account, no key. Only an operation
 * whose model needs no authentication (`authtype: none`) is reached so, and its caller is allowed nothing.
 */
export function anonymousCaller(): Caller {
  return { accountId: '', arn: 'anonymous', userId: 'anonymous', type: 'anonymous', accessKeyId: '' };
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
  /** The request's Host header: URLs the answer hands out on this server (Lex's export and import URLs). */
  host?: string;
}

/** One permission a call needs: the IAM action on a resource, with the request's context keys. */
export interface AuthorizationTarget {
  action: string;
  resource: string;
  context?: ContextValues;
  /** The target resource's tags, offered to conditions as aws:ResourceTag/<key>. */
  resourceTags?: Record<string, string>;
  /**
   * The target resource's resource-based policy (a Lex bot's or alias's), decided with the caller's own policies;
   * `null`: the resource can have one and has none (a caller of another account, even its root, is then refused).
   */
  resourcePolicy?: PolicyInput | null;
}

type Awaitable<T> = T | Promise<T>;

/** What `authorize` found that `handle` needs (the role it read, the ids it chose), passed along with the targets. */
export interface Authorized<State> {
  targets: AuthorizationTarget[];
  state: State;
}

/**
 * One operation. `authorize` names the permissions the call needs, which the server checks for every caller before
 * `handle` runs; what it read on the way (`state`) is handed to `handle`, so that the call reads nothing twice.
 * An operation whose `authorize` returns only its targets has no state.
 */
export interface OperationImpl<Input = unknown, Output = unknown, State = unknown> {
  authorize(input: Input, ctx: RequestContext): Awaitable<AuthorizationTarget[] | Authorized<State>>;
  handle(input: Input, ctx: RequestContext, state: State): Awaitable<Output>;
  /** One line: what the operation does here (docs/coverage.md, written by scripts/coverage.mjs, shows it). */
  summary?: string;
}

/** An operation with no input (the decoders give `{}`), or no output. */
export type NoInput = Record<string, never>;
export type NoOutput = Record<string, never> | void;

/** Each operation of a model (a generated `Operations`): its input, output and the codes of the errors it lists. */
export type OperationTypes = Record<string, { input: unknown; output: unknown; errors: string }>;

/** The implementations of (some of) a model's operations, each typed by the model. */
export type ServiceOperations<Ops extends OperationTypes> = string extends keyof Ops
  ? Record<string, OperationImpl>
  : { [Name in keyof Ops]?: OperationImpl<Ops[Name]['input'], Ops[Name]['output']> };

export interface ServiceApi<Ops extends OperationTypes = OperationTypes> {
  /** The SigV4 signing name that routes requests here. */
  signingName: string;
  protocol: 'query' | 'rest-json' | 'json';
  /** One model, or several sharing a signing name (Lex V2 models and runtime). */
  models: ServiceModel[];
  operations: ServiceOperations<Ops>;
}

/**
 * An operation whose `authorize` hands `handle` what it found: the state's type is taken from `authorize`.
 * `withState({ authorize: async (input) => ({ targets, state: role }), handle: (input, ctx, role) => ... })`
 */
export function withState<Input, Output, State>(impl: {
  authorize(input: Input, ctx: RequestContext): Awaitable<Authorized<State>>;
  handle(input: Input, ctx: RequestContext, state: State): Awaitable<Output>;
  summary?: string;
}): OperationImpl<Input, Output, State> {
  return impl;
}

/**
 * Runs one decoded call: `authorize`, then the server's check of its targets (`check`), then `handle` with the state
 * `authorize` returned. Returns the operation's output. An AwsError the call throws must be one its model lists for
 * the operation or one of its protocol's common errors (`listedErrors`); with LINKEDROLE_STRICT_ERRORS=1 (the test
 * runner's setting) any other is a bug of ours, answered as one (a 500), so that the test driving that path fails.
 */
export async function runOperation(
  api: ServiceApi,
  operation: string,
  input: unknown,
  ctx: RequestContext,
  check: (targets: AuthorizationTarget[]) => Promise<void>,
): Promise<unknown> {
  const impl = api.operations[operation];
  try {
    const authorized = await impl.authorize(input, ctx);
    const { targets, state } = Array.isArray(authorized) ? { targets: authorized, state: undefined } : authorized;
    await check(targets);
    return await impl.handle(input, ctx, state);
  } catch (error) {
    if (error instanceof AwsError && process.env.LINKEDROLE_STRICT_ERRORS === '1' && !listedErrors(api, operation).has(error.code)) {
      throw new Error(
        `${api.signingName}:${operation} threw ${error.code}, which its model does not list for it, nor BEYOND_MODEL (scripts/generate-api.mjs), nor is it a common error`,
        { cause: error },
      );
    }
    throw error;
  }
}

const listed = new WeakMap<ServiceApi, Map<string, ReadonlySet<string>>>();

/**
 * The codes an operation may answer: the errors its model lists for it, those linkedrole answers beyond its model
 * (`errorsBeyondModels`, each with why) and its protocol's common errors.
 */
export function listedErrors(api: ServiceApi, operation: string): ReadonlySet<string> {
  let byOperation = listed.get(api);
  if (!byOperation) listed.set(api, (byOperation = new Map()));
  let codes = byOperation.get(operation);
  if (!codes) {
    const model = api.models.find((m) => Object.hasOwn(m.operations, operation));
    const own = (model?.operations[operation].errors ?? []).map(({ shape }) => model!.shapes[shape].error?.code ?? shape);
    const beyond = model ? (errorsBeyondModels[model.metadata.serviceId]?.[operation] ?? []) : [];
    const common = Object.keys(api.protocol === 'query' ? queryErrors : jsonErrors);
    codes = new Set([...own, ...beyond, ...common]);
    byOperation.set(operation, codes);
  }
  return codes;
}
