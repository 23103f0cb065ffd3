// Service-linked roles, callable by the IAM API and by linked services (AppIntegrations, Lex) without
// HTTP: CreateServiceLinkedRole from the catalog, the protection of the roles (enforced in iam.ts) and
// the services' own writes to their roles. Their deletion is a task of its own (deletion-tasks.ts).
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import type { Store, Tx } from '../../store/database.js';
import type { Iam } from './iam.js';
import { awsUniqueId } from './ids.js';
import { isUniqueViolation, roleArn, type Role } from './roles.js';
import { linkedService, serviceLinkedRolePath, serviceLinkedTrustPolicy, type LinkedServiceEntry } from './slr-catalog.js';

export interface CreateServiceLinkedRoleOptions {
  customSuffix?: string;
  description?: string;
}

/** CONTRACT: what AppIntegrations and Lex use. */
export interface ServiceLinkedRoles {
  /** CreateServiceLinkedRole: InvalidInput for unknown services, suffix rules and taken names, as AWS. */
  create(accountId: string, servicePrincipal: string, options?: CreateServiceLinkedRoleOptions): Promise<Role>;
  /** The service's role (no suffix), created when missing; safe under concurrency (exactly one role). */
  ensure(accountId: string, servicePrincipal: string): Promise<Role>;
  /**
   * A linked service writes an inline policy into its own role (AWS lets only the service do this),
   * in the service's transaction `tx` when given (so that it commits with the service's own state).
   */
  putServicePolicy(accountId: string, roleName: string, policyName: string, document: string, tx?: Tx): Promise<void>;
  /** A linked service removes an inline policy from its own role (in `tx` when given). */
  deleteServicePolicy(accountId: string, roleName: string, policyName: string, tx?: Tx): Promise<void>;
}

function unknownServicePrincipal(servicePrincipal: string): AwsError {
  return errors.InvalidInput(`${servicePrincipal} is not a valid service principal.`);
}

function taken(roleName: string): AwsError {
  return errors.InvalidInput(`Service role name ${roleName} has been taken in this account, please try a different suffix.`);
}

export class ServiceLinkedRoleManager implements ServiceLinkedRoles {
  constructor(
    private readonly store: Store,
    private readonly iam: Iam,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The role name CreateServiceLinkedRole would make, or the error it would answer. */
  static roleNameFor(servicePrincipal: string, customSuffix?: string): { entry: LinkedServiceEntry; roleName: string } {
    const entry = linkedService(servicePrincipal);
    if (!entry) throw unknownServicePrincipal(servicePrincipal);
    if (customSuffix === undefined) return { entry, roleName: entry.roleName };
    if (!entry.customSuffixAllowed) throw errors.InvalidInput(`Custom suffix is not allowed for ${servicePrincipal}`);
    const roleName = `${entry.roleName}_${customSuffix}`;
    if (roleName.length > 64) {
      throw errors.InvalidInput(`The role name ${roleName} is too long: a role name can have at most 64 characters.`);
    }
    return { entry, roleName };
  }

  async create(accountId: string, servicePrincipal: string, options: CreateServiceLinkedRoleOptions = {}): Promise<Role> {
    const { entry, roleName } = ServiceLinkedRoleManager.roleNameFor(servicePrincipal, options.customSuffix);
    const path = serviceLinkedRolePath(servicePrincipal);
    const role: Role = {
      accountId,
      roleName,
      roleId: awsUniqueId('AROA'),
      path,
      arn: roleArn(accountId, path, roleName),
      assumeRolePolicyDocument: serviceLinkedTrustPolicy(servicePrincipal),
      description: options.description ?? entry.description,
      maxSessionDuration: 3600,
      createDate: this.clock(),
      serviceLinked: true,
      servicePrincipal,
    };
    await this.store.transaction(async (tx) => {
      try {
        await this.iam.roles.insert(role, [], tx);
      } catch (error) {
        if (errors.EntityAlreadyExists.is(error) || isUniqueViolation(error)) throw taken(roleName);
        throw error;
      }
      for (const arn of entry.managedPolicyArns) await this.iam.attachRolePolicy(accountId, roleName, arn, { asService: true, tx });
    });
    return role;
  }

  async ensure(accountId: string, servicePrincipal: string): Promise<Role> {
    const { roleName } = ServiceLinkedRoleManager.roleNameFor(servicePrincipal);
    for (let attempt = 0; ; attempt++) {
      const existing = await this.iam.roles.find(accountId, roleName);
      if (existing) {
        if (!existing.serviceLinked || existing.servicePrincipal !== servicePrincipal) throw taken(roleName);
        return existing;
      }
      try {
        return await this.create(accountId, servicePrincipal);
      } catch (error) {
        // Someone else created it between our read and our write: read it again.
        if (!errors.InvalidInput.is(error) || attempt >= 3) throw error;
      }
    }
  }

  async putServicePolicy(accountId: string, roleName: string, policyName: string, document: string, tx?: Tx): Promise<void> {
    await this.serviceLinkedRole(accountId, roleName, tx);
    await this.iam.putRolePolicy(accountId, roleName, policyName, document, { asService: true, tx });
  }

  async deleteServicePolicy(accountId: string, roleName: string, policyName: string, tx?: Tx): Promise<void> {
    await this.serviceLinkedRole(accountId, roleName, tx);
    try {
      await this.iam.deleteRolePolicy(accountId, roleName, policyName, { asService: true, tx });
    } catch (error) {
      // Removing a policy that is already gone is not an error for the service.
      if (!errors.NoSuchEntity.is(error)) throw error;
    }
  }

  private async serviceLinkedRole(accountId: string, roleName: string, tx?: Tx): Promise<Role> {
    const role = await this.iam.roles.get(accountId, roleName, tx);
    if (!role.serviceLinked) throw errors.InvalidInput(`Role ${role.roleName} is not a service-linked role.`);
    return role;
  }
}
