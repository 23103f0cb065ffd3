// The vocabulary the AppIntegrations modules share: AWS's shapes (values keep
// AWS's member names so the API binding passes them through), the hooks the composition root supplies,
// linkedrole's quotas and the service's errors.
import { errors } from '../../aws/generated/appintegrations.js';
import type { AwsError } from '../../aws/errors.js';
import type { DataIntegrationRow } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';
import type { FileConfiguration } from '../../aws/generated/appintegrations.js';

export type TagMap = Record<string, string>;
/** The model's ObjectConfiguration: object name -> field group -> fields. */
export type ObjectConfiguration = Record<string, Record<string, string[]>>;

export interface ScheduleConfiguration {
  FirstExecutionFrom?: string;
  Object?: string;
  ScheduleExpression: string;
}

export interface DataIntegration {
  Arn: string;
  Id: string;
  Name: string;
  Description?: string;
  KmsKey: string;
  SourceURI?: string;
  ScheduleConfiguration?: ScheduleConfiguration;
  FileConfiguration?: FileConfiguration;
  ObjectConfiguration?: ObjectConfiguration;
  Tags: TagMap;
}

export interface CreateDataIntegrationInput {
  Name: string;
  Description?: string;
  KmsKey: string;
  SourceURI?: string;
  ScheduleConfig?: ScheduleConfiguration;
  FileConfiguration?: FileConfiguration;
  ObjectConfiguration?: ObjectConfiguration;
  Tags?: TagMap;
  ClientToken?: string;
}

export interface EventIntegration {
  EventIntegrationArn: string;
  Name: string;
  Description?: string;
  EventFilter: { Source: string };
  EventBridgeBus: string;
  Tags: TagMap;
}

export interface CreateEventIntegrationInput {
  Name: string;
  Description?: string;
  EventFilter: { Source: string };
  EventBridgeBus: string;
  Tags?: TagMap;
  ClientToken?: string;
}

/** Who made an association: a consuming service (with its own resource) or a caller of the API. */
export interface Consumer {
  consumer: 'wisdom' | 'customer-profiles' | 'tasks' | 'api';
  resourceArn?: string;
  resourceName?: string;
}

export interface ExecutionConfiguration {
  ExecutionMode: 'ON_DEMAND' | 'SCHEDULED';
  OnDemandConfiguration?: { StartTime: string; EndTime?: string };
  ScheduleConfiguration?: ScheduleConfiguration;
}

export interface CreateDataIntegrationAssociationInput {
  ClientId?: string;
  ClientAssociationMetadata?: Record<string, string>;
  DestinationURI?: string;
  ObjectConfiguration?: unknown;
  ExecutionConfiguration?: ExecutionConfiguration;
  ClientToken?: string;
}

export interface CreateEventIntegrationAssociationInput {
  ClientId: string;
  ClientAssociationMetadata?: Record<string, string>;
}

export interface Page {
  MaxResults?: number;
  NextToken?: string;
}

export interface LastExecutionStatus {
  ExecutionStatus: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED';
  StatusMessage?: string;
}

/** The side effects of creating and deleting integrations, supplied by the composition root. */
export interface IntegrationHooks {
  /** Creates AWSServiceRoleForAppIntegrations when missing (the service does this on every create). */
  ensureServiceLinkedRole(accountId: string): Promise<void>;
  /** A data integration was created: set up its AppFlow flow (when it has a schedule and an AppFlow source). */
  dataIntegrationCreated(scope: Scope, row: DataIntegrationRow): Promise<void>;
  /** A data integration was deleted: stop and delete its flow. */
  dataIntegrationDeleted(scope: Scope, row: DataIntegrationRow): Promise<void>;
  /** The status of the data integration's most recent flow run, if it has a flow. */
  lastExecution(scope: Scope, dataIntegrationId: string): Promise<LastExecutionStatus | undefined>;
}

/** linkedrole's quotas (AWS's default service quotas for the account and Region). */
export const QUOTAS = {
  dataIntegrationsPerRegion: 100,
  eventIntegrationsPerRegion: 50,
  associationsPerIntegration: 50,
  tagsPerResource: 50,
};

export const DEFAULT_PAGE_SIZE = 50;

export function notFound(message: string): AwsError {
  return errors.ResourceNotFoundException(message);
}

export function duplicate(kind: string, name: string): AwsError {
  return errors.DuplicateResourceException(`${/^[aeiou]/.test(kind) ? 'An' : 'A'} ${kind} with the name ${name} already exists.`);
}

export function invalidRequest(message: string): AwsError {
  return errors.InvalidRequestException(message);
}

/** Optional JSON columns: an absent member is stored as NULL and read back as undefined. */
export const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
export const parse = <T>(text: string | null): T | undefined => (text === null ? undefined : (JSON.parse(text) as T));

export function checkTags(tags: TagMap): void {
  if (Object.keys(tags).length > QUOTAS.tagsPerResource) throw invalidRequest(`A resource can have at most ${QUOTAS.tagsPerResource} tags.`);
}
