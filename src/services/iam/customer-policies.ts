// Customer managed policies: policies an account creates (arn:aws:iam::ACCOUNT:policy/PATH/NAME), with
// up to five versions, one of them the default, tags, and the rules that keep attached policies from
// being deleted. `ManagedPolicies` answers for any managed policy ARN, AWS's or the account's: whether
// it exists, its default document, and how many entities use it.
import { AwsError } from '../../aws/errors.js';
import { parsePolicy } from '../../policy/index.js';
import type { Store, Db, Tx } from '../../store/database.js';
import type { CustomerPolicyRow } from '../../store/schema.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, encodeMarker, isPolicyArn, type Page, type PageRequest } from './iam.js';
import { awsUniqueId } from './ids.js';
import { addTags, checkTags, deleteTags, nameKey, readTags, removeTags, tagQuota, TAGS_PER_ENTITY, writeTags } from './identity-tags.js';
import { checkAttachable, type AwsManagedPolicies, type ManagedPolicyMeta, type ManagedPolicyVersion } from './managed-policies.js';
import { malformed, policySize } from './policy-documents.js';
import type { RoleStore, Tag } from './roles.js';

export const MANAGED_POLICY_SIZE = 6144;
export const VERSIONS_PER_POLICY = 5;

export interface CustomerPolicy extends ManagedPolicyMeta {
  accountId: string;
  description?: string;
}

export interface PolicyUsage {
  attachmentCount: number;
  boundaryUsageCount: number;
}

export function customerPolicyArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:policy${path}${name}`;
}

export function isAwsManagedArn(arn: string): boolean {
  return /^arn:aws[\w-]*:iam::aws:policy\//.test(arn);
}

/** The simulator's SourcePolicyType of a managed policy. */
export function managedPolicySourceType(arn: string): 'aws-managed' | 'user-managed' {
  return isAwsManagedArn(arn) ? 'aws-managed' : 'user-managed';
}

/** The account of a customer managed policy ARN, or undefined. */
export function policyAccount(arn: string): string | undefined {
  return /^arn:aws[\w-]*:iam::(\d{12}):policy\//.exec(arn)?.[1];
}

export function noSuchPolicy(arn: string): AwsError {
  return new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
}

export function notAttachable(arn: string): AwsError {
  return new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
}

function invalidArn(arn: string): AwsError {
  return new AwsError('InvalidInput', `ARN ${arn} is not valid.`, 400);
}

/** Throws MalformedPolicyDocument (or LimitExceeded for size) unless `document` is a valid identity policy. */
export function checkManagedPolicyDocument(document: string): void {
  if (policySize(document) > MANAGED_POLICY_SIZE) throw new AwsError('LimitExceeded', `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_SIZE}`, 409);
  const parsed = parsePolicy(document, 'identity');
  if (!parsed.ok) throw malformed(parsed.errors[0]?.message ?? 'Syntax errors in policy.');
}

function fromRow(row: CustomerPolicyRow, versionIds: string[] = []): CustomerPolicy {
  return {
    accountId: row.account_id,
    name: row.policy_name,
    arn: row.arn,
    path: row.path,
    id: row.policy_id,
    createDate: row.create_date,
    updateDate: row.update_date,
    defaultVersionId: row.default_version_id,
    versionIds,
    description: row.description ?? undefined,
  };
}

export class CustomerPolicies {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  async find(arn: string, db: Db | Tx = this.store.db): Promise<CustomerPolicy | undefined> {
    const row = await db.selectFrom('iam_customer_policies').selectAll().where('arn', '=', arn).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** The caller's own policy by ARN; NoSuchEntity for another account's or a missing one. */
  async get(accountId: string, arn: string, db: Db | Tx = this.store.db): Promise<CustomerPolicy> {
    if (!isPolicyArn(arn)) throw invalidArn(arn);
    const policy = policyAccount(arn) === accountId ? await this.find(arn, db) : undefined;
    if (!policy) throw noSuchPolicy(arn);
    return policy;
  }

  async create(
    accountId: string,
    input: { PolicyName: string; Path?: string; PolicyDocument: string; Description?: string; Tags?: Tag[] },
  ): Promise<{ policy: CustomerPolicy; tags: Tag[] }> {
    const path = input.Path ?? '/';
    checkManagedPolicyDocument(input.PolicyDocument);
    const tags = checkTags(input.Tags ?? []);
    if (tags.length > TAGS_PER_ENTITY) throw tagQuota('policy');
    const now = this.clock().toISOString();
    const row: CustomerPolicyRow = {
      account_id: accountId,
      name_key: nameKey(input.PolicyName),
      policy_name: input.PolicyName,
      policy_id: awsUniqueId('ANPA'),
      path,
      arn: customerPolicyArn(accountId, path, input.PolicyName),
      description: input.Description ?? null,
      default_version_id: 'v1',
      next_version: 2,
      create_date: now,
      update_date: now,
    };
    const taken = () => new AwsError('EntityAlreadyExists', `A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`, 409);
    await this.store.transaction(async (tx) => {
      const existing = await tx.selectFrom('iam_customer_policies').select('arn').where('account_id', '=', accountId).where('name_key', '=', row.name_key).executeTakeFirst();
      if (existing) throw taken();
      await tx.insertInto('iam_customer_policies').values(row).execute();
      await tx
        .insertInto('iam_customer_policy_versions')
        .values({ account_id: accountId, policy_key: row.name_key, version_id: 'v1', version_number: 1, document: input.PolicyDocument, create_date: now })
        .execute();
      await writeTags(tx, accountId, 'policy', row.name_key, tags);
    });
    return { policy: fromRow(row, ['v1']), tags };
  }

  async versions(accountId: string, arn: string, db: Db | Tx = this.store.db): Promise<ManagedPolicyVersion[]> {
    const policy = await this.get(accountId, arn, db);
    return this.versionsOf(policy, db);
  }

  private async versionsOf(policy: CustomerPolicy, db: Db | Tx): Promise<ManagedPolicyVersion[]> {
    const rows = await db
      .selectFrom('iam_customer_policy_versions')
      .select(['version_id', 'document', 'create_date'])
      .where('account_id', '=', policy.accountId)
      .where('policy_key', '=', nameKey(policy.name))
      .orderBy('version_number', 'desc')
      .execute();
    return rows.map((r) => ({ versionId: r.version_id, document: r.document, createDate: r.create_date, isDefaultVersion: r.version_id === policy.defaultVersionId }));
  }

  async version(accountId: string, arn: string, versionId: string): Promise<ManagedPolicyVersion> {
    const version = (await this.versions(accountId, arn)).find((v) => v.versionId === versionId);
    if (!version) throw new AwsError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`, 404);
    return version;
  }

  /** The document of the default version (what authorization uses). */
  async defaultDocument(arn: string, db: Db | Tx = this.store.db): Promise<string | undefined> {
    const row = await db
      .selectFrom('iam_customer_policies as p')
      .innerJoin('iam_customer_policy_versions as v', (join) =>
        join.onRef('v.account_id', '=', 'p.account_id').onRef('v.policy_key', '=', 'p.name_key').onRef('v.version_id', '=', 'p.default_version_id'),
      )
      .select('v.document')
      .where('p.arn', '=', arn)
      .executeTakeFirst();
    return row?.document;
  }

  async createVersion(accountId: string, arn: string, document: string, setAsDefault: boolean): Promise<ManagedPolicyVersion> {
    checkManagedPolicyDocument(document);
    return this.store.transaction(async (tx) => {
      const policy = await this.get(accountId, arn, tx);
      const versions = await this.versionsOf(policy, tx);
      if (versions.length >= VERSIONS_PER_POLICY) {
        throw new AwsError('LimitExceeded', `A managed policy can have up to ${VERSIONS_PER_POLICY} versions. Before you create a new version, you must delete an existing version.`, 409);
      }
      const row = await tx.selectFrom('iam_customer_policies').select('next_version').where('arn', '=', arn).executeTakeFirstOrThrow();
      const number = Number(row.next_version);
      const versionId = `v${number}`;
      const now = this.clock().toISOString();
      await tx
        .insertInto('iam_customer_policy_versions')
        .values({ account_id: accountId, policy_key: nameKey(policy.name), version_id: versionId, version_number: number, document, create_date: now })
        .execute();
      await tx
        .updateTable('iam_customer_policies')
        .set({ next_version: number + 1, update_date: now, ...(setAsDefault ? { default_version_id: versionId } : {}) })
        .where('arn', '=', arn)
        .execute();
      return { versionId, document, createDate: now, isDefaultVersion: setAsDefault };
    });
  }

  async setDefaultVersion(accountId: string, arn: string, versionId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const policy = await this.get(accountId, arn, tx);
      const versions = await this.versionsOf(policy, tx);
      if (!versions.some((v) => v.versionId === versionId)) {
        throw new AwsError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`, 404);
      }
      await tx.updateTable('iam_customer_policies').set({ default_version_id: versionId, update_date: this.clock().toISOString() }).where('arn', '=', arn).execute();
    });
  }

  async deleteVersion(accountId: string, arn: string, versionId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const policy = await this.get(accountId, arn, tx);
      if (policy.defaultVersionId === versionId) throw new AwsError('DeleteConflict', 'Cannot delete the default version of a policy.', 409);
      const result = await tx
        .deleteFrom('iam_customer_policy_versions')
        .where('account_id', '=', accountId)
        .where('policy_key', '=', nameKey(policy.name))
        .where('version_id', '=', versionId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) {
        throw new AwsError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`, 404);
      }
    });
  }

  /** Deletes a policy that nothing uses and that has only its default version left. */
  async delete(accountId: string, arn: string, usage: (tx: Tx) => Promise<PolicyUsage>): Promise<void> {
    await this.store.transaction(async (tx) => {
      const policy = await this.get(accountId, arn, tx);
      const { attachmentCount, boundaryUsageCount } = await usage(tx);
      if (attachmentCount + boundaryUsageCount > 0) throw new AwsError('DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
      const versions = await this.versionsOf(policy, tx);
      if (versions.length > 1) {
        throw new AwsError(
          'DeleteConflict',
          "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
          409,
        );
      }
      const key = nameKey(policy.name);
      await tx.deleteFrom('iam_customer_policy_versions').where('account_id', '=', accountId).where('policy_key', '=', key).execute();
      await deleteTags(tx, accountId, 'policy', key);
      await tx.deleteFrom('iam_customer_policies').where('arn', '=', arn).execute();
    });
  }

  /** One page of the account's policies, ordered by name. */
  async list(accountId: string, request: PageRequest & { PathPrefix?: string }, keep: (policy: CustomerPolicy) => boolean = () => true): Promise<Page<CustomerPolicy>> {
    const max = request.MaxItems ?? DEFAULT_MAX_ITEMS;
    const after = decodeMarker(request.Marker);
    let query = this.store.db.selectFrom('iam_customer_policies').selectAll().where('account_id', '=', accountId);
    if (after !== undefined) query = query.where('name_key', '>', after);
    const rows = await query.orderBy('name_key').execute();
    const matching = rows.map((r) => fromRow(r)).filter((p) => (!request.PathPrefix || p.path.startsWith(request.PathPrefix)) && keep(p));
    const items = matching.slice(0, max);
    const isTruncated = matching.length > max;
    return { items, isTruncated, marker: isTruncated ? encodeMarker(nameKey(items[items.length - 1].name)) : undefined };
  }

  // --- tags ---------------------------------------------------------------------------------------

  async tags(accountId: string, arn: string, db: Db | Tx = this.store.db): Promise<Tag[]> {
    const policy = await this.get(accountId, arn, db);
    return readTags(db, accountId, 'policy', nameKey(policy.name));
  }

  async tag(accountId: string, arn: string, tags: Tag[]): Promise<void> {
    const incoming = checkTags(tags);
    await this.store.transaction(async (tx) => {
      const policy = await this.get(accountId, arn, tx);
      await addTags(tx, accountId, 'policy', nameKey(policy.name), incoming);
    });
  }

  async untag(accountId: string, arn: string, tagKeys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const policy = await this.get(accountId, arn, tx);
      await removeTags(tx, accountId, 'policy', nameKey(policy.name), tagKeys);
    });
  }
}

/**
 * Every managed policy an account can use, AWS's and its own: existence (for attaching and boundaries),
 * default documents (for authorization), and usage counts across users, groups and roles.
 */
export class ManagedPolicies {
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

  /** The default version's document, or undefined when there is no such policy. */
  async document(arn: string, db: Db | Tx = this.store.db): Promise<string | undefined> {
    if (isAwsManagedArn(arn)) return this.aws.versions(arn)?.find((v) => v.isDefaultVersion)?.document;
    return this.customer.defaultDocument(arn, db);
  }

  /** Checks a user's permissions boundary ARN as IAM does (InvalidInput, NoSuchEntity, then PolicyNotAttachable). */
  async checkBoundary(accountId: string, arn: string, db: Db | Tx = this.store.db): Promise<void> {
    if (!isPolicyArn(arn)) throw invalidArn(arn);
    if (!(await this.exists(accountId, arn, db))) throw new AwsError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`, 404);
    checkAttachable(arn, { kind: 'user' }, 'boundary');
  }

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
