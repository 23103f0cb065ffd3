// `linkedrole wisdom|customer-profiles|tasks ...`: what the consuming services do in
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
