// sts:GetDelegatedAccessToken: the partner that created a delegation request exchanges the trade-in token
// SendDelegationToken published for temporary credentials. They act as the identity that accepted the request
// (AcceptDelegationRequest recorded it), limited by the request's permission policy as a session policy, until
// the session window that SendDelegationToken opened (SessionDuration) ends. A token is exchanged once.
// An approver that is a role session gets a session of that role; an IAM user or the root user gets a federated
// user session (GetFederationToken's kind: its permissions, the intersection, are decided by FederatedUserDecider);
// any other approver (a federated user itself) is answered AccessDenied.
import { commonErrors, errors, type Operations } from '../../aws/generated/sts.js';
import type { ServiceOperations } from '../../aws/service.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import { DelegationRequests } from '../iam/delegation.js';
import { compilePolicy } from '../iam/policy-documents.js';
import { federatedUserArn } from './federation-token.js';
import { temporaryCredentials, type FederatedSessionRecord, type RoleSessionRecord } from './sessions.js';
import { assumedRoleArn, type Sts } from './sts.js';

/** AWS's description of ExpiredTradeInTokenException. */
const EXPIRED = 'The trade-in token provided in the request has expired and can no longer be exchanged for credentials. Request a new token and retry the operation.';

export function delegatedAccessOperations(sts: Sts): Pick<ServiceOperations<Operations>, 'GetDelegatedAccessToken'> {
  const requests = new DelegationRequests(sts.store, sts.iam.policies);
  return {
    GetDelegatedAccessToken: {
      summary: 'Exchanges a delegation request\'s trade-in token, once, for credentials of the approver limited by the permission policy (a role session, or a federated user for an IAM user or root)',
      authorize: async () => [await authorizationTarget('sts:GetDelegatedAccessToken', '*')],
      handle: async (input, ctx) => {
        const now = ctx.receivedAt;
        const redeemed = await requests.redeem(input.TradeInToken, now);
        if (redeemed === 'expired') throw errors.ExpiredTradeInTokenException(EXPIRED);
        // The token was published to the requestor: another account's caller holding it is refused as if it were no token.
        if (!redeemed || redeemed.requestorAccountId !== ctx.caller.accountId) throw commonErrors.InvalidParameterValue('The trade-in token is not valid.');
        const approver = redeemed.approver;
        compilePolicy(redeemed.permissionPolicy, 'session');
        const packed = Math.max(1, Math.ceil((JSON.stringify(JSON.parse(redeemed.permissionPolicy)).length * 100) / 2048));
        if (packed > 100) throw errors.PackedPolicyTooLarge(`Packed policy consumes ${packed}% of allotted space, please use smaller policy for the delegation request.`);
        const sessionName = `delegation-${redeemed.id}`.slice(0, 64);
        const credentials = { ...temporaryCredentials(), sourceArn: ctx.caller.arn, region: ctx.region, createdAt: now, expiration: redeemed.tokenExpiration! };
        let session: RoleSessionRecord | FederatedSessionRecord;
        if (approver?.roleArn) {
          const roleName = approver.roleArn.slice(approver.roleArn.lastIndexOf('/') + 1);
          const role = await sts.iam.roles.find(approver.accountId, roleName);
          if (!role) throw commonErrors.AccessDenied(`The role that accepted delegation request ${redeemed.id} (${approver.roleArn}) no longer exists.`);
          session = {
            kind: 'role',
            ...credentials,
            accountId: role.accountId,
            roleArn: role.arn,
            roleId: role.roleId,
            roleName: role.roleName,
            sessionName,
            assumedRoleArn: assumedRoleArn(role.accountId, role.roleName, sessionName),
            sessionPolicy: redeemed.permissionPolicy,
          };
        } else if (approver && (approver.type === 'root' || (approver.type === 'user' && approver.userId && approver.userName))) {
          // FederatedUserDecider decides it: the approving user's (or root's) policies and the permission policy both allow.
          const federatedName = `delegation-${redeemed.id}`.slice(0, 32);
          session = {
            kind: 'federated',
            ...credentials,
            accountId: approver.accountId,
            principalArn: approver.arn,
            userId: approver.type === 'root' ? approver.accountId : approver.userId!,
            userName: approver.type === 'root' ? 'root' : approver.userName!,
            federatedName,
            federatedArn: federatedUserArn(approver.accountId, federatedName),
            sessionPolicy: redeemed.permissionPolicy,
          };
        } else {
          throw commonErrors.AccessDenied(`Delegation request ${redeemed.id} was accepted by ${approver?.arn ?? 'no identity'}, whose delegated credentials are not modelled here.`);
        }
        await sts.sessions.insert(session);
        return {
          Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiration },
          AssumedPrincipal: session.kind === 'role' ? session.assumedRoleArn : session.federatedArn,
          PackedPolicySize: packed,
        };
      },
    },
  };
}
