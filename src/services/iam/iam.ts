// The IAM domain: state and rules for roles and the AWS managed policies they use, callable from the
// API binding and from the linked services (no HTTP here). Every write to a service-linked role that
// only AWS may make is refused here with UnmodifiableEntity; the linked services change their own
// roles through ServiceLinkedRoleManager, which bypasses that protection.
import { AwsError } from '../../aws/errors.js';
import type { Store, Tx } from '../../store/database.js';
import { awsUniqueId } from './ids.js';
import { checkTags, mergeTags, withoutKeys } from './identity-tags.js';
import { AwsManagedPolicies, checkAttachable, isServiceRolePolicyArn, type ManagedPolicyMeta, type ManagedPolicyVersion } from './managed-policies.js';
import { policySize, validatePolicyDocument } from './policy-documents.js';
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

export interface Page<T> {
  items: T[];
  isTruncated: boolean;
  marker?: string;
}

export interface PageRequest {
  Marker?: string;
  MaxItems?: number;
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

export const DEFAULT_MAX_ITEMS = 100;

export function unmodifiable(roleName: string): AwsError {
  return new AwsError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`, 400);
}

/** A managed policy ARN: arn:aws:iam::aws|ACCOUNT:policy/PATH/NAME. */
const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::(aws|\d{12}):policy\/([\u0021-\u007E]*\/)?[\w+=,.@-]+$/;

export function isPolicyArn(arn: string): boolean {
  return POLICY_ARN.test(arn);
}

/** Any ARN as IAM parses one: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. */
const ANY_ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

/**
 * The PolicyArn of AttachRolePolicy / AttachUserPolicy / AttachGroupPolicy: a string that is not an ARN
 * at all answers AWS's `Invalid ARN:  Could not be parsed!` (two spaces; ValidationError 400, as
 * localstack's snapshot tests recorded it from AWS); an ARN that is not a policy's, `ARN X is not valid.`
 */
export function checkAttachPolicyArn(policyArn: string): void {
  if (!ANY_ARN.test(policyArn)) throw new AwsError('ValidationError', 'Invalid ARN:  Could not be parsed!', 400);
  if (!isPolicyArn(policyArn)) throw new AwsError('ValidationError', `ARN ${policyArn} is not valid.`, 400);
}

export function encodeMarker(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const decoded = Buffer.from(marker, 'base64url').toString('utf8');
  if (!decoded || encodeMarker(decoded) !== marker) throw new AwsError('InvalidInput', 'Invalid Marker.', 400);
  return decoded;
}

/** Pages an in-memory list ordered by `key`: the items after the marker's key, at most MaxItems. */
export function pageOf<T>(items: T[], key: (item: T) => string, request: PageRequest): Page<T> {
  const after = decodeMarker(request.Marker);
  const max = request.MaxItems ?? DEFAULT_MAX_ITEMS;
  const start = after === undefined ? 0 : items.findIndex((item) => key(item) > after);
  const rest = start === -1 ? [] : items.slice(start);
  const page = rest.slice(0, max);
  const isTruncated = rest.length > max;
  return { items: page, isTruncated, marker: isTruncated ? encodeMarker(key(page[page.length - 1])) : undefined };
}

export class Iam {
  readonly roles: RoleStore;
  readonly managedPolicies: AwsManagedPolicies;
  /** Customer managed policies live in the identities module, which sets this lookup (attachments, boundaries). */
  customerPolicyExists: ((accountId: string, arn: string, tx?: Tx) => Promise<boolean>) | undefined;

  constructor(
    readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
    managedPolicies = new AwsManagedPolicies(),
  ) {
    this.roles = new RoleStore(store);
    this.managedPolicies = managedPolicies;
  }

  // --- roles --------------------------------------------------------------------------------------

  async createRole(accountId: string, input: CreateRoleInput): Promise<{ role: Role; tags: Tag[] }> {
    const path = input.Path ?? '/';
    await this.checkTrustPolicy(input.AssumeRolePolicyDocument);
    const tags = checkTags(input.Tags ?? []);
    if (tags.length > QUOTAS.tagsPerRole) throw tagQuota();
    if (input.PermissionsBoundary !== undefined) await this.checkBoundaryArn(accountId, input.PermissionsBoundary);
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
      if ((await this.roles.attachedPolicyArns(accountId, role.roleName, tx)).length > 0) {
        throw new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
      }
      if ((await this.roles.inlinePolicies(accountId, role.roleName, tx)).length > 0) {
        throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
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
    const indexed = tags.map((tag, i) => ({ tag, position: String(i).padStart(4, '0') }));
    const page = pageOf(indexed, (t) => t.position, request);
    return { ...page, items: page.items.map((t) => t.tag) };
  }

  // --- inline policies ------------------------------------------------------------------------------

  async putRolePolicy(accountId: string, roleName: string, policyName: string, document: string, options: { asService?: boolean; tx?: Tx } = {}): Promise<void> {
    await validatePolicyDocument(document, 'identity');
    await this.inTransaction(options.tx, async (tx) => {
      const role = options.asService ? await this.roles.get(accountId, roleName, tx) : await this.modifiableRole(accountId, roleName, tx);
      const others = (await this.roles.inlinePolicies(accountId, role.roleName, tx)).filter((p) => p.policyName !== policyName);
      const total = others.reduce((sum, p) => sum + policySize(p.document), 0) + policySize(document);
      if (total > QUOTAS.rolePolicySize) {
        throw new AwsError('LimitExceeded', `Maximum policy size of ${QUOTAS.rolePolicySize} bytes exceeded for role ${role.roleName}`, 409);
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
      const exists = () => this.policyExists(accountId, policyArn, tx);
      const notFound = () => new AwsError('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`, 404);
      // A service role policy is first looked up and checked against the role (PolicyNotAttachable), so
      // that even a service-linked role of another service answers that; then the role's protection.
      if (isServiceRolePolicyArn(policyArn)) {
        if (!options.asService && !(await exists())) throw notFound();
        checkAttachable(policyArn, { kind: 'role', servicePrincipal: role.serviceLinked ? role.servicePrincipal : undefined });
      }
      if (!options.asService && role.serviceLinked) throw unmodifiable(role.roleName);
      if (!options.asService && !isServiceRolePolicyArn(policyArn) && !(await exists())) throw notFound();
      const attached = await this.roles.attachedPolicyArns(accountId, role.roleName, tx);
      if (attached.includes(policyArn)) return;
      if (!options.asService && attached.length >= QUOTAS.attachedPoliciesPerRole) {
        throw new AwsError('LimitExceeded', `Cannot exceed quota for PoliciesPerRole: ${QUOTAS.attachedPoliciesPerRole}`, 409);
      }
      await this.roles.attach(accountId, role.roleName, policyArn, tx);
    };
    await (options.tx ? work(options.tx) : this.store.transaction(work));
  }

  async detachRolePolicy(accountId: string, roleName: string, policyArn: string): Promise<void> {
    if (!isPolicyArn(policyArn)) throw new AwsError('ValidationError', `ARN ${policyArn} is not valid.`, 400);
    await this.store.transaction(async (tx) => {
      const role = await this.modifiableRole(accountId, roleName, tx);
      if (!(await this.roles.detach(accountId, role.roleName, policyArn, tx))) {
        throw new AwsError('NoSuchEntity', `Policy ${policyArn} was not found.`, 404);
      }
    });
  }

  async listAttachedRolePolicies(accountId: string, roleName: string, request: PageRequest & { PathPrefix?: string }): Promise<Page<{ PolicyName: string; PolicyArn: string }>> {
    const role = await this.roles.get(accountId, roleName);
    const arns = await this.roles.attachedPolicyArns(accountId, role.roleName);
    const attached = arns
      .map((arn, i) => ({ arn, position: String(i).padStart(4, '0'), ...splitPolicyArn(arn) }))
      .filter((p) => !request.PathPrefix || p.path.startsWith(request.PathPrefix));
    const page = pageOf(attached, (p) => p.position, request);
    return { ...page, items: page.items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })) };
  }

  // --- permissions boundary -----------------------------------------------------------------------

  async putRolePermissionsBoundary(accountId: string, roleName: string, boundaryArn: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.modifiableRole(accountId, roleName, tx);
      await this.checkBoundaryArn(accountId, boundaryArn, tx);
      await this.roles.update(accountId, roleName, { permissions_boundary_arn: boundaryArn }, tx);
    });
  }

  async deleteRolePermissionsBoundary(accountId: string, roleName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.modifiableRole(accountId, roleName, tx);
      await this.roles.update(accountId, roleName, { permissions_boundary_arn: null }, tx);
    });
  }

  // --- AWS managed policies -----------------------------------------------------------------------

  async getPolicy(accountId: string, policyArn: string): Promise<ManagedPolicyMeta & { attachmentCount: number; boundaryUsageCount: number }> {
    if (!isPolicyArn(policyArn)) throw new AwsError('ValidationError', `ARN ${policyArn} is not valid.`, 400);
    const meta = this.managedPolicies.find(policyArn);
    if (!meta) throw new AwsError('NoSuchEntity', `Policy ${policyArn} was not found.`, 404);
    const attachments = await this.roles.attachmentCounts(accountId, [policyArn]);
    const boundaries = await this.roles.boundaryCounts(accountId, [policyArn]);
    return { ...meta, attachmentCount: attachments.get(policyArn) ?? 0, boundaryUsageCount: boundaries.get(policyArn) ?? 0 };
  }

  getPolicyVersion(policyArn: string, versionId: string): ManagedPolicyVersion {
    if (!isPolicyArn(policyArn)) throw new AwsError('ValidationError', `ARN ${policyArn} is not valid.`, 400);
    const version = this.managedPolicies.version(policyArn, versionId);
    if (!version) throw new AwsError('NoSuchEntity', `Policy ${policyArn} version ${versionId} does not exist or is not attachable.`, 404);
    return version;
  }

  listPolicyVersions(policyArn: string, request: PageRequest): Page<ManagedPolicyVersion> {
    if (!isPolicyArn(policyArn)) throw new AwsError('ValidationError', `ARN ${policyArn} is not valid.`, 400);
    const versions = this.managedPolicies.versions(policyArn);
    if (!versions) throw new AwsError('NoSuchEntity', `Policy ${policyArn} was not found.`, 404);
    // Newest first; the marker is the position in that order.
    const indexed = versions.map((v, i) => ({ v, position: String(i).padStart(6, '0') }));
    const page = pageOf(indexed, (x) => x.position, request);
    return { ...page, items: page.items.map((x) => x.v) };
  }

  async listPolicies(
    accountId: string,
    request: PageRequest & { Scope?: 'All' | 'AWS' | 'Local'; OnlyAttached?: boolean; PathPrefix?: string; PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary' },
  ): Promise<Page<ManagedPolicyMeta & { attachmentCount: number; boundaryUsageCount: number }>> {
    // Only AWS managed policies exist here: Scope=Local lists none.
    if (request.Scope === 'Local') return { items: [], isTruncated: false };
    const attachments = await this.roles.attachmentCounts(accountId);
    const boundaries = await this.roles.boundaryCounts(accountId);
    const usage = request.PolicyUsageFilter;
    const matching = this.managedPolicies.all().filter((p) => {
      if (request.PathPrefix && !p.path.startsWith(request.PathPrefix)) return false;
      const attached = attachments.get(p.arn) ?? 0;
      const bounding = boundaries.get(p.arn) ?? 0;
      if (request.OnlyAttached && (usage === 'PermissionsBoundary' ? bounding : usage === 'PermissionsPolicy' ? attached : attached + bounding) === 0) return false;
      return true;
    });
    const page = pageOf(matching, (p) => p.name, request);
    return {
      ...page,
      items: page.items.map((p) => ({ ...p, attachmentCount: attachments.get(p.arn) ?? 0, boundaryUsageCount: boundaries.get(p.arn) ?? 0 })),
    };
  }

  // --- rules ----------------------------------------------------------------------------------------

  /** The role, unless only AWS may change it (a service-linked role): then UnmodifiableEntity. */
  /** Runs `work` in the caller's transaction when there is one, else in a transaction of its own. */
  private inTransaction<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? work(tx) : this.store.transaction(work);
  }

  async modifiableRole(accountId: string, roleName: string, tx: Tx): Promise<Role> {
    const role = await this.roles.find(accountId, roleName, tx);
    if (!role) throw noSuchRole(roleName);
    if (role.serviceLinked) throw unmodifiable(role.roleName);
    return role;
  }

  async checkTrustPolicy(document: string): Promise<void> {
    await validatePolicyDocument(document, 'trust');
    if (policySize(document) > QUOTAS.assumeRolePolicySize) {
      throw new AwsError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${QUOTAS.assumeRolePolicySize}`, 409);
    }
  }

  /** Whether `arn` names an AWS managed policy or one of the account's customer managed policies. */
  private async policyExists(accountId: string, arn: string, tx?: Tx): Promise<boolean> {
    return this.managedPolicies.find(arn) !== undefined || ((await this.customerPolicyExists?.(accountId, arn, tx)) ?? false);
  }

  private async checkBoundaryArn(accountId: string, arn: string, tx?: Tx): Promise<void> {
    if (!isPolicyArn(arn)) throw new AwsError('InvalidInput', `ARN ${arn} is not valid.`, 400);
    if (!(await this.policyExists(accountId, arn, tx))) throw new AwsError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`, 404);
    // Only customer roles have boundaries (a service-linked role's is refused as protected).
    checkAttachable(arn, { kind: 'role' }, 'boundary');
  }
}

export function noSuchRolePolicy(policyName: string): AwsError {
  return new AwsError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
}

function tagQuota(): AwsError {
  return new AwsError('LimitExceeded', `Cannot exceed quota for TagsPerRole: ${QUOTAS.tagsPerRole}`, 409);
}

export function splitPolicyArn(arn: string): { path: string; name: string } {
  const rest = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
  const slash = rest.lastIndexOf('/');
  return { path: rest.slice(0, slash + 1), name: rest.slice(slash + 1) };
}

