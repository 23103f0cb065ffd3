// AppIntegrations' fixed names: its service-linked role, and the ARNs of its resources (as IAM's service
// authorization reference spells them), plus those of the AppFlow resources it manages on the customer's
// behalf. Where it is offered is data (data/documented-regions.json, the seed's table; src/aws/regions.ts).

import { serviceLinkedRoleArn } from '../kit/arns.js';
import { partition } from '../../aws/partitions.js';

export const SERVICE_PRINCIPAL = 'app-integrations.amazonaws.com';
export const ROLE_NAME = 'AWSServiceRoleForAppIntegrations';
export const EVENT_SOURCE = 'app-integrations.amazonaws.com';
/** The tag the service puts on the flows it creates; its role may only run flows that carry it. */
export const MANAGED_TAG = 'AppIntegrationsManaged';
export const FLOW_PREFIX = 'FlowCreatedByAppIntegrations-';
export const METRIC_NAMESPACE = 'AWS/AppIntegrations';

export const serviceRoleArn = (accountId: string): string => serviceLinkedRoleArn(accountId, SERVICE_PRINCIPAL, ROLE_NAME);

export const dataIntegrationArn = (region: string, accountId: string, id: string) =>
  `arn:${partition()}:app-integrations:${region}:${accountId}:data-integration/${id}`;
export const eventIntegrationArn = (region: string, accountId: string, name: string) =>
  `arn:${partition()}:app-integrations:${region}:${accountId}:event-integration/${name}`;
export const dataIntegrationAssociationArn = (region: string, accountId: string, dataIntegrationId: string, id: string) =>
  `arn:${partition()}:app-integrations:${region}:${accountId}:data-integration-association/${dataIntegrationId}/${id}`;
export const applicationArn = (region: string, accountId: string, id: string) => `arn:${partition()}:app-integrations:${region}:${accountId}:application/${id}`;
export const applicationAssociationArn = (region: string, accountId: string, applicationId: string, id: string) =>
  `arn:${partition()}:app-integrations:${region}:${accountId}:application-association/${applicationId}/${id}`;
export const eventIntegrationAssociationArn = (region: string, accountId: string, eventIntegrationName: string, id: string) =>
  `arn:${partition()}:app-integrations:${region}:${accountId}:event-integration-association/${eventIntegrationName}/${id}`;

/**
 * The resource of a data integration association, derived from the request alone (no read before the
 * decision, so that a caller without permission learns nothing of what exists): the association's ARN
 * when the request gives it; else `data-integration-association/<id>/<association>` with the data
 * integration's id when the request names it by ARN, `*` for the part it names by name (a name is no
 * part of the ARN). `association` undefined: all of the integration's associations.
 */
export function dataIntegrationAssociationResource(region: string, accountId: string, identifier: string, association?: string): string {
  if (association?.startsWith('arn:')) return association;
  const parsed = identifier.startsWith('arn:') ? parseAppIntegrationsArn(identifier) : undefined;
  const integrationId = parsed?.type === 'data-integration' ? parsed.id : '*';
  const tail = integrationId === '*' && association === undefined ? '*' : `${integrationId}/${association ?? '*'}`;
  return `arn:${partition()}:app-integrations:${region}:${accountId}:data-integration-association/${tail}`;
}

export const flowArn = (region: string, accountId: string, flowName: string) => `arn:${partition()}:appflow:${region}:${accountId}:flow/${flowName}`;
/** The form the service-linked role's policy names (`connector-profile/*`). */
export const connectorProfileArn = (region: string, accountId: string, name: string) =>
  `arn:${partition()}:appflow:${region}:${accountId}:connector-profile/${name}`;

export type AppIntegrationsResource =
  | { type: 'data-integration'; region: string; accountId: string; id: string }
  | { type: 'event-integration'; region: string; accountId: string; name: string }
  | { type: 'application'; region: string; accountId: string; id: string }
  | { type: 'data-integration-association' | 'event-integration-association' | 'application-association'; region: string; accountId: string; parent: string; id: string };

/** Reads an AppIntegrations ARN; undefined when it names no resource type of this service. */
export function parseAppIntegrationsArn(arn: string): AppIntegrationsResource | undefined {
  const match = /^arn:aws(?:-cn|-us-gov)?:app-integrations:([a-z0-9-]+):(\d{12}):([a-z-]+)\/(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, region, accountId, type, rest] = match;
  switch (type) {
    case 'data-integration':
    case 'application':
      return rest.includes('/') ? undefined : { type, region, accountId, id: rest };
    case 'event-integration':
      return rest.includes('/') ? undefined : { type, region, accountId, name: rest };
    case 'data-integration-association':
    case 'event-integration-association':
    case 'application-association': {
      const slash = rest.indexOf('/');
      if (slash <= 0 || slash === rest.length - 1) return undefined;
      return { type, region, accountId, parent: rest.slice(0, slash), id: rest.slice(slash + 1) };
    }
    default:
      return undefined;
  }
}

/**
 * An AppFlow source: `<Connector>://AppFlow/<connector profile>` (Salesforce, ServiceNow, Zendesk,
 * SAPOData...); other SourceURIs (`s3://bucket`) need no flow.
 */
export function appFlowSource(sourceUri: string | undefined): { connectorType: string; profileName: string } | undefined {
  const match = /^(\w+):\/\/AppFlow\/([\w.@-]+)(?:\/.*)?$/i.exec(sourceUri ?? '');
  return match ? { connectorType: match[1], profileName: match[2] } : undefined;
}
