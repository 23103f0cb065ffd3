// IAM's identity operations (users, groups, access keys, customer managed policies, the policies of
// users and groups, tags, user permissions boundaries), named as AWS names them. Each declares the
// permission it needs through authorizationTarget (condition-keys.ts), which keeps the keys AWS documents (aws:RequestTag/*, aws:TagKeys,
// iam:PolicyARN, iam:PermissionsBoundary) and the target's tags (aws:ResourceTag/*).
//
// GetPolicy, GetPolicyVersion, ListPolicyVersions and ListPolicies extend the AWS managed policy
// operations: an ARN in the caller's own account is a customer managed policy; anything else goes to
// the AWS managed policy handlers, whose usage counts are completed with users' and groups' attachments.
import { AwsError } from '../../aws/errors.js';
import type { AuthorizationTarget, OperationImpl, RequestContext } from '../../aws/service.js';
import { customerPolicyArn, policyAccount, type CustomerPolicy } from './customer-policies.js';
import { groupArn, type Group } from './groups.js';
import { decodeMarker, encodeMarker, pageOf, type Page } from './iam.js';
import type { Identities } from './identities.js';
import { nameKey, readTags } from './identity-tags.js';
import type { PrincipalKind } from './principal-policies.js';
import { authorizationTarget, type RequestFacts } from './condition-keys.js';
import type { Tag } from './roles.js';
import { userArn, type User } from './users.js';
import { policyToWire, policyVersionToWire } from './wire.js';

type Input = Record<string, any>;

function paged<T>(page: Page<T>, member: string, map: (item: T) => unknown = (item) => item): Record<string, unknown> {
  return { [member]: page.items.map(map), IsTruncated: page.isTruncated, Marker: page.marker };
}

export function userToWire(user: User, view: { tags?: Tag[]; boundary?: boolean } = {}): Record<string, unknown> {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    PermissionsBoundary:
      view.boundary && user.permissionsBoundaryArn ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: user.permissionsBoundaryArn } : undefined,
    Tags: view.tags && view.tags.length > 0 ? view.tags : undefined,
  };
}

export function groupToWire(group: Group): Record<string, unknown> {
  return { Path: group.path, GroupName: group.groupName, GroupId: group.groupId, Arn: group.arn, CreateDate: group.createDate };
}

function customerPolicyToWire(policy: CustomerPolicy, usage: { attachmentCount: number; boundaryUsageCount: number }, view: { tags?: Tag[]; description?: boolean } = {}) {
  return {
    ...policyToWire({ ...policy, ...usage }),
    Description: view.description ? policy.description : undefined,
    Tags: view.tags && view.tags.length > 0 ? view.tags : undefined,
  };
}


const LOCAL_PHASE = '\u0000L';

export function identityOperations(identities: Identities, awsManaged: Record<string, OperationImpl>): Record<string, OperationImpl> {
  const { users, groups, accessKeys, customerPolicies, managedPolicies, policies } = identities;
  const account = (ctx: RequestContext) => ctx.caller.accountId;

  /** The user an operation names, or (without UserName) the calling user. */
  const userNameOf = (input: Input, ctx: RequestContext): string => {
    if (input.UserName) return input.UserName;
    if (ctx.caller.type === 'user' && ctx.caller.name) return ctx.caller.name;
    throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
  };

  /**
   * A permission on a user: its ARN with its path, its tags, its permissions boundary as
   * iam:PermissionsBoundary, and the request's own `facts` (which win); `authorizationTarget` keeps the
   * keys AWS documents for the action.
   */
  const onUser =
    (action: string, options: { facts?: (input: Input) => RequestFacts; optionalName?: boolean } = {}) =>
    async (input: Input, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
      const own = options.facts?.(input) ?? {};
      if (options.optionalName && !input.UserName && ctx.caller.type !== 'user') {
        return [await authorizationTarget(action, ctx.caller.arn, own)];
      }
      const name = userNameOf(input, ctx);
      const user = await users.find(account(ctx), name);
      return [
        await authorizationTarget(action, user ? user.arn : userArn(account(ctx), '/', name), {
          ...own,
          resourceTags: user ? () => readTags(identities.store.db, account(ctx), 'user', nameKey(user.userName)) : undefined,
          keys: { 'iam:PermissionsBoundary': user?.permissionsBoundaryArn, ...own.keys },
        }),
      ];
    };

  /** A permission on a group (IAM groups have no tags). */
  const onGroup =
    (action: string, facts?: (input: Input) => RequestFacts) =>
    async (input: Input, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
      const group = await groups.find(account(ctx), input.GroupName);
      return [await authorizationTarget(action, group ? group.arn : groupArn(account(ctx), '/', input.GroupName), facts?.(input))];
    };

  const onPrincipal = (kind: PrincipalKind, action: string, facts?: (input: Input) => RequestFacts) =>
    kind === 'user' ? onUser(action, { facts }) : onGroup(action, facts);

  /** A permission on a managed policy, with a customer policy's tags as aws:ResourceTag/*. */
  const onPolicy =
    (action: string, facts?: (input: Input) => RequestFacts) =>
    async (input: Input, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
      const arn = input.PolicyArn as string;
      const policy = policyAccount(arn) === account(ctx) ? await customerPolicies.find(arn) : undefined;
      return [
        await authorizationTarget(action, arn, {
          ...facts?.(input),
          resourceTags: policy ? () => readTags(identities.store.db, account(ctx), 'policy', nameKey(policy.name)) : undefined,
        }),
      ];
    };

  const isCustomer = (input: Input, ctx: RequestContext) => policyAccount(input.PolicyArn) === account(ctx);
  const ok = () => ({});

  const principalOperations = (kind: PrincipalKind, noun: 'User' | 'Group'): Record<string, OperationImpl> => {
    const nameOf = (input: Input) => (kind === 'user' ? input.UserName : input.GroupName) as string;
    return {
      [`Put${noun}Policy`]: {
        authorize: onPrincipal(kind, `iam:Put${noun}Policy`),
        handle: async (input, ctx) => (await policies.put(kind, account(ctx), nameOf(input), input.PolicyName, input.PolicyDocument), {}),
      },
      [`Get${noun}Policy`]: {
        authorize: onPrincipal(kind, `iam:Get${noun}Policy`),
        handle: async (input, ctx) => {
          const { principalName, policy } = await policies.get(kind, account(ctx), nameOf(input), input.PolicyName);
          return { [`${noun}Name`]: principalName, PolicyName: policy.policyName, PolicyDocument: encodeURIComponent(policy.document) };
        },
      },
      [`Delete${noun}Policy`]: {
        authorize: onPrincipal(kind, `iam:Delete${noun}Policy`),
        handle: async (input, ctx) => (await policies.delete(kind, account(ctx), nameOf(input), input.PolicyName), {}),
      },
      [`List${noun}Policies`]: {
        authorize: onPrincipal(kind, `iam:List${noun}Policies`),
        handle: async (input, ctx) => paged(await policies.listNames(kind, account(ctx), nameOf(input), input), 'PolicyNames'),
      },
      [`Attach${noun}Policy`]: {
        authorize: onPrincipal(kind, `iam:Attach${noun}Policy`, (input) => ({ keys: { 'iam:PolicyARN': input.PolicyArn } })),
        handle: async (input, ctx) => (await policies.attach(kind, account(ctx), nameOf(input), input.PolicyArn), {}),
      },
      [`Detach${noun}Policy`]: {
        authorize: onPrincipal(kind, `iam:Detach${noun}Policy`, (input) => ({ keys: { 'iam:PolicyARN': input.PolicyArn } })),
        handle: async (input, ctx) => (await policies.detach(kind, account(ctx), nameOf(input), input.PolicyArn), {}),
      },
      [`ListAttached${noun}Policies`]: {
        authorize: onPrincipal(kind, `iam:ListAttached${noun}Policies`),
        handle: async (input, ctx) => paged(await policies.listAttached(kind, account(ctx), nameOf(input), input), 'AttachedPolicies'),
      },
    };
  };

  const tagsPage = (tags: Tag[], input: Input) => {
    const indexed = tags.map((tag, i) => ({ tag, position: String(i).padStart(4, '0') }));
    const page = pageOf(indexed, (t) => t.position, input);
    return paged({ ...page, items: page.items.map((t) => t.tag) }, 'Tags');
  };

  return {
    // --- users ----------------------------------------------------------------------------------------
    CreateUser: {
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:CreateUser', userArn(account(ctx), input.Path ?? '/', input.UserName), {
          requestTags: input.Tags,
          keys: { 'iam:PermissionsBoundary': input.PermissionsBoundary },
        }),
      ],
      handle: async (input, ctx) => {
        const { user, tags } = await users.create(account(ctx), input as never);
        return { User: userToWire(user, { tags, boundary: true }) };
      },
    },
    GetUser: {
      authorize: onUser('iam:GetUser', { optionalName: true }),
      handle: async (input, ctx) => {
        if (!input.UserName && ctx.caller.type === 'root') {
          return { User: { UserId: ctx.caller.accountId, Arn: ctx.caller.arn, CreateDate: new Date(0) } };
        }
        const user = await users.get(account(ctx), userNameOf(input, ctx));
        return { User: userToWire(user, { tags: await users.tags(account(ctx), user.userName), boundary: true }) };
      },
    },
    ListUsers: {
      authorize: async (input, ctx) => [await authorizationTarget('iam:ListUsers', `arn:aws:iam::${account(ctx)}:user/`)],
      handle: async (input, ctx) => paged(await users.list(account(ctx), input), 'Users', (user) => userToWire(user)),
    },
    UpdateUser: {
      authorize: onUser('iam:UpdateUser'),
      handle: async (input, ctx) => (await users.update(account(ctx), input.UserName, input), {}),
    },
    DeleteUser: {
      authorize: onUser('iam:DeleteUser'),
      handle: async (input, ctx) => (await users.delete(account(ctx), input.UserName), {}),
    },
    TagUser: {
      authorize: onUser('iam:TagUser', { facts: (input) => ({ requestTags: input.Tags }) }),
      handle: async (input, ctx) => (await users.tag(account(ctx), input.UserName, input.Tags), {}),
    },
    UntagUser: {
      authorize: onUser('iam:UntagUser', { facts: (input) => ({ tagKeys: input.TagKeys }) }),
      handle: async (input, ctx) => (await users.untag(account(ctx), input.UserName, input.TagKeys), {}),
    },
    ListUserTags: {
      authorize: onUser('iam:ListUserTags'),
      handle: async (input, ctx) => tagsPage(await users.tags(account(ctx), input.UserName), input),
    },
    PutUserPermissionsBoundary: {
      authorize: onUser('iam:PutUserPermissionsBoundary', { facts: (input) => ({ keys: { 'iam:PermissionsBoundary': input.PermissionsBoundary } }) }),
      handle: async (input, ctx) => (await users.putPermissionsBoundary(account(ctx), input.UserName, input.PermissionsBoundary), {}),
    },
    DeleteUserPermissionsBoundary: {
      authorize: onUser('iam:DeleteUserPermissionsBoundary'),
      handle: async (input, ctx) => (await users.deletePermissionsBoundary(account(ctx), input.UserName), {}),
    },
    // --- groups ---------------------------------------------------------------------------------------
    CreateGroup: {
      authorize: async (input, ctx) => [await authorizationTarget('iam:CreateGroup', groupArn(account(ctx), input.Path ?? '/', input.GroupName))],
      handle: async (input, ctx) => ({ Group: groupToWire(await groups.create(account(ctx), input as never)) }),
    },
    GetGroup: {
      authorize: onGroup('iam:GetGroup'),
      handle: async (input, ctx) => {
        const { group, page } = await groups.members(account(ctx), input.GroupName, input);
        return { Group: groupToWire(group), ...paged(page, 'Users', (user) => userToWire(user)) };
      },
    },
    ListGroups: {
      authorize: async (_input, ctx) => [await authorizationTarget('iam:ListGroups', `arn:aws:iam::${account(ctx)}:group/`)],
      handle: async (input, ctx) => paged(await groups.list(account(ctx), input), 'Groups', groupToWire),
    },
    DeleteGroup: {
      authorize: onGroup('iam:DeleteGroup'),
      handle: async (input, ctx) => (await groups.delete(account(ctx), input.GroupName), {}),
    },
    AddUserToGroup: {
      authorize: onGroup('iam:AddUserToGroup'),
      handle: async (input, ctx) => (await groups.addUser(account(ctx), input.GroupName, input.UserName), {}),
    },
    RemoveUserFromGroup: {
      authorize: onGroup('iam:RemoveUserFromGroup'),
      handle: async (input, ctx) => (await groups.removeUser(account(ctx), input.GroupName, input.UserName), {}),
    },
    ListGroupsForUser: {
      authorize: onUser('iam:ListGroupsForUser'),
      handle: async (input, ctx) => {
        const list = await groups.groupsOf(account(ctx), input.UserName);
        return paged(pageOf(list, (g) => nameKey(g.groupName), input), 'Groups', groupToWire);
      },
    },
    // --- access keys ------------------------------------------------------------------------------------
    CreateAccessKey: {
      authorize: onUser('iam:CreateAccessKey'),
      handle: async (input, ctx) => {
        const key = await accessKeys.create(account(ctx), userNameOf(input, ctx));
        return { AccessKey: { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: key.secretAccessKey, CreateDate: key.createDate } };
      },
    },
    ListAccessKeys: {
      authorize: onUser('iam:ListAccessKeys', { optionalName: true }),
      handle: async (input, ctx) => {
        // The root user's own keys are not IAM access keys.
        if (!input.UserName && ctx.caller.type === 'root') return { AccessKeyMetadata: [], IsTruncated: false };
        const keys = await accessKeys.list(account(ctx), userNameOf(input, ctx));
        return {
          AccessKeyMetadata: keys.map((k) => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createDate })),
          IsTruncated: false,
        };
      },
    },
    UpdateAccessKey: {
      authorize: onUser('iam:UpdateAccessKey'),
      handle: async (input, ctx) => (await accessKeys.update(account(ctx), userNameOf(input, ctx), input.AccessKeyId, input.Status), {}),
    },
    DeleteAccessKey: {
      authorize: onUser('iam:DeleteAccessKey'),
      handle: async (input, ctx) => (await accessKeys.delete(account(ctx), userNameOf(input, ctx), input.AccessKeyId), {}),
    },
    // --- customer managed policies ----------------------------------------------------------------------
    CreatePolicy: {
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:CreatePolicy', customerPolicyArn(account(ctx), input.Path ?? '/', input.PolicyName), { requestTags: input.Tags }),
      ],
      handle: async (input, ctx) => {
        const { policy, tags } = await customerPolicies.create(account(ctx), input as never);
        return { Policy: customerPolicyToWire(policy, { attachmentCount: 0, boundaryUsageCount: 0 }, { tags }) };
      },
    },
    GetPolicy: {
      authorize: onPolicy('iam:GetPolicy'),
      handle: async (input, ctx) => {
        const usage = () => managedPolicies.usageOf(account(ctx), input.PolicyArn);
        if (isCustomer(input, ctx)) {
          const policy = await customerPolicies.get(account(ctx), input.PolicyArn);
          return { Policy: customerPolicyToWire(policy, await usage(), { tags: await customerPolicies.tags(account(ctx), policy.arn), description: true }) };
        }
        const answer = (await awsManaged.GetPolicy.handle(input, ctx)) as { Policy: Record<string, unknown> };
        const counts = await usage();
        return { Policy: { ...answer.Policy, AttachmentCount: counts.attachmentCount, PermissionsBoundaryUsageCount: counts.boundaryUsageCount } };
      },
    },
    GetPolicyVersion: {
      authorize: onPolicy('iam:GetPolicyVersion'),
      handle: async (input, ctx) =>
        isCustomer(input, ctx)
          ? { PolicyVersion: policyVersionToWire(await customerPolicies.version(account(ctx), input.PolicyArn, input.VersionId)) }
          : awsManaged.GetPolicyVersion.handle(input, ctx),
    },
    ListPolicyVersions: {
      authorize: onPolicy('iam:ListPolicyVersions'),
      handle: async (input, ctx) => {
        if (!isCustomer(input, ctx)) return awsManaged.ListPolicyVersions.handle(input, ctx);
        const versions = await customerPolicies.versions(account(ctx), input.PolicyArn);
        const indexed = versions.map((v, i) => ({ v, position: String(i).padStart(6, '0') }));
        const page = pageOf(indexed, (x) => x.position, input);
        return paged(page, 'Versions', (x) => {
          const { Document: _document, ...rest } = policyVersionToWire(x.v);
          return rest;
        });
      },
    },
    ListPolicies: {
      authorize: awsManaged.ListPolicies.authorize,
      handle: async (input, ctx) => listPolicies(input, ctx),
    },
    CreatePolicyVersion: {
      authorize: onPolicy('iam:CreatePolicyVersion'),
      handle: async (input, ctx) => {
        if (!isCustomer(input, ctx)) throw notCustomer(input.PolicyArn);
        const version = await customerPolicies.createVersion(account(ctx), input.PolicyArn, input.PolicyDocument, input.SetAsDefault === true);
        const { Document: _document, ...rest } = policyVersionToWire(version);
        return { PolicyVersion: rest };
      },
    },
    SetDefaultPolicyVersion: {
      authorize: onPolicy('iam:SetDefaultPolicyVersion'),
      handle: async (input, ctx) => {
        if (!isCustomer(input, ctx)) throw notCustomer(input.PolicyArn);
        await customerPolicies.setDefaultVersion(account(ctx), input.PolicyArn, input.VersionId);
        return {};
      },
    },
    DeletePolicyVersion: {
      authorize: onPolicy('iam:DeletePolicyVersion'),
      handle: async (input, ctx) => {
        if (!isCustomer(input, ctx)) throw notCustomer(input.PolicyArn);
        await customerPolicies.deleteVersion(account(ctx), input.PolicyArn, input.VersionId);
        return {};
      },
    },
    DeletePolicy: {
      authorize: onPolicy('iam:DeletePolicy'),
      handle: async (input, ctx) => {
        if (!isCustomer(input, ctx)) throw notCustomer(input.PolicyArn);
        await customerPolicies.delete(account(ctx), input.PolicyArn, (tx) => managedPolicies.usageOf(account(ctx), input.PolicyArn, tx));
        return {};
      },
    },
    ListEntitiesForPolicy: {
      authorize: onPolicy('iam:ListEntitiesForPolicy'),
      handle: async (input, ctx) => {
        const { users: u, groups: g, roles: r } = await managedPolicies.entities(account(ctx), input.PolicyArn, input);
        return { PolicyGroups: g, PolicyUsers: u, PolicyRoles: r, IsTruncated: false };
      },
    },
    TagPolicy: {
      authorize: onPolicy('iam:TagPolicy', (input) => ({ requestTags: input.Tags })),
      handle: async (input, ctx) => {
        if (!isCustomer(input, ctx)) throw notCustomer(input.PolicyArn);
        await customerPolicies.tag(account(ctx), input.PolicyArn, input.Tags);
        return {};
      },
    },
    UntagPolicy: {
      authorize: onPolicy('iam:UntagPolicy', (input) => ({ tagKeys: input.TagKeys })),
      handle: async (input, ctx) => {
        if (!isCustomer(input, ctx)) throw notCustomer(input.PolicyArn);
        await customerPolicies.untag(account(ctx), input.PolicyArn, input.TagKeys);
        return {};
      },
    },
    ListPolicyTags: {
      authorize: onPolicy('iam:ListPolicyTags'),
      handle: async (input, ctx) => {
        if (!isCustomer(input, ctx)) throw notCustomer(input.PolicyArn);
        return tagsPage(await customerPolicies.tags(account(ctx), input.PolicyArn), input);
      },
    },
    // --- policies of users and groups ---------------------------------------------------------------------
    ...principalOperations('user', 'User'),
    ...principalOperations('group', 'Group'),
  };

  /**
   * ListPolicies: Scope=Local lists the account's policies; AWS lists AWS managed policies (counts
   * completed with users' and groups' attachments); All lists AWS's first, then the account's.
   */
  async function listPolicies(input: Input, ctx: RequestContext): Promise<Record<string, unknown>> {
    const accountId = account(ctx);
    const max: number = input.MaxItems ?? 100;
    const usageFilter = input.PolicyUsageFilter as string | undefined;
    const local = async (marker: string | undefined, limit: number) => {
      const { attachments, boundaries } = await managedPolicies.usage(accountId);
      const counts = (p: CustomerPolicy) => ({ attachmentCount: attachments.get(p.arn) ?? 0, boundaryUsageCount: boundaries.get(p.arn) ?? 0 });
      const keep = (p: CustomerPolicy) => {
        if (!input.OnlyAttached) return true;
        const c = counts(p);
        return (usageFilter === 'PermissionsBoundary' ? c.boundaryUsageCount : usageFilter === 'PermissionsPolicy' ? c.attachmentCount : c.attachmentCount + c.boundaryUsageCount) > 0;
      };
      const page = await customerPolicies.list(accountId, { PathPrefix: input.PathPrefix, Marker: marker, MaxItems: limit }, keep);
      return { items: page.items.map((p) => customerPolicyToWire(p, counts(p))), isTruncated: page.isTruncated, marker: page.marker };
    };
    const localMarker = (marker: string | undefined) => encodeMarker(LOCAL_PHASE + (marker === undefined ? '' : decodeMarker(marker)!));
    const decoded = decodeMarker(input.Marker);
    const inLocalPhase = decoded?.startsWith(LOCAL_PHASE) ?? false;
    const rest = inLocalPhase ? decoded!.slice(LOCAL_PHASE.length) : undefined;
    const localStart = rest ? encodeMarker(rest) : undefined;
    if (input.Scope === 'Local' || inLocalPhase) {
      const page = await local(input.Scope === 'Local' && !inLocalPhase ? input.Marker : localStart, max);
      return {
        Policies: page.items,
        IsTruncated: page.isTruncated,
        Marker: page.isTruncated ? (input.Scope === 'Local' ? page.marker : localMarker(page.marker)) : undefined,
      };
    }
    const awsPage = (await awsManaged.ListPolicies.handle({ ...input, Scope: 'AWS' }, ctx)) as { Policies: Record<string, unknown>[]; IsTruncated: boolean; Marker?: string };
    const { attachments, boundaries } = await managedPolicies.usage(accountId, awsPage.Policies.map((p) => p.Arn as string));
    const policiesOut = awsPage.Policies.map((p) => ({
      ...p,
      AttachmentCount: attachments.get(p.Arn as string) ?? 0,
      PermissionsBoundaryUsageCount: boundaries.get(p.Arn as string) ?? 0,
    }));
    if (input.Scope === 'AWS' || awsPage.IsTruncated) return { ...awsPage, Policies: policiesOut };
    const room = max - policiesOut.length;
    if (room === 0) {
      const probe = await local(undefined, 1);
      return probe.items.length > 0 ? { Policies: policiesOut, IsTruncated: true, Marker: encodeMarker(LOCAL_PHASE) } : { Policies: policiesOut, IsTruncated: false };
    }
    const page = await local(undefined, room);
    return { Policies: [...policiesOut, ...page.items], IsTruncated: page.isTruncated, Marker: page.isTruncated ? localMarker(page.marker) : undefined };
  }
}

/** The operations that change a managed policy apply to the caller's own policies only. */
function notCustomer(arn: string): AwsError {
  return new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
}
