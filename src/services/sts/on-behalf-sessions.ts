// The on-behalf path (the OnBehalf contract of on-behalf.ts): a linked service assumes its
// service-linked role, checked against the role's trust policy by the engine, and every downstream
// call it makes is decided by the engine against the role's policies and the target's tags, and
// recorded in the audit trail with the statements that decided and, on a denial, why.
import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../../audit/trail.js';
import type { AuthorizationRequest, ContextValues, Decision, UnmatchedStatement } from '../../policy/types.js';
import type { Iam } from '../iam/iam.js';
import { timeContext } from '../iam/request-context.js';
import type { RolePolicyLoader } from '../iam/role-policies.js';
import type { Role } from '../iam/roles.js';
import { explain } from './engine.js';
import type { OnBehalf, OnBehalfCall, RoleSession } from './on-behalf.js';
import { assumedRoleArn, assumeRoleDenied, type Sts } from './sts.js';
import { partition } from '../../aws/partitions.js';

export class OnBehalfSessions implements OnBehalf {
  constructor(
    private readonly iam: Iam,
    private readonly sts: Sts,
    private readonly audit: AuditTrail,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async assume(accountId: string, servicePrincipal: string, roleName: string, region: string): Promise<RoleSession> {
    const now = this.clock();
    const role = await this.iam.roles.find(accountId, roleName);
    const roleArn = role?.arn ?? `arn:${partition()}:iam::${accountId}:role/${roleName}`;
    const decision: Decision = role
      ? await this.sts.checkTrust(role, servicePrincipal, {
          ...timeContext(now),
          'aws:PrincipalServiceName': servicePrincipal,
          'aws:PrincipalIsAWSService': 'true',
          'aws:RequestedRegion': region,
          'aws:SourceAccount': accountId,
        })
      : { decision: 'implicitDeny', matchedStatements: [], missingContextValues: [], unmatchedStatements: [], explanation: `The role ${roleName} does not exist.` };
    const sessionName = `${servicePrincipal.split('.')[0]}-${now.getTime()}-${randomBytes(3).toString('hex')}`;
    this.audit.record({
      time: now,
      accountId,
      kind: 'on-behalf',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      region,
      sourceIp: servicePrincipal,
      userAgent: servicePrincipal,
      principalArn: servicePrincipal,
      userName: servicePrincipal,
      roleArn,
      sessionName,
      servicePrincipal,
      action: 'sts:AssumeRole',
      resource: roleArn,
      decision: decision.decision,
      errorCode: decision.decision === 'allowed' ? undefined : 'AccessDenied',
      detail: { policyType: 'trust', matchedStatements: decision.matchedStatements, explanation: decision.explanation },
      // The service's session has no credentials of its own here: CloudTrail's credentials are not written.
      requestParameters: { roleArn, roleSessionName: sessionName },
      responseElements:
        role && decision.decision === 'allowed'
          ? { assumedRoleUser: { assumedRoleId: `${role.roleId}:${sessionName}`, arn: assumedRoleArn(accountId, role.roleName, sessionName) } }
          : undefined,
    });
    if (!role || decision.decision !== 'allowed') throw assumeRoleDenied(servicePrincipal, roleArn);
    await this.sts.markRoleUsed(role, region, now);
    return new ServiceRoleSession(role, servicePrincipal, sessionName, region, await this.principalTags(role), this.iam.rolePolicies, this.audit, this.clock);
  }

  /** The role's tags: the session's aws:PrincipalTag/<key> values. */
  private async principalTags(role: Role): Promise<Record<string, string>> {
    const list = await this.iam.roles.tags(role.accountId, role.roleName);
    return Object.fromEntries(list.map((t) => [t.Key, t.Value]));
  }
}

class ServiceRoleSession implements RoleSession {
  readonly roleArn: string;
  readonly sessionArn: string;

  constructor(
    private readonly role: Role,
    readonly servicePrincipal: string,
    readonly sessionName: string,
    private readonly region: string,
    private readonly principalTags: Record<string, string>,
    private readonly policies: RolePolicyLoader,
    private readonly audit: AuditTrail,
    private readonly clock: () => Date,
  ) {
    this.roleArn = role.arn;
    this.sessionArn = assumedRoleArn(role.accountId, role.roleName, sessionName);
  }

  async authorize(call: OnBehalfCall): Promise<Decision> {
    const now = this.clock();
    const policies = await this.policies.load(this.role);
    const context: ContextValues = {
      ...timeContext(now),
      'aws:PrincipalArn': this.role.arn,
      'aws:PrincipalAccount': this.role.accountId,
      'aws:PrincipalType': 'AssumedRole',
      'aws:userid': `${this.role.roleId}:${this.sessionName}`,
      'aws:RequestedRegion': this.region,
      'aws:SecureTransport': 'true',
      'aws:ViaAWSService': 'false',
      'aws:PrincipalIsAWSService': 'false',
    };
    for (const [key, value] of Object.entries(this.principalTags)) context[`aws:PrincipalTag/${key}`] = value;
    for (const [key, value] of Object.entries(call.resourceTags ?? {})) context[`aws:ResourceTag/${key}`] = value;
    Object.assign(context, call.context);
    const request: AuthorizationRequest = {
      principal: this.sessionArn,
      principalAccount: this.role.accountId,
      action: call.action,
      resource: call.resource,
      context,
      identityPolicies: policies.identity,
      permissionsBoundaries: policies.boundary ? [policies.boundary] : undefined,
      // Service-linked roles are exempt from service control policies.
      isServiceLinkedRole: this.role.serviceLinked,
    };
    const decision = explain(request);
    const [prefix, name] = call.action.split(':');
    this.audit.record({
      time: now,
      accountId: this.role.accountId,
      kind: 'on-behalf',
      eventSource: call.eventSource ?? `${prefix}.amazonaws.com`,
      eventName: call.eventName ?? name ?? call.action,
      region: this.region,
      sourceIp: this.servicePrincipal,
      userAgent: this.servicePrincipal,
      principalArn: this.sessionArn,
      userName: this.sessionName,
      roleArn: this.role.arn,
      sessionName: this.sessionName,
      servicePrincipal: this.servicePrincipal,
      action: call.action,
      resource: call.resource,
      decision: decision.decision,
      errorCode: decision.decision === 'allowed' ? undefined : 'AccessDenied',
      detail: {
        matchedStatements: decision.matchedStatements,
        explanation: decision.explanation,
        ...(decision.decision === 'allowed' ? {} : { failedConditions: failedConditions(decision.unmatchedStatements) }),
        missingContextValues: decision.missingContextValues.length > 0 ? decision.missingContextValues : undefined,
        resourceTags: call.resourceTags,
      },
      requestParameters: call.requestParameters,
    });
    return decision;
  }
}

/** The statements that would have applied but for a condition, with the condition that failed. */
function failedConditions(unmatched: UnmatchedStatement[]): { policyId?: string; sid?: string; statementIndex: number; effect: string; detail: string }[] {
  return unmatched
    .filter((s) => s.reason === 'condition')
    .map((s) => ({ policyId: s.policyId, sid: s.sid, statementIndex: s.statementIndex, effect: s.effect, detail: s.detail }));
}
