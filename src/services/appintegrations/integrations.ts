// The Amazon AppIntegrations domain, assembled from one module per resource: data integrations, event
// integrations, their associations (made by the consuming services or the API), tags, and ClientToken
// idempotency. State and rules only, no HTTP. This class only wires the modules together and offers
// their operations under one name, as the API bindings and the composition root call them.
import type { Store } from '../../store/database.js';
import type { RoleUsageEntry } from '../iam/linked-services.js';
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
  }

  createDataIntegration: DataIntegrations['createDataIntegration'] = (...args) => this.dataIntegrations.createDataIntegration(...args);
  getDataIntegration: DataIntegrations['getDataIntegration'] = (...args) => this.dataIntegrations.getDataIntegration(...args);
  dataIntegrationRow: DataIntegrations['dataIntegrationRow'] = (...args) => this.dataIntegrations.dataIntegrationRow(...args);
  listDataIntegrations: DataIntegrations['listDataIntegrations'] = (...args) => this.dataIntegrations.listDataIntegrations(...args);
  updateDataIntegration: DataIntegrations['updateDataIntegration'] = (...args) => this.dataIntegrations.updateDataIntegration(...args);
  deleteDataIntegration: DataIntegrations['deleteDataIntegration'] = (...args) => this.dataIntegrations.deleteDataIntegration(...args);

  createEventIntegration: EventIntegrations['createEventIntegration'] = (...args) => this.eventIntegrations.createEventIntegration(...args);
  getEventIntegration: EventIntegrations['getEventIntegration'] = (...args) => this.eventIntegrations.getEventIntegration(...args);
  eventIntegrationRow: EventIntegrations['eventIntegrationRow'] = (...args) => this.eventIntegrations.eventIntegrationRow(...args);
  listEventIntegrations: EventIntegrations['listEventIntegrations'] = (...args) => this.eventIntegrations.listEventIntegrations(...args);
  updateEventIntegration: EventIntegrations['updateEventIntegration'] = (...args) => this.eventIntegrations.updateEventIntegration(...args);
  deleteEventIntegration: EventIntegrations['deleteEventIntegration'] = (...args) => this.eventIntegrations.deleteEventIntegration(...args);

  createDataIntegrationAssociation: Associations['createDataIntegrationAssociation'] = (...args) => this.associations.createDataIntegrationAssociation(...args);
  listDataIntegrationAssociations: Associations['listDataIntegrationAssociations'] = (...args) => this.associations.listDataIntegrationAssociations(...args);
  createEventIntegrationAssociation: Associations['createEventIntegrationAssociation'] = (...args) => this.associations.createEventIntegrationAssociation(...args);
  listEventIntegrationAssociations: Associations['listEventIntegrationAssociations'] = (...args) => this.associations.listEventIntegrationAssociations(...args);
  updateDataIntegrationAssociation: Associations['updateDataIntegrationAssociation'] = (...args) => this.associations.updateDataIntegrationAssociation(...args);
  deleteDataIntegrationAssociation: Associations['deleteDataIntegrationAssociation'] = (...args) => this.associations.deleteDataIntegrationAssociation(...args);
  clientAssociations: Associations['clientAssociations'] = (...args) => this.associations.clientAssociations(...args);
  removeClientAssociations: Associations['removeClientAssociations'] = (...args) => this.associations.removeClientAssociations(...args);

  listTagsForResource: IntegrationTags['listTagsForResource'] = (...args) => this.tags.listTagsForResource(...args);
  tagResource: IntegrationTags['tagResource'] = (...args) => this.tags.tagResource(...args);
  untagResource: IntegrationTags['untagResource'] = (...args) => this.tags.untagResource(...args);
  resourceTags: IntegrationTags['resourceTags'] = (...args) => this.tags.resourceTags(...args);

  /** Every data and event integration of the account, by region: what still needs the role. */
  roleUsage(accountId: string): Promise<RoleUsageEntry[]> {
    return integrationsByRegion(this.store.db, accountId);
  }
}
