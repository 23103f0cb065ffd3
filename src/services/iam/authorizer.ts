// Authorization of callers' requests: every permission an operation needs is decided by the decider of
// the caller's kind (deciders.ts: root is allowed everything, as in AWS) and written to the audit trail.
import type { Authorizer, Refusal } from '../../aws/auth.js';
import type { AuthorizationTarget, Caller, RequestContext } from '../../aws/service.js';
import { callerFields, type AuditTrail } from '../../audit/trail.js';
import type { Decision } from '../../policy/types.js';
import type { CallerDecision, CallerDeciders } from './deciders.js';

const EVENT_SOURCES: Record<string, string> = {
  iam: 'iam.amazonaws.com',
  sts: 'sts.amazonaws.com',
  'app-integrations': 'app-integrations.amazonaws.com',
  lex: 'lex.amazonaws.com',
  cloudtrail: 'cloudtrail.amazonaws.com',
};

export class CallerAuthorizer implements Authorizer {
  constructor(
    private readonly audit: AuditTrail,
    /** Who decides each kind of caller's requests (deciders.ts). */
    private readonly deciders: CallerDeciders,
  ) {}

  async authorize(ctx: RequestContext, targets: AuthorizationTarget[]): Promise<Refusal | undefined> {
    for (const target of targets) {
      const decision = await this.deciders[ctx.caller.type].decide(ctx.caller, target, ctx);
      this.audit.record({
        time: ctx.receivedAt,
        ...callerFields(ctx.caller),
        kind: 'api',
        eventSource: EVENT_SOURCES[ctx.service] ?? `${ctx.service}.amazonaws.com`,
        eventName: ctx.operation,
        region: ctx.region,
        sourceIp: ctx.sourceIp,
        userAgent: ctx.userAgent,
        action: target.action,
        resource: target.resource,
        decision: decision.decision,
        errorCode: decision.decision === 'allowed' ? undefined : 'AccessDenied',
        detail: { matchedStatements: decision.matchedStatements, explanation: decision.explanation },
        requestId: ctx.requestId,
      });
      if (decision.decision !== 'allowed') return { refused: 'access-denied', message: accessDeniedMessage(ctx.caller, target, decision) };
    }
    return undefined;
  }
}

/**
 * AWS's refusal text: "User: ARN is not authorized to perform: ACTION on resource: ARN because no
 * identity-based policy allows the ACTION action", or "... with an explicit deny in an identity-based
 * policy: POLICY-ARN" (AWS names the denying managed policy in the same account; an inline policy has no ARN).
 */
function accessDeniedMessage(caller: Caller, target: AuthorizationTarget, decision: CallerDecision): string {
  const because = decision.decision === 'explicitDeny' ? describeDeny(decision) : `because no ${decision.refusedBy ?? 'identity-based'} policy allows the ${target.action} action`;
  return `User: ${caller.arn} is not authorized to perform: ${target.action} on resource: ${target.resource} ${because}`;
}

function describeDeny(decision: Decision): string {
  const deny = decision.matchedStatements.find((s) => s.effect === 'Deny');
  const arn = deny?.policyId?.startsWith('arn:') ? `: ${deny.policyId}` : '';
  switch (deny?.source) {
    case 'resource':
      return 'with an explicit deny in a resource-based policy';
    case 'boundary':
      return `with an explicit deny in a permissions boundary${arn}`;
    case 'session':
      return 'with an explicit deny in a session policy';
    case 'scp':
      return `with an explicit deny in a service control policy${arn}`;
    default:
      return `with an explicit deny in an identity-based policy${arn}`;
  }
}
