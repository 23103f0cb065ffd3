// One AWS request, start to finish: read the SigV4 claim, pick the service by its credential scope,
// authenticate, verify the signature, find the operation and decode its input through the service's protocol,
// authorize every permission the operation needs, run it, and encode the answer through the protocol.
// Authentication and authorization answer in no protocol's words; the protocol names their refusals.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Authenticator, Authorizer, Refusal } from '../aws/auth.js';
import { AwsError, ValidationFailure } from '../aws/errors.js';
import { wireErrors } from '../aws/generated/common.js';
import { protocolByShape, protocolNamed } from '../aws/protocols/index.js';
import type { HttpAnswer, OperationMatch, Protocol, ServiceWire } from '../aws/protocols/protocol.js';
import { inRequestPartition } from '../aws/partitions.js';
import { apiRegions, servedRegion, type ServiceRegions } from '../aws/regions.js';
import { anonymousCaller, runOperation, type Caller, type RequestContext, type ServiceApi } from '../aws/service.js';
import { signedInputEvents } from '../aws/event-stream.js';
import { takesEventStream } from '../aws/model.js';
import { declaresSignedEvents, readSignatureClaim, scopeRefusal, signatureMatches, UNSIGNED_PAYLOAD, type IncomingSignedRequest, type SignatureClaim } from '../aws/sigv4.js';
import { isReadOnly, type AnsweredCall } from '../audit/trail.js';

/** Where authorization decisions wait to be stored (the audit trail). */
export interface PendingAudit {
  /** Resolves once every decision recorded so far is stored. */
  flush(): Promise<void>;
  /** A request is decoded: its decisions wait for complete(), which gives them the call (CloudTrail's fields). */
  begin?(requestId: string): void;
  complete?(requestId: string, call: AnsweredCall): void;
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
  protocol: Protocol;
  /** The protocol bound to the service's models and operations. */
  wire: ServiceWire;
  /** Where the service is offered (src/aws/regions.ts), and the same regions as a set. */
  regions: ServiceRegions;
  offered: ReadonlySet<string>;
}

const BAD_SIGNATURE: Refusal = Object.freeze({ refused: 'bad-signature' });

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
      const protocol = protocolNamed(api.protocol);
      this.services.set(api.signingName, {
        api,
        protocol,
        wire: protocol.bind(api.models, (name) => Object.hasOwn(api.operations, name)),
        regions,
        offered: new Set(regions.regions),
      });
    }
  }

  /**
   * Answers one AWS request; `log` (the access log, when on) receives its entry. A request whose body is signed
   * event by event (`x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS`) comes with its body unread as
   * `stream`: the answer (an event stream) is given while the client is still sending.
   */
  async handle(request: IncomingMessage, body: Buffer, log?: (entry: AccessLogEntry) => void, stream?: AsyncIterable<Uint8Array>): Promise<HttpAnswer> {
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const signed: IncomingSignedRequest = {
      method: request.method ?? 'GET',
      rawPath: q === -1 ? url : url.slice(0, q),
      rawQuery: q === -1 ? '' : url.slice(q + 1),
      headers: request.headers,
      body,
    };
    const claim = readSignatureClaim(signed);
    // Every ARN made while answering carries the request's partition (src/aws/partitions.ts): its scope's region's.
    return inRequestPartition('refused' in claim ? undefined : claim.region, async () => {
      const answer = await this.answer(request, signed, claim, log, stream);
      // An event stream's answers are made as the server reads them, after this returns: still in this request.
      if (typeof answer.body !== 'string' && !Buffer.isBuffer(answer.body)) answer.body = inThisContext(answer.body);
      return answer;
    });
  }

  private async answer(
    request: IncomingMessage,
    signed: IncomingSignedRequest,
    claim: SignatureClaim | Refusal,
    log?: (entry: AccessLogEntry) => void,
    stream?: AsyncIterable<Uint8Array>,
  ): Promise<HttpAnswer> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const trace: Partial<AccessLogEntry> = {};
    let answer: HttpAnswer;
    // Until the service is known, errors are in the words of the protocol the request's shape names.
    let protocol = protocolByShape(signed);
    let entry: ServiceEntry | undefined;
    let call: AnsweredCall | undefined;
    try {
      // An unsigned request may call an operation whose model needs no authentication (STS's
      // AssumeRoleWithWebIdentity and AssumeRoleWithSAML: `authtype: none`); it is answered as anonymous.
      const unsigned = 'refused' in claim && claim.refused === 'missing-token' ? this.unsignedOperation(signed, protocol) : undefined;
      let match: OperationMatch | AwsError | undefined;
      let caller: Caller;
      let region: string;
      let now: Date;
      if (unsigned) {
        ({ entry, match } = unsigned);
        protocol = entry.protocol;
        trace.service = entry.api.signingName;
        now = this.clock();
        caller = anonymousCaller();
        // No credential scope names a region: the service's global endpoint's (STS: us-east-1).
        region = entry.regions.globalRegion ?? UNSIGNED_REGION;
      } else {
        if ('refused' in claim) throw protocol.refusal(claim);
        entry = this.services.get(claim.service);
        if (!entry) {
          throw wireErrors.UnknownService(`linkedrole does not serve '${claim.service}' (it serves: ${[...this.services.keys()].join(', ')})`);
        }
        // A request shaped for a protocol whose services have their own endpoints (Query's IAM and STS), signed
        // for a service of another protocol, was meant for them: until it is authenticated, its refusal stays
        // in their protocol's words.
        if (!(protocol.addressedByShape && protocol !== entry.protocol)) protocol = entry.protocol;
        trace.service = claim.service;
        now = this.clock();
        const scope = scopeRefusal(claim, now);
        if (scope) throw protocol.refusal(scope);
        const authenticated = await this.authenticator.authenticate(claim.accessKeyId, claim.sessionToken, now, claim.service);
        if ('refused' in authenticated) throw protocol.refusal(authenticated);
        const { secretAccessKey } = authenticated;
        caller = authenticated.caller;
        // The request's operation is found once: before the signature when the client says its body is
        // unsigned (only an operation whose model allows that may take it so), else after.
        let unsignedPayload = false;
        if (signed.headers['x-amz-content-sha256'] === UNSIGNED_PAYLOAD) {
          match = entry.wire.match(signed);
          unsignedPayload = !(match instanceof AwsError) && match.operation.unsignedPayload === true;
        }
        // Likewise for a body of signed events: only an operation whose input is an event stream takes one, and its
        // events are verified one by one as they come, each signature chained to this request's.
        let signedEvents = false;
        if (declaresSignedEvents(signed.headers)) {
          match = entry.wire.match(signed);
          signedEvents = stream !== undefined && !(match instanceof AwsError) && takesEventStream(match.model, match.operation);
        }
        if (!(await signatureMatches(signed, claim, secretAccessKey, unsignedPayload, signedEvents))) throw protocol.refusal(BAD_SIGNATURE);
        if (signedEvents) signed.events = signedInputEvents(stream!, { claim, secretAccessKey });
        protocol = entry.protocol;
        // A region of the partition where the service has no endpoint (in AWS its host name does not resolve).
        if (!entry.offered.has(claim.region)) {
          throw wireErrors.UnsupportedRegionException(
            `${entry.api.models[0].metadata.serviceId} is not offered in the region '${claim.region}'. It is offered in: ${entry.regions.regions.join(', ')}.`,
          );
        }
        // A global service (IAM) serves every request in its partition's one region, whatever region of it the client signed for.
        region = servedRegion(entry.regions, claim.region);
      }
      trace.caller = caller.arn;
      match ??= entry.wire.match(signed);
      if (match instanceof AwsError) throw match;
      const { model, operation } = match;
      const input = entry.wire.decode(match, signed);
      trace.operation = operation.name;
      call = { model, operation: operation.name, input };
      this.audit?.begin?.(requestId);
      const ctx: RequestContext = {
        requestId,
        region,
        service: entry.api.signingName,
        operation: operation.name,
        caller,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: request.headers['user-agent'],
        secureTransport: false,
        receivedAt: now,
        host: request.headers.host,
      };
      const output = await runOperation(entry.api, operation.name, input, ctx, async (targets) => {
        const denied = await this.authorizer.authorize(ctx, targets);
        if (denied) throw protocol.refusal(denied);
      });
      call.output = output;
      answer = entry.wire.encodeOutput(match, output, requestId);
    } catch (error) {
      const awsError = toAwsError(error, protocol);
      if (!awsError.senderFault) console.error(`linkedrole: request ${requestId} failed:`, error);
      trace.errorCode = awsError.code;
      if (call) call.error = { code: awsError.code, message: awsError.message };
      answer = protocol.encodeError(awsError, requestId, entry?.api.models);
    }
    if (call) this.audit?.complete?.(requestId, call);
    if (this.audit && trace.operation && !isReadOnly(trace.operation)) {
      try {
        await this.audit.flush();
      } catch (error) {
        // Never acknowledge a call whose audit events could not be stored.
        console.error(`linkedrole: request ${requestId}: writing its audit events failed:`, error);
        answer = protocol.encodeError(toAwsError(error, protocol), requestId, entry?.api.models);
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

  /** The operation an unsigned request names, when its model lets it be called without authentication. */
  private unsignedOperation(signed: IncomingSignedRequest, shape: Protocol): { entry: ServiceEntry; match: OperationMatch } | undefined {
    for (const entry of this.services.values()) {
      if (entry.protocol !== shape || !entry.api.models.some((m) => Object.values(m.operations).some((o) => o.authtype === 'none'))) continue;
      const match = entry.wire.match(signed);
      if (!(match instanceof AwsError) && match.operation.authtype === 'none') return { entry, match };
    }
    return undefined;
  }
}

/** The iterable with each step run in the context it is made in (the request's partition, src/aws/partitions.ts). */
function inThisContext<T>(iterable: AsyncIterable<T>): AsyncIterable<T> {
  const run = AsyncLocalStorage.snapshot();
  return {
    [Symbol.asyncIterator]() {
      const iterator = run(() => iterable[Symbol.asyncIterator]());
      return {
        next: () => run(() => iterator.next()),
        return: (value?: unknown) => run(() => iterator.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined as T })),
      };
    },
  };
}

/** The region of an unsigned call to a regional service: no credential scope names one. */
const UNSIGNED_REGION = 'us-east-1';

/** Anything thrown, as the AwsError the client gets: a model constraint broken, else a failure of ours. */
function toAwsError(error: unknown, protocol: Protocol): AwsError {
  if (error instanceof AwsError) return error;
  if (error instanceof ValidationFailure) return protocol.invalidInput(error);
  return protocol.internalFailure();
}
