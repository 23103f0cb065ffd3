// Amazon AppIntegrations as one ServiceModule (kit/module.ts): its domain (integrations.ts), the AppFlow
// flows it runs through its service-linked role (appflow.ts, metrics.ts, flow-runner.ts), what it tells
// IAM about the role's usage, its API bindings (AppIntegrations, the AppFlow part a user needs, and
// linkedrole's consuming-services extension), its flow scheduler and its tables.
import type { ServiceModuleDefinition } from '../kit/module.js';
import { appFlowApi } from './appflow-api.js';
import { appIntegrationsApi } from './api.js';
import { AppFlowRegistry } from './appflow.js';
import { connectConsumersApi } from './consumers-api.js';
import { FlowRunner } from './flow-runner.js';
import { AppIntegrations } from './integrations.js';
import { CloudWatchMetrics } from './metrics.js';
import { APPINTEGRATIONS_MIGRATIONS } from './migrations.js';
import { ROLE_NAME, SERVICE_PRINCIPAL } from './names.js';

export interface AppIntegrationsDomain {
  integrations: AppIntegrations;
  /** The AppFlow flows, connector profiles and runs of the service. */
  appFlow: AppFlowRegistry;
  /** What the service published to CloudWatch. */
  metrics: CloudWatchMetrics;
  /** The flows' runs through the service-linked role, and their scheduler. */
  flowRunner: FlowRunner;
}

export interface AppIntegrationsOptions {
  /** How often the flow scheduler looks for due runs (ms). */
  flowTickMs?: number;
}

export function appIntegrationsModule(options: AppIntegrationsOptions = {}): ServiceModuleDefinition<AppIntegrationsDomain> {
  return {
    migrations: APPINTEGRATIONS_MIGRATIONS,
    create(platform) {
      const { store, clock } = platform;
      const appFlow = new AppFlowRegistry(store, clock);
      const metrics = new CloudWatchMetrics(store);
      const flowRunner = new FlowRunner(store, clock, appFlow, metrics, platform.onBehalf);
      const integrations = new AppIntegrations(store, clock, {
        ensureServiceLinkedRole: async (accountId) => {
          await platform.serviceLinkedRoles.ensure(accountId, SERVICE_PRINCIPAL);
        },
        dataIntegrationCreated: (scope, row) => flowRunner.setUp(scope, row),
        dataIntegrationDeleted: (scope, row) => flowRunner.tearDown(scope, row),
        lastExecution: (scope, id) => flowRunner.lastExecution(scope, id),
      });
      const serviceLinkedRoleExists = async (accountId: string) => (await platform.findRole(accountId, ROLE_NAME))?.serviceLinked === true;
      return {
        domain: { integrations, appFlow, metrics, flowRunner },
        apis: [
          appIntegrationsApi({ integrations, serviceLinkedRoleExists }),
          appFlowApi(appFlow),
          connectConsumersApi(integrations, flowRunner),
        ],
        linkedServices: {
          [SERVICE_PRINCIPAL]: {
            roleUsage: async (accountId) => ({ inUseNow: await flowRunner.inUseNow(accountId), usage: await integrations.roleUsage(accountId) }),
          },
        },
        workers: [flowRunner.worker(options.flowTickMs)],
      };
    },
  };
}
