// sts:GetDelegatedAccessToken: the partner that created a delegation request exchanges the trade-in token
// SendDelegationToken published for temporary credentials. They act as the identity that accepted the request
// (AcceptDelegationRequest recorded it), limited by the request's permission policy as a session policy, until
// the session window that SendDelegationToken opened (SessionDuration) ends. A token is exchanged once.
// Modelled for an approver that is a role session (the credentials are a session of that role); an approver
// that is an IAM user or the root user is answered AccessDenied (docs/sts.md says why).
import { commonErrors, errors, type Operations } from '../../aws/generated/sts.js';
import type { ServiceOperations } from '../../aws/service.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import { DelegationRequests } from '../iam/delegation.js';
import { accessKeyId, secretAccessKey } from '../iam/ids.js';
import { compilePolicy } from '../iam/policy-documents.js';
import { sessionToken, type RoleSessionRecord } from './sessions.js';
import { assumedRoleArn, type Sts } from './sts.js';

/** AWS's description of ExpiredTradeInTokenException. */
const EXPIRED = 'The trade-in token provided in the request has expired and can no longer be exchanged for credentials. Request a new token and retry the operation.';

export function delegatedAccessOperations(sts: Sts): Pick<ServiceOperations<Operations>, 'GetDelegatedAccessToken'> {
  const requests = new DelegationRequests(sts.store, sts.iam.policies);
  return {
    GetDelegatedAccessToken: {
      authorize: async () => [await authorizationTarget('sts:GetDelegatedAccessToken', '*')],
      handle: async (input, ctx) => {
        const now = ctx.receivedAt;
        const redeemed = await requests.redeem(input.TradeInToken, now);
        if (redeemed === 'expired') throw errors.ExpiredTradeInTokenException(EXPIRED);
        // The token was published to the requestor: another account's caller holding it is refused as if it were no token.
        if (!redeemed || redeemed.requestorAccountId !== ctx.caller.accountId) throw commonErrors.InvalidParameterValue('The trade-in token is not valid.');
        const approver = redeemed.approver;
        if (!approver?.roleArn) {
          throw commonErrors.AccessDenied(`Delegation request ${redeemed.id} was accepted by ${approver?.arn ?? 'no identity'}: delegated credentials for an IAM user or the root user are not modelled here, only for a role session.`);
        }
        const roleName = approver.roleArn.slice(approver.roleArn.lastIndexOf('/') + 1);
        const role = await sts.iam.roles.find(approver.accountId, roleName);
        if (!role) throw commonErrors.AccessDenied(`The role that accepted delegation request ${redeemed.id} (${approver.roleArn}) no longer exists.`);
        compilePolicy(redeemed.permissionPolicy, 'session');
        const packed = Math.max(1, Math.ceil((JSON.stringify(JSON.parse(redeemed.permissionPolicy)).length * 100) / 2048));
        if (packed > 100) throw errors.PackedPolicyTooLarge(`Packed policy consumes ${packed}% of allotted space, please use smaller policy for the delegation request.`);
        const sessionName = `delegation-${redeemed.id}`.slice(0, 64);
        const session: RoleSessionRecord = {
          kind: 'role',
          accessKeyId: accessKeyId('ASIA'),
          secretAccessKey: secretAccessKey(),
          sessionToken: sessionToken(),
          accountId: role.accountId,
          roleArn: role.arn,
          roleId: role.roleId,
          roleName: role.roleName,
          sessionName,
          assumedRoleArn: assumedRoleArn(role.accountId, role.roleName, sessionName),
          sourceArn: ctx.caller.arn,
          region: ctx.region,
          createdAt: now,
          expiration: redeemed.tokenExpiration!,
          sessionPolicy: redeemed.permissionPolicy,
        };
        await sts.sessions.insert(session);
        return {
          Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiration },
          AssumedPrincipal: session.assumedRoleArn,
          PackedPolicySize: packed,
        };
      },
    },
  };
}
