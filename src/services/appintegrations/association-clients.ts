// Who an association's client is, and the route that removes it. AppIntegrations has no public API
// that deletes an association: in AWS the service its ClientId names removes it (Wisdom deletes its
// knowledge base's association, Customer Profiles and Tasks remove their connections). linkedrole
// offers those routes (the `linkedrole-connect` extension) and, for any client,
// DeleteDataIntegrationAssociation; this module names the right one for each association.
import type { IntegrationAssociationRow } from '../../store/schema.js';

/** A consuming service with routes of its own in the `linkedrole-connect` extension. */
export type AssociationClient = 'wisdom' | 'customer-profiles' | 'tasks';

export const CLIENT_NAMES: Record<AssociationClient | 'api', string> = {
  wisdom: 'Wisdom',
  'customer-profiles': 'Customer Profiles',
  tasks: 'Tasks',
  api: 'API',
};

/** The service an ARN in ClientId belongs to: a Wisdom knowledge base, a Customer Profiles domain, a Connect instance. */
const CLIENT_ARN_SERVICES: Record<string, AssociationClient> = { wisdom: 'wisdom', profile: 'customer-profiles', connect: 'tasks' };

/** The consuming service an association's ClientId names (an ARN of that service), if any. */
export function clientOf(row: Pick<IntegrationAssociationRow, 'client_id'>): AssociationClient | undefined {
  const service = /^arn:aws(?:-cn|-us-gov)?:([a-z-]+):/.exec(row.client_id ?? '')?.[1];
  return service === undefined ? undefined : CLIENT_ARN_SERVICES[service];
}

/**
 * Whether the consuming service removes this association by its own route: Wisdom the data
 * integration associations of its knowledge bases; Customer Profiles and Tasks the event integration
 * associations of their domains and instances.
 */
export function removedBy(row: Pick<IntegrationAssociationRow, 'client_id' | 'kind'>, client: AssociationClient): boolean {
  return clientOf(row) === client && (row.kind === 'data') === (client === 'wisdom');
}

/** The `linkedrole` command that removes the association; `integrationName` is its integration's name. */
export function removalCommand(row: IntegrationAssociationRow, integrationName: string): string {
  if (row.kind === 'data') {
    return removedBy(row, 'wisdom')
      ? `linkedrole wisdom delete-association --name ${integrationName}`
      : `linkedrole appintegrations delete-data-integration-association --data-integration-identifier ${integrationName} --data-integration-association-identifier ${row.association_id}`;
  }
  // Event integration associations are made only by Customer Profiles and Tasks (no public API creates them).
  const client = clientOf(row) ?? (row.consumer as AssociationClient);
  return `linkedrole ${client === 'customer-profiles' ? 'customer-profiles' : 'tasks'} remove-connection --name ${integrationName}`;
}

/** The associations an integration still has, each with who made it and the command that removes it. */
export function describeAssociations(rows: IntegrationAssociationRow[], integrationName: string): string {
  const list = rows.map((r) => {
    const madeBy = CLIENT_NAMES[r.consumer as AssociationClient | 'api'] ?? r.consumer;
    const what = r.consumer_resource_name ? `${madeBy} ${r.consumer_resource_name}` : r.client_id ? `${madeBy}, ClientId ${r.client_id}` : madeBy;
    return `${r.arn} (${what}; remove it with: ${removalCommand(r, integrationName)})`;
  });
  return `${rows.length} association${rows.length === 1 ? '' : 's'}: ${list.join(', ')}`;
}
