// Customer managed policies: policies an account creates (arn:aws:iam::ACCOUNT:policy/PATH/NAME), with
// up to five versions, one of them the default, tags, and the rules that keep attached policies from
// being deleted (policy-registry.ts answers for any managed policy, AWS's or the account's).
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import { parsePolicy } from '../../policy/index.js';
import type { Store, Db, Tx } from '../../store/database.js';
import type { CustomerPolicyRow } from '../../store/schema.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, encodeMarker, type Page, type PageRequest } from './paging.js';
import { customerPolicyArn, isPolicyArn, policyAccount } from './policy-arns.js';
import { awsUniqueId } from './ids.js';
import { addTags, checkTags, deleteTags, nameKey, readTags, removeTags, tagQuota, TAGS_PER_ENTITY, writeTags } from './identity-tags.js';
import type { ManagedPolicyMeta, ManagedPolicyVersion } from './managed-policies.js';
import { malformed, policySize } from './policy-documents.js';
import type { Tag } from './roles.js';
import { partition } from '../../aws/partitions.js';

const MANAGED_POLICY_SIZE = 6144;
const VERSIONS_PER_POLICY = 5;

export interface CustomerPolicy extends ManagedPolicyMeta {
  accountId: string;
  description?: string;
}

/** How many entities a managed policy is attached to, and how many it bounds. */
export interface PolicyUsage {
  attachmentCount: number;
  boundaryUsageCount: number;
}

export function noSuchPolicy(arn: string): AwsError {
  return errors.NoSuchEntity(`Policy ${arn} was not found.`);
}

function invalidArn(arn: string): AwsError {
  return errors.InvalidInput(`ARN ${arn} is not valid.`);
}

/** Throws MalformedPolicyDocument (or LimitExceeded for size) unless `document` is a valid identity policy. */
function checkManagedPolicyDocument(document: string): void {
  if (policySize(document) > MANAGED_POLICY_SIZE) throw errors.LimitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_SIZE}`);
  const parsed = parsePolicy(document, 'identity', { partition: partition() });
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
    const taken = () => errors.EntityAlreadyExists(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
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
    if (!version) throw errors.NoSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
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
        throw errors.LimitExceeded(`A managed policy can have up to ${VERSIONS_PER_POLICY} versions. Before you create a new version, you must delete an existing version.`);
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
        throw errors.NoSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
      }
      await tx.updateTable('iam_customer_policies').set({ default_version_id: versionId, update_date: this.clock().toISOString() }).where('arn', '=', arn).execute();
    });
  }

  async deleteVersion(accountId: string, arn: string, versionId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const policy = await this.get(accountId, arn, tx);
      if (policy.defaultVersionId === versionId) throw errors.DeleteConflict('Cannot delete the default version of a policy.');
      const result = await tx
        .deleteFrom('iam_customer_policy_versions')
        .where('account_id', '=', accountId)
        .where('policy_key', '=', nameKey(policy.name))
        .where('version_id', '=', versionId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) {
        throw errors.NoSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
      }
    });
  }

  /** Deletes a policy that nothing uses and that has only its default version left. */
  async delete(accountId: string, arn: string, usage: (tx: Tx) => Promise<PolicyUsage>): Promise<void> {
    await this.store.transaction(async (tx) => {
      const policy = await this.get(accountId, arn, tx);
      const { attachmentCount, boundaryUsageCount } = await usage(tx);
      if (attachmentCount + boundaryUsageCount > 0) throw errors.DeleteConflict('Cannot delete a policy attached to entities.');
      const versions = await this.versionsOf(policy, tx);
      if (versions.length > 1) {
        throw errors.DeleteConflict(
          "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
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
