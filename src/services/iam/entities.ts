// IAM entities named by ARN (a user, group, role or managed policy), as last accessed data, the policy
// summaries and Access Analyzer's policy generation take them, with their permissions policies: the
// inline and attached managed policies of a user (and of its groups), of a group, of a role, or the policy
// itself. Permissions boundaries are not permissions policies and are left out, as AWS does.
import { errors } from '../../aws/generated/iam.js';
import { partition } from '../../aws/partitions.js';
import type { Groups } from './groups.js';
import { nameKey } from './identity-tags.js';
import type { Iam } from './iam.js';
import type { Identities } from './identities.js';
import type { ManagedPolicyRegistry } from './policy-registry.js';
import type { Users } from './users.js';

export type EntityKind = 'user' | 'group' | 'role' | 'policy';

export interface Entity {
  kind: EntityKind;
  accountId: string;
  arn: string;
  /** The user's, group's or role's name; the policy's name. */
  name: string;
  /** The user's, group's or role's id (a policy's is not needed here: empty). */
  id: string;
  path: string;
}

/** A permissions policy of an entity, as ListPoliciesGrantingServiceAccess names it. */
export interface EntityPolicy {
  policyName: string;
  policyType: 'INLINE' | 'MANAGED';
  /** A managed policy's ARN. */
  policyArn?: string;
  /** The user, group or role an inline policy is embedded in. */
  entityType?: 'USER' | 'GROUP' | 'ROLE';
  entityName?: string;
  document: string;
}

const ENTITY_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}|aws):(user|group|role|policy)(\/(?:.*\/)?)([^/]+)$/;

export class IamEntities {
  private readonly users: Users;
  private readonly groups: Groups;
  private readonly policies: ManagedPolicyRegistry;

  constructor(
    private readonly iam: Iam,
    private readonly identities: Identities,
  ) {
    this.users = identities.users;
    this.groups = identities.groups;
    this.policies = iam.policies;
  }

  /**
   * The entity an ARN names in the account, of one of `kinds`: InvalidInput when the ARN names no such kind
   * of IAM entity, NoSuchEntity when the account has none by that ARN.
   */
  async resolve(accountId: string, arn: string, kinds: readonly EntityKind[]): Promise<Entity> {
    const match = ENTITY_ARN.exec(arn);
    const kind = match?.[3] as EntityKind | undefined;
    if (!match || !kind || !kinds.includes(kind) || (match[2] === 'aws' && kind !== 'policy')) {
      throw errors.InvalidInput(`The ARN ${arn} is not the ARN of an IAM ${kinds.join(', ').replace(/, ([^,]*)$/, ' or $1')}.`);
    }
    const [, , owner, , path, name] = match;
    const missing = () => errors.NoSuchEntity(`The ${kind} with ARN ${arn} cannot be found.`);
    if (owner !== accountId && owner !== 'aws') throw missing();
    switch (kind) {
      case 'user': {
        const user = await this.users.find(accountId, name);
        if (!user || user.arn !== arn) throw missing();
        return { kind, accountId, arn, name: user.userName, id: user.userId, path: user.path };
      }
      case 'group': {
        const group = await this.groups.find(accountId, name);
        if (!group || group.arn !== arn) throw missing();
        return { kind, accountId, arn, name: group.groupName, id: group.groupId, path: group.path };
      }
      case 'role': {
        const role = await this.iam.roles.find(accountId, name);
        if (!role || role.arn !== arn) throw missing();
        return { kind, accountId, arn, name: role.roleName, id: role.roleId, path: role.path };
      }
      case 'policy': {
        if (!(await this.policies.exists(accountId, arn))) throw missing();
        return { kind, accountId, arn, name, id: '', path };
      }
    }
  }

  /** The entity's permissions policies: its own, and a user's groups' too. */
  async permissionsPolicies(entity: Entity): Promise<EntityPolicy[]> {
    switch (entity.kind) {
      case 'user': {
        const own = await this.principalPolicies('user', entity.accountId, entity.name);
        for (const group of await this.groups.groupsOf(entity.accountId, entity.name)) own.push(...(await this.principalPolicies('group', entity.accountId, group.groupName)));
        return own;
      }
      case 'group':
        return this.principalPolicies('group', entity.accountId, entity.name);
      case 'role': {
        const [inline, attached] = await Promise.all([this.iam.roles.inlinePolicies(entity.accountId, entity.name), this.iam.roles.attachedPolicyArns(entity.accountId, entity.name)]);
        return [
          ...(await this.managed(attached)),
          ...inline.map((p): EntityPolicy => ({ policyName: p.policyName, policyType: 'INLINE', entityType: 'ROLE', entityName: entity.name, document: p.document })),
        ];
      }
      case 'policy':
        return this.managed([entity.arn]);
    }
  }

  /**
   * The users and roles whose use counts for the entity: a user or role itself, a group's members, the users
   * and roles a policy is attached to (directly, or through a group for users), each once, by ARN.
   */
  async usersAndRoles(entity: Entity): Promise<Entity[]> {
    const { accountId } = entity;
    if (entity.kind === 'user' || entity.kind === 'role') return [entity];
    const found = new Map<string, Entity>();
    const addMembers = async (groupName: string) => {
      // Every member: a group's members are a bounded list (IAM's quota), read in one query.
      const { page } = await this.groups.members(accountId, groupName, { MaxItems: Number.MAX_SAFE_INTEGER });
      for (const u of page.items) found.set(u.arn, { kind: 'user', accountId, arn: u.arn, name: u.userName, id: u.userId, path: u.path });
    };
    if (entity.kind === 'group') {
      await addMembers(entity.name);
      return [...found.values()];
    }
    const attached = await this.policies.entities(accountId, entity.arn, { PolicyUsageFilter: 'PermissionsPolicy' });
    for (const u of attached.users) {
      const user = await this.users.find(accountId, u.UserName);
      if (user) found.set(user.arn, { kind: 'user', accountId, arn: user.arn, name: user.userName, id: user.userId, path: user.path });
    }
    for (const g of attached.groups) await addMembers(g.GroupName);
    for (const r of attached.roles) {
      const role = await this.iam.roles.find(accountId, r.RoleName);
      if (role) found.set(role.arn, { kind: 'role', accountId, arn: role.arn, name: role.roleName, id: role.roleId, path: role.path });
    }
    return [...found.values()];
  }

  private async principalPolicies(kind: 'user' | 'group', accountId: string, name: string): Promise<EntityPolicy[]> {
    const key = nameKey(name);
    const [attached, inline] = await Promise.all([this.identities.policies.attachedArns(kind, accountId, key), this.identities.policies.inline(kind, accountId, key)]);
    const entityType = kind === 'user' ? 'USER' : 'GROUP';
    return [...(await this.managed(attached)), ...inline.map((p): EntityPolicy => ({ policyName: p.policyName, policyType: 'INLINE', entityType, entityName: name, document: p.document }))];
  }

  private async managed(arns: readonly string[]): Promise<EntityPolicy[]> {
    const out: EntityPolicy[] = [];
    for (const arn of arns) {
      const document = await this.policies.document(arn);
      if (document !== undefined) out.push({ policyName: arn.slice(arn.lastIndexOf('/') + 1), policyType: 'MANAGED', policyArn: arn, document });
    }
    return out;
  }
}

/** The prefix of the ARNs of a role's sessions (what the audit trail records as their principal). */
export function roleSessionPrefix(accountId: string, roleName: string): string {
  return `arn:${partition()}:sts::${accountId}:assumed-role/${roleName}/`;
}
