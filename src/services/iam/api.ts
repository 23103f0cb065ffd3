// IAM's operations, named as AWS names them, bound once each, by resource: roles (api/roles.ts),
// service-linked roles, users, groups, access keys, managed policies, and the policy simulator
// (simulator.ts). Each declares the permission it needs (the IAM action on the resource ARN, with the
// condition keys AWS offers) and does its work through the IAM domain; decoding, validation and
// encoding come from the model.
import { loadModel } from '../../aws/model.js';
import type { Operations } from '../../aws/generated/iam.js';
import type { ServiceApi } from '../../aws/service.js';
import { bindOnce } from '../../aws/bind-once.js';
import { accessKeyOperations } from './api/access-keys.js';
import { accountOperations } from './api/account.js';
import { delegationOperations } from './api/delegation.js';
import { lastAccessedOperations } from './api/last-accessed.js';
import { DelegationRequests } from './delegation.js';
import { checkDelegatedPermissions } from './delegation-check.js';
import { instanceProfileOperations } from './api/instance-profiles.js';
import { AccountSettings } from './account.js';
import { groupOperations } from './api/groups.js';
import { oidcProviderOperations } from './api/oidc-providers.js';
import { credentialReportOperations } from './api/credential-report.js';
import { loginProfileOperations } from './api/login-profiles.js';
import { mfaOperations } from './api/mfa.js';
import { policyOperations } from './api/policies.js';
import { roleOperations } from './api/roles.js';
import { serviceLinkedRoleOperations } from './api/service-linked-roles.js';
import { samlProviderOperations } from './api/saml-providers.js';
import { userOperations } from './api/users.js';
import { certificateOperations } from './api/certificates.js';
import { credentialOperations } from './api/credentials.js';
import type { AuditTrail } from '../../audit/trail.js';
import type { DeletionTasks } from './deletion-tasks.js';
import type { Iam } from './iam.js';
import type { Identities } from './identities.js';
import type { OidcProviders } from './oidc-providers.js';
import type { ServiceLinkedRoleManager } from './service-linked-roles.js';
import { SamlProviders } from './saml-providers.js';
import { simulatorOperations, type PolicySimulator, type SimulatorOperations } from './simulator.js';

export interface IamDomain {
  iam: Iam;
  identities: Identities;
  slr: ServiceLinkedRoleManager;
  deletionTasks: DeletionTasks;
  simulator: PolicySimulator;
  /** The audit trail: when each access key was last used (GetAccessKeyLastUsed). */
  audit: AuditTrail;
  oidcProviders: OidcProviders;
}

/** IAM's operations as its model types them, the simulations answering statements as the simulator does (simulator.ts). */
export type IamOperations = Omit<Operations, keyof SimulatorOperations> & SimulatorOperations;

export function iamApi({ iam, identities, slr, deletionTasks, simulator, oidcProviders, audit }: IamDomain): ServiceApi<IamOperations> {
  const store = iam.store;
  const delegationRequests = new DelegationRequests(store, iam.policies);
  return {
    signingName: 'iam',
    protocol: 'query',
    models: [loadModel('iam')],
    operations: bindOnce<IamOperations>(
      'IAM',
      roleOperations(iam),
      instanceProfileOperations(store, iam.instanceProfiles),
      accountOperations(store, iam, identities, new AccountSettings(store)),
      delegationOperations(delegationRequests, (caller, document) => checkDelegatedPermissions(simulator, iam.roles, caller, document)),
      serviceLinkedRoleOperations(iam, slr, deletionTasks),
      userOperations(store, identities),
      groupOperations(store, identities),
      accessKeyOperations(store, identities),
      loginProfileOperations(store, identities),
      mfaOperations(store, identities),
      credentialReportOperations(identities),
      policyOperations(store, iam.policies, identities.users, identities.groups),
      simulatorOperations(simulator, store),
      credentialOperations(store, identities, audit),
      certificateOperations(store, identities),
      oidcProviderOperations(oidcProviders),
      samlProviderOperations(new SamlProviders(store)),
      lastAccessedOperations(iam, identities, audit, delegationRequests),
    ),
  };
}
