// GetAccountAuthorizationDetails: every user, group, role and managed policy of the account with their
// policies, in one paged list. The entries are ordered users, groups, roles, then policies (each kind by
// name), as AWS answers them; the list is keyed first (names only) and only the page's entries are read in
// full. Policies: every customer managed policy, and the AWS managed policies the account uses (attached
// to, or the permissions boundary of, one of its entities), each with all its versions.
import type {
  AttachedPermissionsBoundary,
  EntityType,
  GetAccountAuthorizationDetailsResponse,
  GroupDetail,
  ManagedPolicyDetail,
  RoleDetail,
  UserDetail,
} from '../../aws/generated/iam.js';
import type { Store } from '../../store/database.js';
import type { Groups } from './groups.js';
import type { Iam } from './iam.js';
import { readTags } from './identity-tags.js';
import type { InstanceProfile } from './instance-profiles.js';
import { pageOf, type PageRequest } from './paging.js';
import { splitPolicyArn } from './policy-arns.js';
import type { PrincipalPolicies } from './principal-policies.js';
import { fromRow as roleFromRow } from './roles.js';
import { userFromRow } from './users.js';
import { policyVersionToWire } from './wire.js';
import type { CustomerPolicy } from './customer-policies.js';

type Usage = { attachments: Map<string, number>; boundaries: Map<string, number> };

const KINDS: EntityType[] = ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'];

interface Entry {
  /** The kind's place in the answer, then the name: the order of entries and the marker's position. */
  key: string;
  kind: EntityType;
  id: string;
}

/** The wire shapes the details are built with (the instance profiles' and roles' as the API answers them). */
export interface DetailShapes {
  instanceProfile: (profile: InstanceProfile) => NonNullable<RoleDetail['InstanceProfileList']>[number];
}

function boundary(arn: string | undefined): AttachedPermissionsBoundary | undefined {
  // IAM answers PermissionsBoundaryType `Policy` (wire.ts says why the model's enum differs).
  return arn ? { PermissionsBoundaryType: 'Policy' as AttachedPermissionsBoundary['PermissionsBoundaryType'], PermissionsBoundaryArn: arn } : undefined;
}

const attached = (arns: string[]) => arns.map((arn) => ({ PolicyName: splitPolicyArn(arn).name, PolicyArn: arn }));
const inlineList = (policies: { policyName: string; document: string }[]) => policies.map((p) => ({ PolicyName: p.policyName, PolicyDocument: encodeURIComponent(p.document) }));

export class AccountAuthorizationDetails {
  constructor(
    private readonly store: Store,
    private readonly iam: Iam,
    private readonly groups: Groups,
    private readonly principalPolicies: PrincipalPolicies,
    private readonly shapes: DetailShapes,
  ) {}

  async details(accountId: string, request: PageRequest & { Filter?: EntityType[] }): Promise<GetAccountAuthorizationDetailsResponse> {
    const wanted = new Set(request.Filter && request.Filter.length > 0 ? request.Filter : KINDS);
    const usage = wanted.has('LocalManagedPolicy') || wanted.has('AWSManagedPolicy') ? await this.iam.policies.usage(accountId) : undefined;
    const entries = await this.entries(accountId, wanted, usage);
    const page = pageOf(entries, (e) => e.key, request);
    const answer: Required<Pick<GetAccountAuthorizationDetailsResponse, 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'>> = {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    };
    for (const entry of page.items) {
      if (entry.kind === 'User') answer.UserDetailList.push(await this.user(accountId, entry.id));
      else if (entry.kind === 'Group') answer.GroupDetailList.push(await this.group(accountId, entry.id));
      else if (entry.kind === 'Role') answer.RoleDetailList.push(await this.role(accountId, entry.id));
      else answer.Policies.push(await this.policy(accountId, entry, usage!));
    }
    return { ...answer, IsTruncated: page.isTruncated, Marker: page.marker };
  }

  private async entries(accountId: string, wanted: Set<EntityType>, usage?: Usage): Promise<Entry[]> {
    const db = this.store.db;
    const entries: Entry[] = [];
    const add = (order: number, kind: EntityType, rows: { id: string; sort: string }[]) => {
      for (const r of rows.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0))) entries.push({ key: `${order}/${r.sort}`, kind, id: r.id });
    };
    if (wanted.has('User')) add(1, 'User', (await db.selectFrom('iam_users').select('name_key').where('account_id', '=', accountId).execute()).map((r) => ({ id: r.name_key, sort: r.name_key })));
    if (wanted.has('Group')) add(2, 'Group', (await db.selectFrom('iam_groups').select('name_key').where('account_id', '=', accountId).execute()).map((r) => ({ id: r.name_key, sort: r.name_key })));
    if (wanted.has('Role')) add(3, 'Role', (await db.selectFrom('iam_roles').select('name_key').where('account_id', '=', accountId).execute()).map((r) => ({ id: r.name_key, sort: r.name_key })));
    const policies: { id: string; sort: string; kind: EntityType }[] = [];
    if (wanted.has('LocalManagedPolicy')) {
      const rows = await db.selectFrom('iam_customer_policies').select(['arn', 'name_key']).where('account_id', '=', accountId).execute();
      policies.push(...rows.map((r) => ({ id: r.arn, sort: r.name_key, kind: 'LocalManagedPolicy' as const })));
    }
    if (wanted.has('AWSManagedPolicy')) {
      const { attachments, boundaries } = usage!;
      for (const meta of this.iam.policies.aws.all()) {
        if ((attachments.get(meta.arn) ?? 0) + (boundaries.get(meta.arn) ?? 0) > 0) policies.push({ id: meta.arn, sort: meta.name.toLowerCase(), kind: 'AWSManagedPolicy' });
      }
    }
    for (const p of policies.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : a.id < b.id ? -1 : 1))) entries.push({ key: `4/${p.sort}/${p.id}`, kind: p.kind, id: p.id });
    return entries;
  }

  private async user(accountId: string, key: string): Promise<UserDetail> {
    const row = await this.store.db.selectFrom('iam_users').selectAll().where('account_id', '=', accountId).where('name_key', '=', key).executeTakeFirstOrThrow();
    const user = userFromRow(row);
    const [inline, arns, groups, tags] = await Promise.all([
      this.principalPolicies.inline('user', accountId, key),
      this.principalPolicies.attachedArns('user', accountId, key),
      this.groups.groupsOf(accountId, user.userName),
      readTags(this.store.db, accountId, 'user', key),
    ]);
    return {
      Path: user.path,
      UserName: user.userName,
      UserId: user.userId,
      Arn: user.arn,
      CreateDate: user.createDate,
      UserPolicyList: inlineList(inline),
      GroupList: groups.map((g) => g.groupName),
      AttachedManagedPolicies: attached(arns),
      PermissionsBoundary: boundary(user.permissionsBoundaryArn),
      Tags: tags,
    };
  }

  private async group(accountId: string, key: string): Promise<GroupDetail> {
    const row = await this.store.db.selectFrom('iam_groups').selectAll().where('account_id', '=', accountId).where('name_key', '=', key).executeTakeFirstOrThrow();
    const [inline, arns] = await Promise.all([this.principalPolicies.inline('group', accountId, key), this.principalPolicies.attachedArns('group', accountId, key)]);
    return {
      Path: row.path,
      GroupName: row.group_name,
      GroupId: row.group_id,
      Arn: row.arn,
      CreateDate: new Date(row.create_date),
      GroupPolicyList: inlineList(inline),
      AttachedManagedPolicies: attached(arns),
    };
  }

  private async role(accountId: string, key: string): Promise<RoleDetail> {
    const row = await this.store.db.selectFrom('iam_roles').selectAll().where('account_id', '=', accountId).where('name_key', '=', key).executeTakeFirstOrThrow();
    const role = roleFromRow(row);
    const [inline, arns, tags, profiles] = await Promise.all([
      this.iam.roles.inlinePolicies(accountId, role.roleName),
      this.iam.roles.attachedPolicyArns(accountId, role.roleName),
      this.iam.roles.tags(accountId, role.roleName),
      this.iam.instanceProfiles.forRole(accountId, role.roleName),
    ]);
    return {
      Path: role.path,
      RoleName: role.roleName,
      RoleId: role.roleId,
      Arn: role.arn,
      CreateDate: role.createDate,
      AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
      InstanceProfileList: profiles.map(this.shapes.instanceProfile),
      RolePolicyList: inlineList(inline),
      AttachedManagedPolicies: attached(arns),
      PermissionsBoundary: boundary(role.permissionsBoundaryArn),
      Tags: tags,
      RoleLastUsed: role.lastUsed ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region } : {},
    };
  }

  private async policy(accountId: string, entry: Entry, usage: Usage): Promise<ManagedPolicyDetail> {
    const arn = entry.id;
    const registry = this.iam.policies;
    const meta = entry.kind === 'LocalManagedPolicy' ? await registry.customer.get(accountId, arn) : registry.aws.find(arn)!;
    const versions = entry.kind === 'LocalManagedPolicy' ? await registry.customer.versions(accountId, arn) : (registry.aws.versions(arn) ?? []);
    return {
      PolicyName: meta.name,
      PolicyId: meta.id,
      Arn: meta.arn,
      Path: meta.path,
      DefaultVersionId: meta.defaultVersionId,
      AttachmentCount: usage.attachments.get(arn) ?? 0,
      PermissionsBoundaryUsageCount: usage.boundaries.get(arn) ?? 0,
      IsAttachable: true,
      Description: entry.kind === 'LocalManagedPolicy' ? (meta as CustomerPolicy).description : undefined,
      CreateDate: new Date(meta.createDate),
      UpdateDate: new Date(meta.updateDate),
      PolicyVersionList: versions.map(policyVersionToWire),
    };
  }
}
