// One AWS request, start to finish: read the SigV4 claim, pick the service by its credential scope,
// authenticate, verify the signature, decode and validate the input from the service model, authorize
// every permission the operation needs, run it, and encode the answer in the service's protocol.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AwsError, ValidationFailure } from '../aws/errors.js';
import type { Operation, ServiceModel } from '../aws/model.js';
import { apiRegions, isPartitionRegion, type ServiceRegions } from '../aws/regions.js';
import { decodeQueryInput, encodeQueryError, encodeQueryOutput } from '../aws/query.js';
import { decodeRestJsonInput, encodeRestJsonError, encodeRestJsonOutput, RestJsonRouter } from '../aws/rest-json.js';
import type { AuthorizationTarget, Caller, RequestContext, ServiceApi } from '../aws/service.js';
import { clockSkewMessage, readSignatureClaim, signatureMatches, UNSIGNED_PAYLOAD, unsignedHostMessage, type IncomingSignedRequest } from '../aws/sigv4.js';
import { isReadOnly, type AnsweredCall } from '../audit/trail.js';
import { authError, invalidRegionMessage } from './auth-errors.js';

export interface Authenticator {
  /** The secret and identity behind an access key; throws an AwsError for an unknown or expired key. */
  authenticate(
    accessKeyId: string,
    sessionToken: string | undefined,
    now: Date,
    protocol: ServiceApi['protocol'],
    /** The credential scope's signing name (iam, sts, ...). */
    service?: string,
  ): Promise<{ secretAccessKey: string; caller: Caller }>;
}

export interface Authorizer {
  /** Throws AccessDenied (in the service's protocol) unless the caller may do every target. */
  authorize(ctx: RequestContext, targets: AuthorizationTarget[], api: ServiceApi): Promise<void>;
}

/** Where authorization decisions wait to be stored (the audit trail). */
export interface PendingAudit {
  /** Resolves once every decision recorded so far is stored. */
  flush(): Promise<void>;
  /** A request is decoded: its decisions wait for complete(), which gives them the call (CloudTrail's fields). */
  begin?(requestId: string): void;
  complete?(requestId: string, call: AnsweredCall): void;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface AccessLogEntry {
  time: string;
  requestId: string;
  method: string;
  path: string;
  service?: string;
  operation?: string;
  status: number;
  errorCode?: string;
  caller?: string;
  sourceIp: string;
  durationMs: number;
}

interface ServiceEntry {
  api: ServiceApi;
  router?: RestJsonRouter;
  /** Where the service is offered (src/aws/regions.ts), and the same regions as a set. */
  regions: ServiceRegions;
  offered: ReadonlySet<string>;
}

export class Dispatcher {
  private readonly services = new Map<string, ServiceEntry>();

  constructor(
    apis: ServiceApi[],
    private readonly authenticator: Authenticator,
    private readonly authorizer: Authorizer,
    private readonly clock: () => Date = () => new Date(),
    /** Flushed before a write is acknowledged, so that its audit events survive a crash. */
    private readonly audit?: PendingAudit,
  ) {
    for (const api of apis) {
      for (const name of Object.keys(api.operations)) {
        if (!api.models.some((m) => m.operations[name])) throw new Error(`${api.signingName}: operation ${name} is not in its model`);
      }
      const regions = apiRegions(api.models);
      this.services.set(api.signingName, {
        api,
        router: api.protocol === 'rest-json' ? new RestJsonRouter(api.models) : undefined,
        regions,
        offered: new Set(regions.regions),
      });
    }
  }

  /** Answers one AWS request; `log` (the access log, when on) receives its entry. */
  async handle(request: IncomingMessage, body: Buffer, log?: (entry: AccessLogEntry) => void): Promise<HttpAnswer> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const signed: IncomingSignedRequest = {
      method: request.method ?? 'GET',
      rawPath: q === -1 ? url : url.slice(0, q),
      rawQuery: q === -1 ? '' : url.slice(q + 1),
      headers: request.headers,
      body,
    };
    const trace: Partial<AccessLogEntry> = {};
    let answer: HttpAnswer;
    let protocol: ServiceApi['protocol'] = guessProtocol(signed);
    let entry: ServiceEntry | undefined;
    let call: AnsweredCall | undefined;
    try {
      const claim = readSignatureClaim(signed);
      if ('kind' in claim) {
        throw authError(claim.kind === 'missing' ? 'missing' : 'incomplete', protocol, claim.kind === 'incomplete' ? claim.message : undefined);
      }
      entry = this.services.get(claim.service);
      if (!entry) {
        throw new AwsError('UnknownService', `linkedrole does not serve '${claim.service}' (it serves: ${[...this.services.keys()].join(', ')})`, 400);
      }
      // A Query-shaped request (a form body, an Action parameter) signed for a JSON service was meant
      // for IAM or STS (AWS routes by endpoint, which would be theirs): until it is authenticated, its
      // refusal stays in Query's words.
      if (!(protocol === 'query' && entry.api.protocol !== 'query')) protocol = entry.api.protocol;
      trace.service = claim.service;
      // A scope naming no region of the partition is refused as AWS refuses it, for every service.
      if (!isPartitionRegion(claim.region)) throw authError('badRegion', protocol, invalidRegionMessage(claim.region));
      const now = this.clock();
      const skew = clockSkewMessage(claim, now);
      if (skew) throw authError('skew', protocol, skew);
      const unsignedHost = unsignedHostMessage(claim);
      if (unsignedHost) throw authError('badSignature', protocol, unsignedHost);
      const { secretAccessKey, caller } = await this.authenticator.authenticate(claim.accessKeyId, claim.sessionToken, now, protocol, claim.service);
      trace.caller = caller.arn;
      if (!(await signatureMatches(signed, claim, secretAccessKey, unsignedPayloadAllowed(entry, signed)))) throw authError('badSignature', protocol);
      protocol = entry.api.protocol;
      // A region of the partition where the service has no endpoint (in AWS its host name does not resolve).
      if (!entry.offered.has(claim.region)) {
        throw new AwsError(
          'UnsupportedRegionException',
          `${entry.api.models[0].metadata.serviceId} is not offered in the region '${claim.region}'. It is offered in: ${entry.regions.regions.join(', ')}.`,
          400,
        );
      }
      const { model, operation, input } = this.decode(entry, signed);
      trace.operation = operation.name;
      call = { model, operation: operation.name, input };
      this.audit?.begin?.(requestId);
      const ctx: RequestContext = {
        requestId,
        // A global service (IAM) serves every request in its one region, whatever region the client signed for.
        region: entry.regions.globalRegion ?? claim.region,
        service: claim.service,
        operation: operation.name,
        caller,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: request.headers['user-agent'],
        secureTransport: false,
        receivedAt: now,
      };
      const impl = entry.api.operations[operation.name];
      await this.authorizer.authorize(ctx, await impl.authorize(input, ctx), entry.api);
      const output = await impl.handle(input, ctx);
      call.output = output;
      answer = encodeOutput(entry.api, model, operation, output, requestId);
    } catch (error) {
      const awsError = toAwsError(error, protocol);
      if (!awsError.senderFault) console.error(`linkedrole: request ${requestId} failed:`, error);
      trace.errorCode = awsError.code;
      if (call) call.error = { code: awsError.code, message: awsError.message };
      answer = encodeError(protocol, entry?.api, awsError, requestId);
    }
    if (call) this.audit?.complete?.(requestId, call);
    if (this.audit && trace.operation && !isReadOnly(trace.operation)) {
      try {
        await this.audit.flush();
      } catch (error) {
        // Never acknowledge a call whose audit events could not be stored.
        console.error(`linkedrole: request ${requestId}: writing its audit events failed:`, error);
        answer = encodeError(protocol, entry?.api, toAwsError(error, protocol), requestId);
        trace.errorCode = 'AuditTrailUnavailable';
      }
    }
    answer.headers['x-amzn-requestid'] = requestId;
    log?.({
      time: new Date().toISOString(),
      requestId,
      method: signed.method,
      path: signed.rawPath,
      ...trace,
      status: answer.status,
      sourceIp: request.socket.remoteAddress ?? '',
      durationMs: Number(process.hrtime.bigint() - started) / 1e6,
    });
    return answer;
  }

  private decode(entry: ServiceEntry, signed: IncomingSignedRequest): { model: ServiceModel; operation: Operation; input: Record<string, unknown> } {
    const { api } = entry;
    if (api.protocol === 'query') {
      const params = new URLSearchParams(signed.rawQuery);
      if (signed.body.length > 0) for (const [k, v] of new URLSearchParams(signed.body.toString('utf8'))) params.append(k, v);
      const action = params.get('Action');
      const model = api.models[0];
      if (!action) throw new AwsError('MissingAction', 'Missing Action', 400);
      // Own properties only: an Action named `toString` or `__proto__` is no operation.
      const operation = own(model.operations, action);
      if (!operation || !own(api.operations, action)) {
        throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${model.metadata.apiVersion}`, 400);
      }
      return { model, operation, input: decodeQueryInput(model, operation, params) };
    }
    if (api.protocol === 'rest-json') {
      const query = new URLSearchParams(signed.rawQuery);
      const match = entry.router!.match(signed.method, signed.rawPath, query);
      if (!match || !api.operations[match.operation.name]) {
        throw new AwsError('UnknownOperationException', `No operation matches ${signed.method} ${signed.rawPath}`, 404);
      }
      const input = decodeRestJsonInput(match.model, match.operation, { labels: match.labels, query, headers: signed.headers, body: signed.body });
      return { model: match.model, operation: match.operation, input };
    }
    // The JSON protocol (CloudTrail): the operation is named by X-Amz-Target.
    const model = api.models[0];
    const target = String(signed.headers['x-amz-target'] ?? '');
    const name = target.slice(target.lastIndexOf('.') + 1);
    const operation = own(model.operations, name);
    if (!operation || !own(api.operations, name)) throw new AwsError('UnknownOperationException', `Unknown operation ${target}`, 400);
    const input = decodeRestJsonInput(model, operation, { labels: {}, query: new URLSearchParams(), headers: {}, body: signed.body });
    return { model, operation, input };
  }
}

/** True when the client sent its body unsigned to an operation whose model allows that. */
function unsignedPayloadAllowed(entry: ServiceEntry, signed: IncomingSignedRequest): boolean {
  if (signed.headers['x-amz-content-sha256'] !== UNSIGNED_PAYLOAD || !entry.router) return false;
  return entry.router.match(signed.method, signed.rawPath, new URLSearchParams(signed.rawQuery))?.operation.unsignedPayload === true;
}

/** `record[key]` when it is the record's own property (never one inherited from Object.prototype). */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function guessProtocol(signed: IncomingSignedRequest): ServiceApi['protocol'] {
  const contentType = String(signed.headers['content-type'] ?? '');
  if (contentType.startsWith('application/x-www-form-urlencoded') || /(^|&)Action=/.test(signed.rawQuery)) return 'query';
  if (signed.headers['x-amz-target']) return 'json';
  return 'rest-json';
}

function toAwsError(error: unknown, protocol: ServiceApi['protocol']): AwsError {
  if (error instanceof AwsError) return error;
  if (error instanceof ValidationFailure) {
    return new AwsError(protocol === 'query' ? 'ValidationError' : 'ValidationException', error.message, 400);
  }
  return protocol === 'query'
    ? new AwsError('ServiceFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500)
    : new AwsError('InternalServerException', 'An internal error occurred.', 500);
}

function encodeOutput(api: ServiceApi, model: ServiceModel, operation: Operation, output: unknown, requestId: string): HttpAnswer {
  if (api.protocol === 'query') {
    return { status: 200, headers: { 'content-type': 'text/xml' }, body: encodeQueryOutput(model, operation.name, output, requestId) };
  }
  if (api.protocol === 'json') {
    const encoded = encodeRestJsonOutput(model, operation, output);
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: encoded.body };
  }
  return encodeRestJsonOutput(model, operation, output);
}

const QUERY_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

function encodeError(protocol: ServiceApi['protocol'], api: ServiceApi | undefined, error: AwsError, requestId: string): HttpAnswer {
  if (protocol === 'query') {
    const namespace = api?.models[0].metadata.xmlNamespace ?? QUERY_NAMESPACE;
    return { status: error.status, headers: { 'content-type': 'text/xml' }, body: encodeQueryError(namespace, error, requestId) };
  }
  const model = api?.models.find((m) => m.shapes[error.code]);
  const encoded = encodeRestJsonError(model ?? api?.models[0], error);
  if (protocol === 'json') {
    // The JSON protocol names the error in the body's __type as well.
    encoded.body = JSON.stringify({ __type: error.code, ...JSON.parse(String(encoded.body)) });
    encoded.headers['content-type'] = 'application/x-amz-json-1.1';
  }
  return encoded;
}
