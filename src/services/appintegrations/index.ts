// Amazon AppIntegrations assembled: the domain, the flows it runs through its service-linked role,
// what it tells IAM about the role's usage, and its API bindings (AppIntegrations, the AppFlow part a
// user needs, and linkedrole's consuming-services extension).
import type { ServiceApi } from '../../aws/service.js';
import type { Store } from '../../store/database.js';
import type { LinkedServiceRegistry } from '../iam/linked-services.js';
import type { ServiceLinkedRoles } from '../iam/service-linked-roles.js';
import type { Role } from '../iam/roles.js';
import type { OnBehalf } from '../sts/on-behalf.js';
import { appFlowApi } from './appflow-api.js';
import { appIntegrationsApi } from './api.js';
import { connectConsumersApi } from './consumers-api.js';
import { FlowService } from './flows.js';
import { AppIntegrations } from './integrations.js';
import { ROLE_NAME, SERVICE_PRINCIPAL } from './names.js';

export interface AppIntegrationsDeps {
  store: Store;
  clock: () => Date;
  /** IAM's role lookup (does the account have AWSServiceRoleForAppIntegrations?). */
  findRole(accountId: string, roleName: string): Promise<Role | undefined>;
  serviceLinkedRoles: ServiceLinkedRoles;
  onBehalf: OnBehalf;
  linkedServices: LinkedServiceRegistry;
  /** How often the flow worker looks for due runs (ms). */
  flowTickMs?: number;
}

export interface AppIntegrationsService {
  integrations: AppIntegrations;
  flows: FlowService;
  apis: ServiceApi[];
  worker: () => () => Promise<void>;
}

export function createAppIntegrations(deps: AppIntegrationsDeps): AppIntegrationsService {
  const flows = new FlowService(deps.store, deps.clock, deps.onBehalf);
  const integrations = new AppIntegrations(deps.store, deps.clock, {
    ensureServiceLinkedRole: async (accountId) => {
      await deps.serviceLinkedRoles.ensure(accountId, SERVICE_PRINCIPAL);
    },
    dataIntegrationCreated: (scope, row) => flows.setUp(scope, row),
    dataIntegrationDeleted: (scope, row) => flows.tearDown(scope, row),
    lastExecution: (scope, id) => flows.lastExecution(scope, id),
  });
  deps.linkedServices.register(SERVICE_PRINCIPAL, {
    roleUsage: async (accountId) => ({ inUseNow: await flows.inUseNow(accountId), usage: await integrations.roleUsage(accountId) }),
  });
  const serviceLinkedRoleExists = async (accountId: string) => (await deps.findRole(accountId, ROLE_NAME))?.serviceLinked === true;
  return {
    integrations,
    flows,
    apis: [appIntegrationsApi({ integrations, serviceLinkedRoleExists }), appFlowApi(flows), connectConsumersApi(integrations, flows)],
    worker: flows.worker(deps.flowTickMs),
  };
}
