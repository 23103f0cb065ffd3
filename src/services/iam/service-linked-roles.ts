// CONTRACT (implemented by the IAM work): the service-linked role lifecycle, callable by the IAM API
// and by linked services (AppIntegrations, Lex) without HTTP.
import type { Role } from './roles.js';

export interface CreateServiceLinkedRoleOptions {
  customSuffix?: string;
  description?: string;
}

export interface ServiceLinkedRoles {
  /** CreateServiceLinkedRole: InvalidInput for unknown services, suffix rules and taken names, as AWS. */
  create(accountId: string, servicePrincipal: string, options?: CreateServiceLinkedRoleOptions): Promise<Role>;
  /** The service's role (no suffix), created when missing; safe under concurrency (exactly one role). */
  ensure(accountId: string, servicePrincipal: string): Promise<Role>;
  /** A linked service writes an inline policy into its own role (AWS lets only the service do this). */
  putServicePolicy(accountId: string, roleName: string, policyName: string, document: string): Promise<void>;
  /** A linked service removes an inline policy from its own role. */
  deleteServicePolicy(accountId: string, roleName: string, policyName: string): Promise<void>;
}
