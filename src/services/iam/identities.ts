// IAM identities: users, groups, access keys and the policies of users and groups, over the IAM
// domain's managed policy registry; and the policies that apply to a user (its own, its groups', its
// permissions boundary) as the authorizer and the policy simulator see them.
import type { PolicyInput } from '../../policy/types.js';
import type { Store } from '../../store/database.js';
import { AccessKeys } from './access-keys.js';
import { Groups, type Group } from './groups.js';
import type { Iam } from './iam.js';
import { nameKey, readTags, tagMap } from './identity-tags.js';
import { compilePolicy } from './policy-documents.js';
import { MfaDevices } from './mfa.js';
import { Passwords } from './passwords.js';
import type { ManagedPolicyRegistry } from './policy-registry.js';
import { PrincipalPolicies, type PrincipalKind } from './principal-policies.js';
import type { PrincipalPolicies as SimulatedPolicies } from './simulator.js';
import { Users, type User } from './users.js';

/** Everything the engine needs about a user to decide its requests. */
export interface UserAuthorization {
  user: User;
  tags: Record<string, string>;
  identity: PolicyInput[];
  boundary?: PolicyInput;
}

export class Identities {
  readonly managedPolicies: ManagedPolicyRegistry;
  readonly users: Users;
  readonly groups: Groups;
  readonly accessKeys: AccessKeys;
  readonly policies: PrincipalPolicies;
  /** Users' console passwords and the account password policy. */
  readonly passwords: Passwords;
  /** Virtual MFA devices and the codes they give. */
  readonly mfa: MfaDevices;

  constructor(
    readonly store: Store,
    iam: Iam,
    readonly clock: () => Date = () => new Date(),
  ) {
    this.managedPolicies = iam.policies;
    this.users = new Users(store, this.managedPolicies, clock);
    this.groups = new Groups(store, this.users, clock);
    this.accessKeys = new AccessKeys(store, this.users, clock);
    this.policies = new PrincipalPolicies(store, this.users, this.groups, this.managedPolicies);
    this.passwords = new Passwords(store, this.users, clock);
    this.mfa = new MfaDevices(store, this.users, clock);
  }

  /** A user's policies, groups' included, compiled (cached by content); undefined when the user is gone. */
  async userAuthorization(userId: string): Promise<UserAuthorization | undefined> {
    const user = await this.users.findById(userId);
    if (!user) return undefined;
    const key = nameKey(user.userName);
    const [tags, groups] = await Promise.all([readTags(this.store.db, user.accountId, 'user', key), this.groups.groupsOf(user.accountId, user.userName)]);
    const identity = await this.principalInputs('user', user.accountId, user.userName);
    for (const group of groups) identity.push(...(await this.principalInputs('group', group.accountId, group.groupName)));
    const boundary = user.permissionsBoundaryArn ? await this.managedPolicies.policyInput(user.permissionsBoundaryArn, 'boundary') : undefined;
    return { user, tags: tagMap(tags), identity, boundary };
  }

  /** The policies of a user or group by ARN, for SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy. */
  async principalPoliciesByArn(accountId: string, arn: string): Promise<SimulatedPolicies | undefined> {
    const match = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):(user|group)\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!match || match[1] !== accountId) return undefined;
    if (match[2] === 'user') {
      const user = await this.users.find(accountId, match[3]);
      if (!user || user.arn !== arn) return undefined;
      const found = await this.userAuthorization(user.userId);
      return found && { identity: found.identity, boundary: found.boundary };
    }
    const group: Group | undefined = await this.groups.find(accountId, match[3]);
    if (!group || group.arn !== arn) return undefined;
    return { identity: await this.principalInputs('group', accountId, group.groupName) };
  }

  private async principalInputs(kind: PrincipalKind, accountId: string, name: string): Promise<PolicyInput[]> {
    const key = nameKey(name);
    const [attached, inline] = await Promise.all([this.policies.attachedArns(kind, accountId, key), this.policies.inline(kind, accountId, key)]);
    const inputs: PolicyInput[] = [];
    for (const arn of attached) {
      const input = await this.managedPolicies.policyInput(arn, 'identity');
      if (input) inputs.push(input);
    }
    for (const policy of inline) inputs.push({ policy: compilePolicy(policy.document, 'identity'), id: `${name}/${policy.policyName}`, type: kind });
    return inputs;
  }
}
