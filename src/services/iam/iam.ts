// The IAM domain: state and rules for roles, with the managed policy registry (AWS and customer
// managed policies) and the roles' permissions as the engine sees them, callable from the API
// bindings and from the linked services (no HTTP here). Every write to a service-linked role that
// only AWS may make is refused here with UnmodifiableEntity; the linked services change their own
// roles through ServiceLinkedRoleManager, which bypasses that protection.
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import type { Store, Tx } from '../../store/database.js';
import { awsUniqueId } from './ids.js';
import { checkRoleInNoInstanceProfile, InstanceProfiles } from './instance-profiles.js';
import { checkTags, mergeTags, withoutKeys } from './identity-tags.js';
import { CustomerPolicies } from './customer-policies.js';
import { AwsManagedPolicies } from './managed-policies.js';
import { DEFAULT_MAX_ITEMS, decodeMarker, encodeMarker, pageInOrder, pageOf, type Page, type PageRequest } from './paging.js';
import { checkAttachPolicyArn, checkPolicyArn, isServiceRolePolicyArn, splitPolicyArn } from './policy-arns.js';
import { ManagedPolicyRegistry } from './policy-registry.js';
import { policySize, validatePolicyDocument } from './policy-documents.js';
import { RolePolicyLoader, type RolePolicies } from './role-policies.js';
import { noSuchRole, roleArn, RoleStore, type InlinePolicy, type Role, type Tag } from './roles.js';

export interface CreateRoleInput {
  RoleName: string;
  Path?: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

/** IAM's quotas, with the texts of the LimitExceeded errors that enforce them. */
export const QUOTAS = {
  /** Characters (whitespace excluded) of a role's trust policy. */
  assumeRolePolicySize: 2048,
  /** Characters (whitespace excluded) of all of a role's inline policies together. */
  rolePolicySize: 10240,
  attachedPoliciesPerRole: 10,
  tagsPerRole: 50,
} as const;

function unmodifiable(roleName: string): AwsError {
  return errors.UnmodifiableEntity(`Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`);
}

export class Iam {
  readonly roles: RoleStore;
  /** Every managed policy the account can use, AWS's and its own. */
  readonly policies: ManagedPolicyRegistry;
  /** Roles' permissions as the engine sees them (role sessions, the on-behalf path, the simulator). */
  readonly rolePolicies: RolePolicyLoader;
  /** Instance profiles, each holding at most one of the roles. */
  readonly instanceProfiles: InstanceProfiles;

  constructor(
    readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
    awsManagedPolicies = new AwsManagedPolicies(),
  ) {
    this.roles = new RoleStore(store);
    this.policies = new ManagedPolicyRegistry(store, awsManagedPolicies, new CustomerPolicies(store, clock), this.roles);
    this.rolePolicies = new RolePolicyLoader(store, this.policies);
    this.instanceProfiles = new InstanceProfiles(store, clock);
  }

  // --- roles --------------------------------------------------------------------------------------

  async createRole(accountId: string, input: CreateRoleInput): Promise<{ role: Role; tags: Tag[] }> {
    const path = input.Path ?? '/';
    await this.checkTrustPolicy(input.AssumeRolePolicyDocument);
    const tags = checkTags(input.Tags ?? []);
    if (tags.length > QUOTAS.tagsPerRole) throw tagQuota();
    if (input.PermissionsBoundary !== undefined) await this.policies.checkBoundary(accountId, input.PermissionsBoundary, 'role');
    const role: Role = {
      accountId,
      roleName: input.RoleName,
      roleId: awsUniqueId('AROA'),
      path,
      arn: roleArn(accountId, path, input.RoleName),
      assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
      description: input.Description,
      maxSessionDuration: input.MaxSessionDuration ?? 3600,
      createDate: this.clock(),
      // A role made by CreateRole is never service-linked, whatever its path.
      serviceLinked: false,
      permissionsBoundaryArn: input.PermissionsBoundary,
    };
    await this.store.transaction((tx) => this.roles.insert(role, tags, tx));
    return { role, tags };
  }

  getRole(accountId: string, roleName: string): Promise<Role> {
    return this.roles.get(accountId, roleName);
  }

  async listRoles(accountId: string, request: PageRequest & { PathPrefix?: string }): Promise<Page<Role>> {
    const max = request.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await this.roles.list(accountId, { pathPrefix: request.PathPrefix, afterKey: decodeMarker(request.Marker), limit: max + 1 });
    const items = rows.slice(0, max);
    const isTruncated = rows.length > max;
    return { items, isTruncated, marker: isTruncated ? encodeMarker(items[items.length - 1].roleName.toLowerCase()) : undefined };
  }

  async updateRole(accountId: string, roleName: string, changes: { Description?: string; MaxSessionDuration?: number }): Promise<void> {
    await this.store.transaction(async (tx) => {
      const role = await this.roles.get(accountId, roleName, tx);
      // A service-linked role's description may change; its session duration may not.
      if (role.serviceLinked && changes.MaxSessionDuration !== undefined) throw unmodifiable(role.roleName);
      await this.roles.update(accountId, roleName, {
        ...(changes.Description !== undefined ? { description: changes.Description } : {}),
        ...(changes.MaxSessionDuration !== undefined ? { max_session_duration: changes.MaxSessionDuration } : {}),
      }, tx);
    });
  }

  async updateRoleDescription(accountId: string, roleName: string, description: string): Promise<Role> {
    return this.store.transaction(async (tx) => {
      await this.roles.get(accountId, roleName, tx);
      await this.roles.update(accountId, roleName, { description }, tx);
      return this.roles.get(accountId, roleName, tx);
    });
  }

  async deleteRole(accountId: string, roleName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const role = await this.modifiableRole(accountId, roleName, tx);
      await checkRoleInNoInstanceProfile(tx, accountId, role.roleName);
      if ((await this.roles.attachedPolicyArns(accountId, role.roleName, tx)).length > 0) {
        throw errors.DeleteConflict('Cannot delete entity, must detach all policies first.');
      }
      if ((await this.roles.inlinePolicies(accountId, role.roleName, tx)).length > 0) {
        throw errors.DeleteConflict('Cannot delete entity, must delete policies first.');
      }
      await this.roles.delete(accountId, role.roleName, tx);
    });
  }

  async updateAssumeRolePolicy(accountId: string, roleName: string, document: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.modifiableRole(accountId, roleName, tx);
      await this.checkTrustPolicy(document);
      await this.roles.update(accountId, roleName, { assume_role_policy: document }, tx);
    });
  }

  // --- tags ---------------------------------------------------------------------------------------

  async tagRole(accountId: string, roleName: string, tags: Tag[]): Promise<void> {
    const incoming = checkTags(tags);
    await this.store.transaction(async (tx) => {
      const role = await this.roles.get(accountId, roleName, tx);
      const merged = mergeTags(await this.roles.tags(accountId, role.roleName, tx), incoming);
      if (merged.length > QUOTAS.tagsPerRole) throw tagQuota();
      await this.roles.writeTags(accountId, role.roleName, merged, tx);
    });
  }

  async untagRole(accountId: string, roleName: string, tagKeys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const role = await this.roles.get(accountId, roleName, tx);
      const tags = await this.roles.tags(accountId, role.roleName, tx);
      const kept = withoutKeys(tags, tagKeys);
      if (kept.length !== tags.length) await this.roles.writeTags(accountId, role.roleName, kept, tx);
    });
  }

  async listRoleTags(accountId: string, roleName: string, request: PageRequest): Promise<Page<Tag>> {
    const role = await this.roles.get(accountId, roleName);
    const tags = await this.roles.tags(accountId, role.roleName);
    // Tags are listed in the order they were added; the marker is the position.
    return pageInOrder(tags, request);
  }

  // --- inline policies ------------------------------------------------------------------------------

  async putRolePolicy(accountId: string, roleName: string, policyName: string, document: string, options: { asService?: boolean; tx?: Tx } = {}): Promise<void> {
    await validatePolicyDocument(document, 'identity');
    await this.inTransaction(options.tx, async (tx) => {
      const role = options.asService ? await this.roles.get(accountId, roleName, tx) : await this.modifiableRole(accountId, roleName, tx);
      const others = (await this.roles.inlinePolicies(accountId, role.roleName, tx)).filter((p) => p.policyName !== policyName);
      const total = others.reduce((sum, p) => sum + policySize(p.document), 0) + policySize(document);
      if (total > QUOTAS.rolePolicySize) {
        throw errors.LimitExceeded(`Maximum policy size of ${QUOTAS.rolePolicySize} bytes exceeded for role ${role.roleName}`);
      }
      await this.roles.putInlinePolicy(accountId, role.roleName, policyName, document, tx);
    });
  }

  async getRolePolicy(accountId: string, roleName: string, policyName: string): Promise<{ role: Role; policy: InlinePolicy }> {
    const role = await this.roles.get(accountId, roleName);
    const policy = await this.roles.inlinePolicy(accountId, role.roleName, policyName);
    if (!policy) throw noSuchRolePolicy(policyName);
    return { role, policy };
  }

  async deleteRolePolicy(accountId: string, roleName: string, policyName: string, options: { asService?: boolean; tx?: Tx } = {}): Promise<void> {
    await this.inTransaction(options.tx, async (tx) => {
      const role = options.asService ? await this.roles.get(accountId, roleName, tx) : await this.modifiableRole(accountId, roleName, tx);
      if (!(await this.roles.deleteInlinePolicy(accountId, role.roleName, policyName, tx))) throw noSuchRolePolicy(policyName);
    });
  }

  async listRolePolicies(accountId: string, roleName: string, request: PageRequest): Promise<Page<string>> {
    const role = await this.roles.get(accountId, roleName);
    const names = (await this.roles.inlinePolicies(accountId, role.roleName)).map((p) => p.policyName);
    return pageOf(names, (n) => n, request);
  }

  // --- attached managed policies ------------------------------------------------------------------

  async attachRolePolicy(accountId: string, roleName: string, policyArn: string, options: { asService?: boolean; tx?: Tx } = {}): Promise<void> {
    checkAttachPolicyArn(policyArn);
    const work = async (tx: Tx) => {
      const role = await this.roles.find(accountId, roleName, tx);
      if (!role) throw noSuchRole(roleName);
      const exists = () => this.policies.exists(accountId, policyArn, tx);
      const notFound = () => errors.NoSuchEntity(`Policy ${policyArn} does not exist or is not attachable.`);
      // A service role policy is first looked up and checked against the role (PolicyNotAttachable), so
      // that even a service-linked role of another service answers that; then the role's protection.
      if (isServiceRolePolicyArn(policyArn)) {
        if (!options.asService && !(await exists())) throw notFound();
        this.policies.checkAttachable(policyArn, { kind: 'role', servicePrincipal: role.serviceLinked ? role.servicePrincipal : undefined });
      }
      if (!options.asService && role.serviceLinked) throw unmodifiable(role.roleName);
      if (!options.asService && !isServiceRolePolicyArn(policyArn) && !(await exists())) throw notFound();
      const attached = await this.roles.attachedPolicyArns(accountId, role.roleName, tx);
      if (attached.includes(policyArn)) return;
      if (!options.asService && attached.length >= QUOTAS.attachedPoliciesPerRole) {
        throw errors.LimitExceeded(`Cannot exceed quota for PoliciesPerRole: ${QUOTAS.attachedPoliciesPerRole}`);
      }
      await this.roles.attach(accountId, role.roleName, policyArn, tx);
    };
    await (options.tx ? work(options.tx) : this.store.transaction(work));
  }

  async detachRolePolicy(accountId: string, roleName: string, policyArn: string): Promise<void> {
    checkPolicyArn(policyArn);
    await this.store.transaction(async (tx) => {
      const role = await this.modifiableRole(accountId, roleName, tx);
      if (!(await this.roles.detach(accountId, role.roleName, policyArn, tx))) {
        throw errors.NoSuchEntity(`Policy ${policyArn} was not found.`);
      }
    });
  }

  async listAttachedRolePolicies(accountId: string, roleName: string, request: PageRequest & { PathPrefix?: string }): Promise<Page<{ PolicyName: string; PolicyArn: string }>> {
    const role = await this.roles.get(accountId, roleName);
    const arns = await this.roles.attachedPolicyArns(accountId, role.roleName);
    return attachedPoliciesPage(arns, request);
  }

  // --- permissions boundary -----------------------------------------------------------------------

  async putRolePermissionsBoundary(accountId: string, roleName: string, boundaryArn: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.modifiableRole(accountId, roleName, tx);
      await this.policies.checkBoundary(accountId, boundaryArn, 'role', tx);
      await this.roles.update(accountId, roleName, { permissions_boundary_arn: boundaryArn }, tx);
    });
  }

  async deleteRolePermissionsBoundary(accountId: string, roleName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.modifiableRole(accountId, roleName, tx);
      await this.roles.update(accountId, roleName, { permissions_boundary_arn: null }, tx);
    });
  }

  /**
   * A role's policies by its ARN (SimulatePrincipalPolicy, GetContextKeysForPrincipalPolicy): undefined
   * when the ARN is not a role's, NoSuchEntity when there is no such role.
   */
  async rolePoliciesByArn(arn: string): Promise<RolePolicies | undefined> {
    const match = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!match) return undefined;
    return this.rolePolicies.load(await this.roles.get(match[1], match[2]));
  }

  // --- rules ----------------------------------------------------------------------------------------

  /** Runs `work` in the caller's transaction when there is one, else in a transaction of its own. */
  private inTransaction<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? work(tx) : this.store.transaction(work);
  }

  /** The role, unless only AWS may change it (a service-linked role): then UnmodifiableEntity. */
  async modifiableRole(accountId: string, roleName: string, tx: Tx): Promise<Role> {
    const role = await this.roles.find(accountId, roleName, tx);
    if (!role) throw noSuchRole(roleName);
    if (role.serviceLinked) throw unmodifiable(role.roleName);
    return role;
  }

  async checkTrustPolicy(document: string): Promise<void> {
    await validatePolicyDocument(document, 'trust');
    if (policySize(document) > QUOTAS.assumeRolePolicySize) {
      throw errors.LimitExceeded(`Cannot exceed quota for ACLSizePerRole: ${QUOTAS.assumeRolePolicySize}`);
    }
  }
}

function noSuchRolePolicy(policyName: string): AwsError {
  return errors.NoSuchEntity(`The role policy with name ${policyName} cannot be found.`);
}

function tagQuota(): AwsError {
  return errors.LimitExceeded(`Cannot exceed quota for TagsPerRole: ${QUOTAS.tagsPerRole}`);
}

/** ListAttached{Role,User,Group}Policies: in the order they were attached, those whose path starts with PathPrefix. */
export function attachedPoliciesPage(arns: string[], request: PageRequest & { PathPrefix?: string }): Page<{ PolicyName: string; PolicyArn: string }> {
  const attached = arns.map((arn) => ({ arn, ...splitPolicyArn(arn) })).filter((p) => !request.PathPrefix || p.path.startsWith(request.PathPrefix));
  return pageInOrder(attached.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })), request);
}
