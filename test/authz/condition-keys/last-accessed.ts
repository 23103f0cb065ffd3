// Condition-key rows of last accessed data and GetHumanReadableSummary: GenerateServiceLastAccessedDetails and
// ListPoliciesGrantingServiceAccess act on the entity their Arn names (the `role` and `user` types document
// aws:ResourceTag/<key> and iam:ResourceTag/<key>, the `policy` type aws:ResourceTag/<key>: the targets' tags,
// team=blue); GetHumanReadableSummary on a delegation request (iam:DelegationRequestOwner: its owner, root).
import {
  AssociateDelegationRequestCommand,
  CreateDelegationRequestCommand,
  CreatePolicyCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetHumanReadableSummaryCommand,
  ListPoliciesGrantingServiceAccessCommand,
} from '@aws-sdk/client-iam';
import { ACCOUNT, allowAll, policy, role, user, type Clients, type Row, type Target } from './support.js';

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

/** A delegation request root made and owns. */
async function ownedRequest(root: Clients, n: number): Promise<Target> {
  const { Policy } = await root.iam.send(new CreatePolicyCommand({ PolicyName: `summary-template-${n}`, PolicyDocument: allowAll }));
  const { DelegationRequestId } = await root.iam.send(
    new CreateDelegationRequestCommand({
      Description: 'summarized',
      Permissions: { PolicyTemplateArn: Policy!.Arn },
      RequestorWorkflowId: `summary-workflow-${n}`,
      NotificationChannel: `arn:aws:sns:us-east-1:${ACCOUNT}:summary-topic`,
      SessionDuration: 900,
    }),
  );
  await root.iam.send(new AssociateDelegationRequestCommand({ DelegationRequestId }));
  return { arn: `arn:aws:iam::${ACCOUNT}:delegation-request/${DelegationRequestId}` };
}

const generate = (u: Clients, t: Target) => u.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: t.arn }));
const granting = (u: Clients, t: Target) => u.iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: t.arn, ServiceNamespaces: ['iam'] }));

export const rows: Row[] = [
  { operation: 'GenerateServiceLastAccessedDetails', action: 'iam:GenerateServiceLastAccessedDetails', type: 'role', values: {}, setup: role, call: generate },
  { operation: 'GenerateServiceLastAccessedDetails', action: 'iam:GenerateServiceLastAccessedDetails', type: 'user', values: {}, setup: user, call: generate },
  { operation: 'GenerateServiceLastAccessedDetails', action: 'iam:GenerateServiceLastAccessedDetails', type: 'policy', values: {}, setup: policy, call: generate },
  { operation: 'ListPoliciesGrantingServiceAccess', action: 'iam:ListPoliciesGrantingServiceAccess', type: 'role', values: {}, setup: role, call: granting },
  { operation: 'ListPoliciesGrantingServiceAccess', action: 'iam:ListPoliciesGrantingServiceAccess', type: 'user', values: {}, setup: user, call: granting },
  {
    operation: 'GetHumanReadableSummary',
    action: 'iam:GetHumanReadableSummary',
    type: 'delegation-request',
    values: { keys: { 'iam:DelegationRequestOwner': ROOT } },
    setup: ownedRequest,
    call: (u, t) => u.iam.send(new GetHumanReadableSummaryCommand({ EntityArn: t.arn })),
  },
];
