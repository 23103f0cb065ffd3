// Inline policies and attached managed policies of IAM users and groups: one set of rules for both,
// with each kind's own quotas and error texts (user inline policies 2,048 characters in all, group
// inline policies 5,120; ten attached managed policies each).
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { Groups } from './groups.js';
import { attachedPoliciesPage } from './iam.js';
import { pageOf, type Page, type PageRequest } from './paging.js';
import { checkAttachPolicyArn, checkPolicyArn } from './policy-arns.js';
import type { ManagedPolicyRegistry } from './policy-registry.js';
import { nameKey } from './identity-tags.js';
import { policySize, validatePolicyDocument } from './policy-documents.js';
import type { InlinePolicy } from './roles.js';
import type { Users } from './users.js';

export type PrincipalKind = 'user' | 'group';

const LIMITS: Record<PrincipalKind, { inlineSize: number; attached: number; attachedQuota: string }> = {
  user: { inlineSize: 2048, attached: 10, attachedQuota: 'PoliciesPerUser' },
  group: { inlineSize: 5120, attached: 10, attachedQuota: 'PoliciesPerGroup' },
};

export class PrincipalPolicies {
  constructor(
    private readonly store: Store,
    private readonly users: Users,
    private readonly groups: Groups,
    private readonly managed: ManagedPolicyRegistry,
  ) {}

  /** The principal's stored name (its case as created); NoSuchEntity when it does not exist. */
  private async principalName(kind: PrincipalKind, accountId: string, name: string, db: Db | Tx): Promise<string> {
    return kind === 'user' ? (await this.users.get(accountId, name, db)).userName : (await this.groups.get(accountId, name, db)).groupName;
  }

  // --- inline policies ------------------------------------------------------------------------------

  async put(kind: PrincipalKind, accountId: string, name: string, policyName: string, document: string): Promise<void> {
    await validatePolicyDocument(document, 'identity');
    await this.store.transaction(async (tx) => {
      const principal = await this.principalName(kind, accountId, name, tx);
      const key = nameKey(principal);
      const others = (await this.inline(kind, accountId, key, tx)).filter((p) => p.policyName !== policyName);
      const total = others.reduce((sum, p) => sum + policySize(p.document), 0) + policySize(document);
      const limit = LIMITS[kind].inlineSize;
      if (total > limit) throw errors.LimitExceeded(`Maximum policy size of ${limit} bytes exceeded for ${kind} ${principal}`);
      await tx
        .insertInto('iam_principal_inline_policies')
        .values({ account_id: accountId, principal_kind: kind, principal_key: key, policy_name: policyName, document })
        .onConflict((oc) => oc.columns(['account_id', 'principal_kind', 'principal_key', 'policy_name']).doUpdateSet({ document }))
        .execute();
    });
  }

  async get(kind: PrincipalKind, accountId: string, name: string, policyName: string): Promise<{ principalName: string; policy: InlinePolicy }> {
    const principalName = await this.principalName(kind, accountId, name, this.store.db);
    const policy = (await this.inline(kind, accountId, nameKey(principalName))).find((p) => p.policyName === policyName);
    if (!policy) throw noSuchInlinePolicy(kind, policyName);
    return { principalName, policy };
  }

  async delete(kind: PrincipalKind, accountId: string, name: string, policyName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const principal = await this.principalName(kind, accountId, name, tx);
      const result = await tx
        .deleteFrom('iam_principal_inline_policies')
        .where('account_id', '=', accountId)
        .where('principal_kind', '=', kind)
        .where('principal_key', '=', nameKey(principal))
        .where('policy_name', '=', policyName)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw noSuchInlinePolicy(kind, policyName);
    });
  }

  async listNames(kind: PrincipalKind, accountId: string, name: string, request: PageRequest): Promise<Page<string>> {
    const principal = await this.principalName(kind, accountId, name, this.store.db);
    const names = (await this.inline(kind, accountId, nameKey(principal))).map((p) => p.policyName);
    return pageOf(names, (n) => n, request);
  }

  /** A principal's inline policies by its name key, ordered by policy name. */
  async inline(kind: PrincipalKind, accountId: string, key: string, db: Db | Tx = this.store.db): Promise<InlinePolicy[]> {
    const rows = await db
      .selectFrom('iam_principal_inline_policies')
      .select(['policy_name', 'document'])
      .where('account_id', '=', accountId)
      .where('principal_kind', '=', kind)
      .where('principal_key', '=', key)
      .orderBy('policy_name')
      .execute();
    return rows.map((r) => ({ policyName: r.policy_name, document: r.document }));
  }

  // --- attached managed policies ------------------------------------------------------------------

  async attach(kind: PrincipalKind, accountId: string, name: string, policyArn: string): Promise<void> {
    checkAttachPolicyArn(policyArn);
    await this.store.transaction(async (tx) => {
      const key = nameKey(await this.principalName(kind, accountId, name, tx));
      if (!(await this.managed.exists(accountId, policyArn, tx))) throw errors.NoSuchEntity(`Policy ${policyArn} does not exist or is not attachable.`);
      this.managed.checkAttachable(policyArn, { kind });
      const attached = await this.attachedArns(kind, accountId, key, tx);
      if (attached.includes(policyArn)) return;
      const limit = LIMITS[kind];
      if (attached.length >= limit.attached) throw errors.LimitExceeded(`Cannot exceed quota for ${limit.attachedQuota}: ${limit.attached}`);
      const last = await tx
        .selectFrom('iam_principal_attached_policies')
        .select((eb) => eb.fn.max('position').as('position'))
        .where('account_id', '=', accountId)
        .where('principal_kind', '=', kind)
        .where('principal_key', '=', key)
        .executeTakeFirst();
      await tx
        .insertInto('iam_principal_attached_policies')
        .values({ account_id: accountId, principal_kind: kind, principal_key: key, policy_arn: policyArn, position: Number(last?.position ?? -1) + 1 })
        .onConflict((oc) => oc.columns(['account_id', 'principal_kind', 'principal_key', 'policy_arn']).doNothing())
        .execute();
    });
  }

  async detach(kind: PrincipalKind, accountId: string, name: string, policyArn: string): Promise<void> {
    checkPolicyArn(policyArn);
    await this.store.transaction(async (tx) => {
      const key = nameKey(await this.principalName(kind, accountId, name, tx));
      const result = await tx
        .deleteFrom('iam_principal_attached_policies')
        .where('account_id', '=', accountId)
        .where('principal_kind', '=', kind)
        .where('principal_key', '=', key)
        .where('policy_arn', '=', policyArn)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw errors.NoSuchEntity(`Policy ${policyArn} was not found.`);
    });
  }

  async listAttached(
    kind: PrincipalKind,
    accountId: string,
    name: string,
    request: PageRequest & { PathPrefix?: string },
  ): Promise<Page<{ PolicyName: string; PolicyArn: string }>> {
    const key = nameKey(await this.principalName(kind, accountId, name, this.store.db));
    return attachedPoliciesPage(await this.attachedArns(kind, accountId, key), request);
  }

  /** A principal's attached policy ARNs by its name key, in the order they were attached. */
  async attachedArns(kind: PrincipalKind, accountId: string, key: string, db: Db | Tx = this.store.db): Promise<string[]> {
    const rows = await db
      .selectFrom('iam_principal_attached_policies')
      .select('policy_arn')
      .where('account_id', '=', accountId)
      .where('principal_kind', '=', kind)
      .where('principal_key', '=', key)
      .orderBy('position')
      .execute();
    return rows.map((r) => r.policy_arn);
  }
}

function noSuchInlinePolicy(kind: PrincipalKind, policyName: string): AwsError {
  return errors.NoSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
}
