// CONTRACT (implemented by the STS work): a linked service acting on the customer's behalf. It assumes
// its service-linked role (the trust policy must name its service principal), and every downstream call
// is decided by the policy engine against the role's policies and recorded in the audit trail.
import type { ContextValues, Decision } from '../../policy/types.js';

export interface OnBehalfCall {
  /** e.g. appflow:StartFlow */
  action: string;
  /** The target resource's ARN, or `*`. */
  resource: string;
  /** The target resource's tags (aws:ResourceTag/<key>). */
  resourceTags?: Record<string, string>;
  /** Other request context: aws:TagKeys, aws:RequestTag/<k>, cloudwatch:namespace, ... */
  context?: ContextValues;
  /** The downstream operation's name for the audit trail, e.g. StartFlow. */
  eventName?: string;
  /** The downstream service's event source, e.g. appflow.amazonaws.com. */
  eventSource?: string;
  /** The call's input as CloudTrail writes it (lower-camel-case members), e.g. { flowName }. */
  requestParameters?: Record<string, unknown>;
}

export interface RoleSession {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly servicePrincipal: string;
  /** Decides a downstream call and records it; never throws for a denial. */
  authorize(call: OnBehalfCall): Promise<Decision>;
}

export interface OnBehalf {
  /**
   * sts:AssumeRole by `servicePrincipal` of `roleName` in `region`: checked against the role's trust
   * policy (AccessDenied otherwise); updates RoleLastUsed.
   */
  assume(accountId: string, servicePrincipal: string, roleName: string, region: string): Promise<RoleSession>;
}
