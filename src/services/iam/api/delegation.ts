// IAM's delegation request operations (the lifecycle is in ../delegation.ts). Each needs its IAM action on the
// request's ARN in the caller's account (arn:aws:iam::ACCOUNT:delegation-request/ID: the account acting on it), with
// iam:DelegationRequestOwner (the owner's ARN); CreateDelegationRequest offers iam:DelegationDuration,
// iam:NotificationChannel and iam:TemplateArn, ListDelegationRequests iam:DelegationRequestOwner (its OwnerId).
import type { Operations } from '../../../aws/generated/iam.js';
import type { Authorized, Caller, RequestContext, ServiceOperations } from '../../../aws/service.js';
import { authorizationTarget } from '../condition-keys.js';
import type { PermissionCheck } from '../delegation-check.js';
import { delegationRequestArn, delegationRequestToWire, DelegationRequests, type Approver } from '../delegation.js';
import { account, paged } from './common.js';

/** GetDelegationRequest's DelegationPermissionCheck: whether the caller's permissions cover a permission policy. */
export type DelegationPermissionChecker = (caller: Caller, document: string) => Promise<PermissionCheck>;

export function delegationOperations(requests: DelegationRequests, check: DelegationPermissionChecker): ServiceOperations<Operations> {
  /** A permission on one request, with its owner as iam:DelegationRequestOwner. */
  const onRequest =
    (action: string) =>
    async (input: { DelegationRequestId: string }, ctx: RequestContext) => {
      const request = await requests.find(input.DelegationRequestId, ctx.receivedAt);
      const arn = delegationRequestArn(account(ctx), input.DelegationRequestId);
      return [await authorizationTarget(action, arn, { keys: { 'iam:DelegationRequestOwner': request?.ownerId } })];
    };

  /** The identity accepting a request, as the delegated credentials will act as it. */
  const approverOf = (ctx: RequestContext): Approver => {
    const { caller } = ctx;
    const role = caller.type === 'assumed-role' ? /^arn:aws(?:-cn|-us-gov)?:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller.arn) : null;
    return {
      type: caller.type,
      arn: caller.arn,
      accountId: caller.accountId,
      ...(role ? { roleArn: `arn:aws:iam::${role[1]}:role/${role[2]}` } : {}),
      ...(caller.type === 'user' ? { userId: caller.userId, userName: caller.name } : {}),
    };
  };

  return {
    CreateDelegationRequest: {
      summary: 'A partner\'s request (UNASSIGNED), its permission policy the default version of the managed policy PolicyTemplateArn names; workflow ids unique per requestor',
      authorize: async (input, ctx): Promise<Authorized<string>> => {
        const id = DelegationRequests.newId();
        const target = await authorizationTarget('iam:CreateDelegationRequest', delegationRequestArn(account(ctx), id), {
          keys: {
            'iam:DelegationDuration': String(input.SessionDuration),
            'iam:NotificationChannel': input.NotificationChannel,
            'iam:TemplateArn': input.Permissions.PolicyTemplateArn,
          },
        });
        return { targets: [target], state: id };
      },
      handle: async (input, ctx, id: string) => {
        const request = await requests.create(id, ctx.caller, input, ctx.receivedAt);
        return { DelegationRequestId: request.id };
      },
    },
    GetDelegationRequest: {
      summary: 'The request, to its requestor and owner account (anyone while it has none); DelegationPermissionCheck decided by the policy simulator',
      authorize: onRequest('iam:GetDelegationRequest'),
      handle: async (input, ctx) => {
        const request = await requests.get(input.DelegationRequestId, ctx.caller, ctx.receivedAt);
        return { DelegationRequest: delegationRequestToWire(request), ...(input.DelegationPermissionCheck ? await check(ctx.caller, request.permissionPolicy) : {}) };
      },
    },
    ListDelegationRequests: {
      summary: 'The caller account\'s owned requests (OwnerId filter), paged by id',
      authorize: async (input) => [await authorizationTarget('iam:ListDelegationRequests', '*', { keys: { 'iam:DelegationRequestOwner': input.OwnerId } })],
      handle: async (input, ctx) => {
        const page = await requests.list(ctx.caller, input, ctx.receivedAt);
        const { DelegationRequests: items, IsTruncated, Marker } = paged(page, 'DelegationRequests', delegationRequestToWire);
        // The model names this member isTruncated (lower-case i), unlike IAM's other lists.
        return { DelegationRequests: items, isTruncated: IsTruncated, Marker };
      },
    },
    AssociateDelegationRequest: {
      summary: 'The caller becomes the owner (ASSIGNED); only from the OwnerAccountId given at creation, if any',
      authorize: onRequest('iam:AssociateDelegationRequest'),
      handle: async (input, ctx) => (await requests.associate(input.DelegationRequestId, ctx.caller, ctx.receivedAt), {}),
    },
    UpdateDelegationRequest: {
      summary: 'Notes from the owner account (PENDING_APPROVAL)',
      authorize: onRequest('iam:UpdateDelegationRequest'),
      handle: async (input, ctx) => (await requests.update(input.DelegationRequestId, ctx.caller, input.Notes, ctx.receivedAt), {}),
    },
    AcceptDelegationRequest: {
      summary: 'Records the caller as the approver whose identity the delegated credentials act as (ACCEPTED)',
      authorize: onRequest('iam:AcceptDelegationRequest'),
      handle: async (input, ctx) => (await requests.accept(input.DelegationRequestId, ctx.caller, approverOf(ctx), ctx.receivedAt), {}),
    },
    RejectDelegationRequest: {
      summary: 'REJECTED with the notes as RejectionReason; never accepted after',
      authorize: onRequest('iam:RejectDelegationRequest'),
      handle: async (input, ctx) => (await requests.reject(input.DelegationRequestId, ctx.caller, input.Notes, ctx.receivedAt), {}),
    },
    SendDelegationToken: {
      summary: 'FINALIZED: a one-time trade-in token published to the notification channel (linkedrole delegation-notifications); the session window starts',
      authorize: onRequest('iam:SendDelegationToken'),
      handle: async (input, ctx) => (await requests.sendToken(input.DelegationRequestId, ctx.caller, ctx.receivedAt), {}),
    },
  };
}
