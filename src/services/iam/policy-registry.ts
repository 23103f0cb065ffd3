// The managed policies an account can use, AWS's (managed-policies.ts) and its own
// (customer-policies.ts), behind one registry: whether a policy exists and may be attached where it is
// asked to be (PolicyNotAttachable), permissions boundary checks, default documents (compiled, for
// authorization and the simulator), usage counts across users, groups and roles, the entities a policy
// is attached to, and the reads of GetPolicy, GetPolicyVersion, ListPolicyVersions and ListPolicies
// for both kinds.
import { errors } from '../../aws/generated/iam.js';
import type { PolicyInput } from '../../policy/types.js';
import type { Db, Store, Tx } from '../../store/database.js';
import { noSuchPolicy, type CustomerPolicies, type CustomerPolicy, type PolicyUsage } from './customer-policies.js';
import type { AwsManagedPolicies, ManagedPolicyMeta, ManagedPolicyVersion } from './managed-policies.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, encodeMarker, pageInOrder, pageOf, type Page, type PageRequest } from './paging.js';
import { checkPolicyArn, isAwsManagedArn, isPolicyArn, isServiceRolePolicyArn, managedPolicySourceType, policyAccount } from './policy-arns.js';
import { compilePolicy } from './policy-documents.js';
import type { RoleStore } from './roles.js';
import { linkedService } from './slr-catalog.js';

/** A managed policy with its usage counts in the caller's account (and for a customer policy, itself). */
export interface PolicyWithUsage {
  policy: ManagedPolicyMeta | CustomerPolicy;
  usage: PolicyUsage;
  /** The account's own policy (description, tags), not an AWS managed one. */
  customer: boolean;
}

/** What a managed policy is attached to (or bounds): a user, a group, or a role (service-linked: its service). */
export type PolicyTarget = { kind: 'user' } | { kind: 'group' } | { kind: 'role'; servicePrincipal?: string };

export interface ListPoliciesRequest extends PageRequest {
  Scope?: 'All' | 'AWS' | 'Local';
  OnlyAttached?: boolean;
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

/** ListPolicies with Scope=All pages through AWS's policies, then the account's: its markers say which. */
const LOCAL_PHASE = '\u0000L';

export class ManagedPolicyRegistry {
  /** AWS managed policies never change while the server runs: their compiled documents are kept. */
  private readonly awsInputs = new Map<string, PolicyInput | undefined>();

  constructor(
    private readonly store: Store,
    readonly aws: AwsManagedPolicies,
    readonly customer: CustomerPolicies,
    private readonly roles: RoleStore,
  ) {}

  /** Whether `arn` names a policy `accountId` may attach: an AWS managed policy or one of its own. */
  async exists(accountId: string, arn: string, db: Db | Tx = this.store.db): Promise<boolean> {
    if (isAwsManagedArn(arn)) return this.aws.find(arn) !== undefined;
    return policyAccount(arn) === accountId && (await this.customer.find(arn, db)) !== undefined;
  }

  /** Whether the policy is the account's own (its ARN is of the caller's account). */
  isCustomer(accountId: string, arn: string): boolean {
    return policyAccount(arn) === accountId;
  }

  /** The default version's document, or undefined when there is no such policy. */
  async document(arn: string, db: Db | Tx = this.store.db): Promise<string | undefined> {
    if (isAwsManagedArn(arn)) return this.aws.versions(arn)?.find((v) => v.isDefaultVersion)?.document;
    return this.customer.defaultDocument(arn, db);
  }

  /** The default version compiled for the engine, as identity policy or boundary; undefined when there is no such policy. */
  async policyInput(arn: string, kind: 'identity' | 'boundary'): Promise<PolicyInput | undefined> {
    if (isAwsManagedArn(arn)) {
      const key = `${kind}\u0000${arn}`;
      if (!this.awsInputs.has(key)) this.awsInputs.set(key, await this.compiled(arn, kind));
      return this.awsInputs.get(key);
    }
    return this.compiled(arn, kind);
  }

  private async compiled(arn: string, kind: 'identity' | 'boundary'): Promise<PolicyInput | undefined> {
    const document = await this.document(arn);
    return document === undefined ? undefined : { policy: compilePolicy(document, kind), id: arn, type: managedPolicySourceType(arn) };
  }

  // --- where a policy may be attached ---------------------------------------------------------------

  /**
   * PolicyNotAttachable: AWS lets a service role policy (path /aws-service-role/) be attached only to the
   * service-linked role of its own service (the catalog's policies of that service), never to a user, a
   * group, a customer role or another service's role, nor be any entity's permissions boundary. The
   * customer-role text is AWS's (aws/aws-cdk#6131); the user and group texts follow it, unconfirmed.
   */
  checkAttachable(policyArn: string, target: PolicyTarget, use: 'permissions' | 'boundary' = 'permissions'): void {
    if (!isServiceRolePolicyArn(policyArn)) return;
    if (use === 'permissions' && target.kind === 'role' && target.servicePrincipal && linkedService(target.servicePrincipal)?.managedPolicyArns.includes(policyArn)) return;
    const entity = target.kind === 'user' ? 'User' : target.kind === 'group' ? 'Group' : 'Customer Role';
    throw errors.PolicyNotAttachable(`Cannot attach a Service Role Policy to a ${entity}.`);
  }

  /** A permissions boundary ARN of a user or role, checked as IAM does (InvalidInput, NoSuchEntity, then PolicyNotAttachable). */
  async checkBoundary(accountId: string, arn: string, kind: 'user' | 'role', db: Db | Tx = this.store.db): Promise<void> {
    if (!isPolicyArn(arn)) throw errors.InvalidInput(`ARN ${arn} is not valid.`);
    if (!(await this.exists(accountId, arn, db))) throw errors.NoSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
    // Only customer roles have boundaries (a service-linked role's is refused as protected).
    this.checkAttachable(arn, { kind }, 'boundary');
  }

  // --- usage ------------------------------------------------------------------------------------------

  /** How many users, groups and roles of the account each policy is attached to / bounds. */
  async usage(accountId: string, policyArns?: string[], db: Db | Tx = this.store.db): Promise<{ attachments: Map<string, number>; boundaries: Map<string, number> }> {
    if (policyArns && policyArns.length === 0) return { attachments: new Map(), boundaries: new Map() };
    let attachedQuery = db
      .selectFrom('iam_principal_attached_policies')
      .select(['policy_arn', (eb) => eb.fn.countAll<number>().as('count')])
      .where('account_id', '=', accountId);
    if (policyArns) attachedQuery = attachedQuery.where('policy_arn', 'in', policyArns);
    let boundaryQuery = db
      .selectFrom('iam_users')
      .select(['permissions_boundary_arn', (eb) => eb.fn.countAll<number>().as('count')])
      .where('account_id', '=', accountId)
      .where('permissions_boundary_arn', 'is not', null);
    if (policyArns) boundaryQuery = boundaryQuery.where('permissions_boundary_arn', 'in', policyArns);
    const [attached, bounding, roleAttachments, roleBoundaries] = await Promise.all([
      attachedQuery.groupBy('policy_arn').execute(),
      boundaryQuery.groupBy('permissions_boundary_arn').execute(),
      this.roles.attachmentCounts(accountId, policyArns, db),
      this.roles.boundaryCounts(accountId, policyArns, db),
    ]);
    const attachments = new Map(roleAttachments);
    for (const r of attached) attachments.set(r.policy_arn, (attachments.get(r.policy_arn) ?? 0) + Number(r.count));
    const boundaries = new Map(roleBoundaries);
    for (const r of bounding) boundaries.set(r.permissions_boundary_arn as string, (boundaries.get(r.permissions_boundary_arn as string) ?? 0) + Number(r.count));
    return { attachments, boundaries };
  }

  async usageOf(accountId: string, arn: string, db: Db | Tx = this.store.db): Promise<PolicyUsage> {
    const { attachments, boundaries } = await this.usage(accountId, [arn], db);
    return { attachmentCount: attachments.get(arn) ?? 0, boundaryUsageCount: boundaries.get(arn) ?? 0 };
  }

  /** DeletePolicy: the account's policy, once nothing uses it. */
  async deleteCustomer(accountId: string, arn: string): Promise<void> {
    await this.customer.delete(accountId, arn, (tx) => this.usageOf(accountId, arn, tx));
  }

  // --- reads of both kinds ----------------------------------------------------------------------------

  /** GetPolicy: the policy with its usage counts (an ARN in the caller's account is one of its own). */
  async get(accountId: string, arn: string): Promise<PolicyWithUsage> {
    if (this.isCustomer(accountId, arn)) {
      const policy = await this.customer.get(accountId, arn);
      return { policy, usage: await this.usageOf(accountId, arn), customer: true };
    }
    checkPolicyArn(arn);
    const meta = this.aws.find(arn);
    if (!meta) throw noSuchPolicy(arn);
    return { policy: meta, usage: await this.usageOf(accountId, arn), customer: false };
  }

  async version(accountId: string, arn: string, versionId: string): Promise<ManagedPolicyVersion> {
    if (this.isCustomer(accountId, arn)) return this.customer.version(accountId, arn, versionId);
    checkPolicyArn(arn);
    const version = this.aws.version(arn, versionId);
    if (!version) throw errors.NoSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    return version;
  }

  /** ListPolicyVersions: newest first; the marker is the position in that order. */
  async versions(accountId: string, arn: string, request: PageRequest): Promise<Page<ManagedPolicyVersion>> {
    if (this.isCustomer(accountId, arn)) return pageInOrder(await this.customer.versions(accountId, arn), request);
    checkPolicyArn(arn);
    const versions = this.aws.versions(arn);
    if (!versions) throw noSuchPolicy(arn);
    return pageInOrder(versions, request);
  }

  /**
   * ListPolicies: Scope=Local lists the account's policies, AWS the AWS managed ones, All (the default)
   * AWS's first, then the account's. Counts cover users, groups and roles.
   */
  async list(accountId: string, request: ListPoliciesRequest): Promise<Page<PolicyWithUsage>> {
    const max = request.MaxItems ?? DEFAULT_MAX_ITEMS;
    const decoded = decodeMarker(request.Marker);
    const inLocalPhase = decoded?.startsWith(LOCAL_PHASE) ?? false;
    if (request.Scope === 'Local' || inLocalPhase) {
      const rest = inLocalPhase ? decoded!.slice(LOCAL_PHASE.length) : undefined;
      const start = inLocalPhase ? (rest ? encodeMarker(rest) : undefined) : request.Marker;
      const page = await this.localPage(accountId, request, start, max);
      return { ...page, marker: page.isTruncated && request.Scope !== 'Local' ? localMarker(page.marker) : page.marker };
    }
    const { attachments, boundaries } = await this.usage(accountId);
    const counts = (arn: string): PolicyUsage => ({ attachmentCount: attachments.get(arn) ?? 0, boundaryUsageCount: boundaries.get(arn) ?? 0 });
    const matching = this.aws.all().filter((p) => (!request.PathPrefix || p.path.startsWith(request.PathPrefix)) && (!request.OnlyAttached || used(counts(p.arn), request.PolicyUsageFilter)));
    const awsPage = pageOf(matching, (p) => p.name, request);
    const items = awsPage.items.map((policy) => ({ policy, usage: counts(policy.arn), customer: false }));
    if (request.Scope === 'AWS' || awsPage.isTruncated) return { ...awsPage, items };
    const room = max - items.length;
    if (room === 0) {
      const probe = await this.localPage(accountId, request, undefined, 1);
      return probe.items.length > 0 ? { items, isTruncated: true, marker: encodeMarker(LOCAL_PHASE) } : { items, isTruncated: false };
    }
    const page = await this.localPage(accountId, request, undefined, room);
    return { items: [...items, ...page.items], isTruncated: page.isTruncated, marker: page.isTruncated ? localMarker(page.marker) : undefined };
  }

  private async localPage(accountId: string, request: ListPoliciesRequest, marker: string | undefined, limit: number): Promise<Page<PolicyWithUsage>> {
    const { attachments, boundaries } = await this.usage(accountId);
    const counts = (p: CustomerPolicy): PolicyUsage => ({ attachmentCount: attachments.get(p.arn) ?? 0, boundaryUsageCount: boundaries.get(p.arn) ?? 0 });
    const page = await this.customer.list(accountId, { PathPrefix: request.PathPrefix, Marker: marker, MaxItems: limit }, (p) => !request.OnlyAttached || used(counts(p), request.PolicyUsageFilter));
    return { ...page, items: page.items.map((policy) => ({ policy, usage: counts(policy), customer: true })) };
  }

  /** ListEntitiesForPolicy: the users, groups and roles a policy is attached to (or bounds, by filter). */
  async entities(
    accountId: string,
    arn: string,
    filter: { EntityFilter?: string; PathPrefix?: string; PolicyUsageFilter?: string },
  ): Promise<{ users: { UserName: string; UserId: string }[]; groups: { GroupName: string; GroupId: string }[]; roles: { RoleName: string; RoleId: string }[] }> {
    if (!(await this.exists(accountId, arn))) throw noSuchPolicy(arn);
    const db = this.store.db;
    const usage = filter.PolicyUsageFilter;
    const entityFilter = filter.EntityFilter;
    const wants = (kind: string) => !entityFilter || !['User', 'Role', 'Group'].includes(entityFilter) || entityFilter === kind;
    const pathOk = (path: string) => !filter.PathPrefix || path.startsWith(filter.PathPrefix);
    const users: { UserName: string; UserId: string; path: string }[] = [];
    const groups: { GroupName: string; GroupId: string; path: string }[] = [];
    const roles: { RoleName: string; RoleId: string; path: string }[] = [];
    if (wants('User')) {
      if (usage !== 'PermissionsBoundary') {
        const rows = await db
          .selectFrom('iam_principal_attached_policies as a')
          .innerJoin('iam_users as u', (join) => join.onRef('u.account_id', '=', 'a.account_id').onRef('u.name_key', '=', 'a.principal_key'))
          .select(['u.user_name', 'u.user_id', 'u.path'])
          .where('a.account_id', '=', accountId)
          .where('a.principal_kind', '=', 'user')
          .where('a.policy_arn', '=', arn)
          .execute();
        users.push(...rows.map((r) => ({ UserName: r.user_name, UserId: r.user_id, path: r.path })));
      }
      if (usage !== 'PermissionsPolicy') {
        const rows = await db.selectFrom('iam_users').select(['user_name', 'user_id', 'path']).where('account_id', '=', accountId).where('permissions_boundary_arn', '=', arn).execute();
        for (const r of rows) if (!users.some((u) => u.UserId === r.user_id)) users.push({ UserName: r.user_name, UserId: r.user_id, path: r.path });
      }
    }
    if (wants('Group') && usage !== 'PermissionsBoundary') {
      const rows = await db
        .selectFrom('iam_principal_attached_policies as a')
        .innerJoin('iam_groups as g', (join) => join.onRef('g.account_id', '=', 'a.account_id').onRef('g.name_key', '=', 'a.principal_key'))
        .select(['g.group_name', 'g.group_id', 'g.path'])
        .where('a.account_id', '=', accountId)
        .where('a.principal_kind', '=', 'group')
        .where('a.policy_arn', '=', arn)
        .execute();
      groups.push(...rows.map((r) => ({ GroupName: r.group_name, GroupId: r.group_id, path: r.path })));
    }
    if (wants('Role')) {
      if (usage !== 'PermissionsBoundary') {
        const rows = await db
          .selectFrom('iam_role_attached_policies as a')
          .innerJoin('iam_roles as r', (join) => join.onRef('r.account_id', '=', 'a.account_id').onRef('r.name_key', '=', 'a.role_key'))
          .select(['r.role_name', 'r.role_id', 'r.path'])
          .where('a.account_id', '=', accountId)
          .where('a.policy_arn', '=', arn)
          .execute();
        roles.push(...rows.map((r) => ({ RoleName: r.role_name, RoleId: r.role_id, path: r.path })));
      }
      if (usage !== 'PermissionsPolicy') {
        const rows = await db.selectFrom('iam_roles').select(['role_name', 'role_id', 'path']).where('account_id', '=', accountId).where('permissions_boundary_arn', '=', arn).execute();
        for (const r of rows) if (!roles.some((x) => x.RoleId === r.role_id)) roles.push({ RoleName: r.role_name, RoleId: r.role_id, path: r.path });
      }
    }
    const strip = <T extends { path: string }>(items: T[]) => items.filter((i) => pathOk(i.path)).map(({ path: _path, ...rest }) => rest);
    const byName = <T>(key: (item: T) => string) => (a: T, b: T) => key(a).toLowerCase().localeCompare(key(b).toLowerCase());
    return {
      users: strip(users).sort(byName((u) => u.UserName)),
      groups: strip(groups).sort(byName((g) => g.GroupName)),
      roles: strip(roles).sort(byName((r) => r.RoleName)),
    };
  }
}

/** Whether a policy counts as attached for ListPolicies' OnlyAttached and PolicyUsageFilter. */
function used(usage: PolicyUsage, filter: ListPoliciesRequest['PolicyUsageFilter']): boolean {
  if (filter === 'PermissionsBoundary') return usage.boundaryUsageCount > 0;
  if (filter === 'PermissionsPolicy') return usage.attachmentCount > 0;
  return usage.attachmentCount + usage.boundaryUsageCount > 0;
}

function localMarker(marker: string | undefined): string {
  return encodeMarker(LOCAL_PHASE + (marker === undefined ? '' : decodeMarker(marker)!));
}
