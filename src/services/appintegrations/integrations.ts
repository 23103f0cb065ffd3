// The Amazon AppIntegrations domain, assembled from one module per resource: data integrations, event
// integrations, their associations (made by the consuming services or the API), tags, and ClientToken
// idempotency. State and rules only, no HTTP. Callers use the modules themselves.
import type { Store } from '../../store/database.js';
import type { RoleUsageEntry } from '../iam/linked-services.js';
import { Applications } from './applications.js';
import { Associations } from './associations.js';
import { ClientTokens } from './client-tokens.js';
import { DataIntegrations } from './data-integrations.js';
import type { IntegrationHooks } from './domain.js';
import { EventIntegrations } from './event-integrations.js';
import { integrationsByRegion } from './integration-queries.js';
import { IntegrationTags } from './integration-tags.js';

export class AppIntegrations {
  readonly dataIntegrations: DataIntegrations;
  readonly eventIntegrations: EventIntegrations;
  readonly associations: Associations;
  readonly tags: IntegrationTags;
  readonly applications: Applications;

  constructor(
    private readonly store: Store,
    clock: () => Date,
    hooks: IntegrationHooks,
  ) {
    const clientTokens = new ClientTokens(store, clock);
    this.dataIntegrations = new DataIntegrations(store, clock, hooks, clientTokens);
    this.eventIntegrations = new EventIntegrations(store, clock, hooks, clientTokens);
    this.associations = new Associations(store, clock, hooks, clientTokens, this.dataIntegrations, this.eventIntegrations);
    this.tags = new IntegrationTags(store);
    this.applications = new Applications(store, clock, clientTokens);
  }

  /** Every data and event integration of the account, by region: what still needs the role. */
  roleUsage(accountId: string): Promise<RoleUsageEntry[]> {
    return integrationsByRegion(this.store.db, accountId);
  }
}
