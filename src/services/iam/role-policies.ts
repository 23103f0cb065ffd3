// A role's permissions as the policy engine sees them: its attached managed policies (their default
// documents, from the managed policy registry), its inline policies and its permissions boundary,
// compiled once per distinct document, so that deciding a call costs two small indexed reads and one
// evaluation.
import type { PolicyInput } from '../../policy/types.js';
import type { Store } from '../../store/database.js';
import { compilePolicy } from './policy-documents.js';
import type { ManagedPolicyRegistry } from './policy-registry.js';
import { roleKey, type Role } from './roles.js';

export interface RolePolicies {
  identity: PolicyInput[];
  boundary?: PolicyInput;
}

export class RolePolicyLoader {
  constructor(
    private readonly store: Store,
    private readonly managed: ManagedPolicyRegistry,
  ) {}

  async load(role: Role): Promise<RolePolicies> {
    const key = roleKey(role.roleName);
    const [inline, attached] = await Promise.all([
      this.store.db
        .selectFrom('iam_role_inline_policies')
        .select(['policy_name', 'document'])
        .where('account_id', '=', role.accountId)
        .where('role_key', '=', key)
        .orderBy('policy_name')
        .execute(),
      this.store.db
        .selectFrom('iam_role_attached_policies')
        .select(['policy_arn'])
        .where('account_id', '=', role.accountId)
        .where('role_key', '=', key)
        .orderBy('position')
        .execute(),
    ]);
    const identity: PolicyInput[] = [];
    for (const row of attached) {
      const input = await this.managed.policyInput(row.policy_arn, 'identity');
      if (input) identity.push(input);
    }
    for (const row of inline) {
      identity.push({ policy: compilePolicy(row.document, 'identity'), id: `${role.roleName}/${row.policy_name}`, type: 'role' });
    }
    const boundary = role.permissionsBoundaryArn ? await this.managed.policyInput(role.permissionsBoundaryArn, 'boundary') : undefined;
    return { identity, boundary };
  }
}
