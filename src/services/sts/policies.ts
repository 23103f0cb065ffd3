// A role's permissions as the policy engine sees them: its attached managed policies, its inline
// policies and its permissions boundary, compiled once per distinct document (cached by content) so
// that deciding a call costs two small indexed reads and one evaluation.
import { AwsError } from '../../aws/errors.js';
import type { CompiledPolicy, PolicyInput, PolicyKind } from '../../policy/types.js';
import type { Store } from '../../store/database.js';
import { managedPolicySourceType } from '../iam/customer-policies.js';
import { roleKey, type Role } from '../iam/roles.js';
import { parsePolicy } from './engine.js';

/**
 * A stored document as the engine's compiled policy (the engine caches it by kind and text, so the same
 * text always yields the same object); a document that does not parse is MalformedPolicyDocument.
 */
export function compilePolicy(text: string, kind: PolicyKind): CompiledPolicy {
  const result = parsePolicy(text, kind);
  if (!result.ok) {
    throw new AwsError('MalformedPolicyDocument', result.errors.map((e) => e.message).join(' '), 400);
  }
  return result.policy;
}

export interface RolePolicies {
  identity: PolicyInput[];
  boundary?: PolicyInput;
}

/** Where AWS managed policies' documents come from (the IAM managed policy data). */
export type ManagedPolicyResolver = (policyArn: string) => Promise<string | undefined>;

export class RolePolicyLoader {
  /** AWS managed policies never change while the server runs: their documents are looked up once. */
  private readonly awsManaged = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly store: Store,
    private readonly resolve: ManagedPolicyResolver,
  ) {}

  private managedPolicy(arn: string): Promise<string | undefined> {
    if (!arn.startsWith('arn:aws:iam::aws:policy/')) return this.resolve(arn);
    let document = this.awsManaged.get(arn);
    if (!document) {
      document = this.resolve(arn);
      this.awsManaged.set(arn, document);
    }
    return document;
  }

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
      const document = await this.managedPolicy(row.policy_arn);
      if (document === undefined) continue;
      identity.push({ policy: compilePolicy(document, 'identity'), id: row.policy_arn, type: managedPolicySourceType(row.policy_arn) });
    }
    for (const row of inline) {
      identity.push({ policy: compilePolicy(row.document, 'identity'), id: `${role.roleName}/${row.policy_name}`, type: 'role' });
    }
    let boundary: PolicyInput | undefined;
    if (role.permissionsBoundaryArn) {
      const document = await this.managedPolicy(role.permissionsBoundaryArn);
      if (document !== undefined) {
        boundary = { policy: compilePolicy(document, 'boundary'), id: role.permissionsBoundaryArn, type: managedPolicySourceType(role.permissionsBoundaryArn) };
      }
    }
    return { identity, boundary };
  }
}
