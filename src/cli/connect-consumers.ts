// `linkedrole wisdom|customer-profiles|tasks|connect ...`: what the consuming services do in
// AWS's console (the seed's "Delete" / "Remove connection" steps), sent to a running server's
// `linkedrole-connect` extension API, SigV4-signed with the usual AWS credentials.
import type { Command } from 'commander';
import { callOperation, withTarget, type TargetOptions } from './client.js';

const SIGNING_NAME = 'linkedrole-connect';
const call = (operation: string, opts: TargetOptions, method: string, path: string, body?: unknown) => callOperation(SIGNING_NAME, operation, opts, method, path, body);

const segment = (value: string) => encodeURIComponent(value);

export function registerConnectConsumerCommands(program: Command): void {
  const wisdom = program.command('wisdom').description('Amazon Q in Connect (Wisdom) knowledge bases: their data integration associations');
  withTarget(wisdom.command('create-association'))
    .description('Create a knowledge base that uses a data integration (makes a data integration association)')
    .requiredOption('--data-integration-identifier <name>', 'the data integration: name, id or ARN')
    .requiredOption('--knowledge-base-name <name>', 'the knowledge base')
    .action((opts: TargetOptions & { dataIntegrationIdentifier: string; knowledgeBaseName: string }) =>
      call('CreateWisdomAssociation', opts, 'POST', '/wisdom/associations', {
        DataIntegrationIdentifier: opts.dataIntegrationIdentifier,
        KnowledgeBaseName: opts.knowledgeBaseName,
      }),
    );
  withTarget(wisdom.command('list-associations'))
    .description('List the data integration associations of Wisdom knowledge bases')
    .action((opts: TargetOptions) => call('ListWisdomAssociations', opts, 'GET', '/wisdom/associations'));
  withTarget(wisdom.command('delete-association'))
    .description("Delete Wisdom's integration with a data integration (the console's Delete, confirmed by the integration's name)")
    .requiredOption('--name <name>', 'the data integration name')
    .action((opts: TargetOptions & { name: string }) => call('DeleteWisdomAssociation', opts, 'DELETE', `/wisdom/associations/${segment(opts.name)}`));

  // Amazon Connect's integration associations of AppIntegrations applications (IntegrationType APPLICATION).
  const connect = program.command('connect').description("Amazon Connect instances: their integration associations with AppIntegrations applications");
  const associationsPath = (instanceId: string) => `/connect/instance/${segment(instanceId)}/integration-associations`;
  withTarget(connect.command('create-integration-association'))
    .description('Associate an application with an Amazon Connect instance (the agent workspace can then show it)')
    .requiredOption('--instance-id <id>', 'the Amazon Connect instance id')
    .requiredOption('--integration-type <type>', 'APPLICATION (the only type modelled here)')
    .requiredOption('--integration-arn <arn>', "the application's ARN")
    .action((opts: TargetOptions & { instanceId: string; integrationType: string; integrationArn: string }) =>
      call('CreateConnectIntegrationAssociation', opts, 'PUT', associationsPath(opts.instanceId), { IntegrationType: opts.integrationType, IntegrationArn: opts.integrationArn }),
    );
  withTarget(connect.command('list-integration-associations'))
    .description("List an instance's integration associations with applications")
    .requiredOption('--instance-id <id>', 'the Amazon Connect instance id')
    .action((opts: TargetOptions & { instanceId: string }) => call('ListConnectIntegrationAssociations', opts, 'GET', associationsPath(opts.instanceId)));
  withTarget(connect.command('delete-integration-association'))
    .description('Remove an integration association of an application from the instance')
    .requiredOption('--instance-id <id>', 'the Amazon Connect instance id')
    .requiredOption('--integration-association-id <id>', "Connect's integration association id")
    .action((opts: TargetOptions & { instanceId: string; integrationAssociationId: string }) =>
      call('DeleteConnectIntegrationAssociation', opts, 'DELETE', `${associationsPath(opts.instanceId)}/${segment(opts.integrationAssociationId)}`),
    );

  for (const [name, prefix, label, resourceOption, resourceMember] of [
    ['customer-profiles', 'CustomerProfiles', 'Customer Profiles domains', '--domain-name <name>', 'DomainName'],
    ['tasks', 'Tasks', 'Amazon Connect Tasks (instances)', '--instance-id <id>', 'InstanceId'],
  ] as const) {
    const group = program.command(name).description(`${label}: their event integration associations (connections)`);
    const path = `/${name}/connections`;
    withTarget(group.command('create-connection'))
      .description('Connect an event integration (makes an event integration association)')
      .requiredOption('--event-integration-name <name>', 'the event integration')
      .requiredOption(resourceOption, resourceMember === 'DomainName' ? 'the Customer Profiles domain' : 'the Amazon Connect instance id')
      .action((opts: TargetOptions & { eventIntegrationName: string; domainName?: string; instanceId?: string }) =>
        call(`Create${prefix}Connection`, opts, 'POST', path, {
          EventIntegrationName: opts.eventIntegrationName,
          [resourceMember]: resourceMember === 'DomainName' ? opts.domainName : opts.instanceId,
        }),
      );
    withTarget(group.command('list-connections'))
      .description('List the event integration associations')
      .action((opts: TargetOptions) => call(`List${prefix}Connections`, opts, 'GET', path));
    withTarget(group.command('remove-connection'))
      .description("Remove the connection to an event integration (the console's Remove connection)")
      .requiredOption('--name <name>', 'the event integration name')
      .action((opts: TargetOptions & { name: string }) => call(`Remove${prefix}Connection`, opts, 'DELETE', `${path}/${segment(opts.name)}`));
  }
}
