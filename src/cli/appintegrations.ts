// `linkedrole appintegrations ...`: what AppIntegrations does that its public API does not offer, sent to
// a running server's `linkedrole-connect` extension API, SigV4-signed with the usual AWS credentials: a
// data integration's AppFlow flow as the service runs it, a run now, and removing a data integration
// association whoever its client is (AWS has no API for that: the consuming service removes it).
import type { Command } from 'commander';
import { callOperation, withTarget, type TargetOptions } from './client.js';

const SIGNING_NAME = 'linkedrole-connect';
const call = (operation: string, opts: TargetOptions, method: string, path: string, body?: unknown) => callOperation(SIGNING_NAME, operation, opts, method, path, body);

const segment = (value: string) => encodeURIComponent(value);
const dataIntegrationPath = (identifier: string) => `/app-integrations/dataIntegrations/${segment(identifier)}`;

export function registerAppIntegrationsCommands(program: Command): void {
  const appIntegrations = program
    .command('appintegrations')
    .description("Amazon AppIntegrations beyond its public API: the AppFlow flows the service runs, and removing data integration associations");
  withTarget(appIntegrations.command('describe-flow'))
    .description("A data integration's flow: status, tags, last run, the service's last problem with it")
    .requiredOption('--data-integration-identifier <name>', 'the data integration: name, id or ARN')
    .action((opts: TargetOptions & { dataIntegrationIdentifier: string }) =>
      call('DescribeDataIntegrationFlow', opts, 'GET', `${dataIntegrationPath(opts.dataIntegrationIdentifier)}/flow`),
    );
  withTarget(appIntegrations.command('start-flow-run'))
    .description("Run a data integration's flow now, as its schedule would")
    .requiredOption('--data-integration-identifier <name>', 'the data integration: name, id or ARN')
    .option('--duration-seconds <n>', 'keep the run in progress this long (the service uses its role meanwhile)', '0')
    .action((opts: TargetOptions & { dataIntegrationIdentifier: string; durationSeconds: string }) =>
      call('StartDataIntegrationFlowRun', opts, 'POST', `${dataIntegrationPath(opts.dataIntegrationIdentifier)}/flow/runs`, {
        DurationSeconds: Number(opts.durationSeconds),
      }),
    );
  withTarget(appIntegrations.command('delete-data-integration-association'))
    .description('Remove a data integration association, whoever made it (app-integrations:DeleteDataIntegrationAssociation)')
    .requiredOption('--data-integration-identifier <name>', 'the data integration: name, id or ARN')
    .requiredOption('--data-integration-association-identifier <id>', 'the association: its id or ARN')
    .action((opts: TargetOptions & { dataIntegrationIdentifier: string; dataIntegrationAssociationIdentifier: string }) =>
      call(
        'DeleteDataIntegrationAssociation',
        opts,
        'DELETE',
        `${dataIntegrationPath(opts.dataIntegrationIdentifier)}/associations/${segment(opts.dataIntegrationAssociationIdentifier)}`,
      ),
    );
}
