// The services that consume AppIntegrations, as linkedrole offers them (the `linkedrole-connect`
// extension API and its `linkedrole` commands), and CreateDataIntegrationAssociation over the AWS CLI
// (newer than the installed SDK): creating, listing and removing associations, and their errors; a data
// integration is associated once only.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { signedJsonRequest } from '../../src/cli/client.js';
import { awsCli, awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { linkedroleFails, linkedroleJson } from '../support/cli.js';
import { useTestServer } from '../support/fixture.js';

const ACCOUNT = '123456789012';
const KMS = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe('consuming services: Wisdom, Customer Profiles, Tasks (linkedrole commands)', () => {
  const env = useTestServer();
  const lr = (...args: string[]) => linkedroleJson(env.server.url, args);
  const lrFails = (...args: string[]) => linkedroleFails(env.server.url, args);
  const aws = (...args: string[]) => awsCliJson(env.server.url, args);

  before(async () => {
    await aws('appintegrations', 'create-data-integration', '--name', 'kb-source', '--kms-key', KMS, '--source-uri', 's3://kb-bucket/articles');
    await aws('appintegrations', 'create-event-integration', '--name', 'case-events', '--event-filter', 'Source=aws.cases', '--event-bridge-bus', 'default');
    await aws('appintegrations', 'create-data-integration', '--name', 'api-source', '--kms-key', KMS, '--source-uri', 's3://api-bucket/files');
  });

  it('Wisdom: creates, lists and deletes its knowledge base associations', async () => {
    const created = await lr('wisdom', 'create-association', '--data-integration-identifier', 'kb-source', '--knowledge-base-name', 'agents-kb');
    const association = created.Association;
    assert.equal(association.KnowledgeBaseName, 'agents-kb');
    assert.equal(association.DataIntegrationName, 'kb-source');
    assert.match(association.DataIntegrationAssociationArn, /^arn:aws:app-integrations:us-east-1:123456789012:data-integration-association\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    assert.equal(association.DataIntegrationAssociationArn.split('/')[1], association.DataIntegrationArn.split('/')[1]);
    const listed = await lr('wisdom', 'list-associations');
    assert.deepEqual(listed.Associations.map((a: { DataIntegrationAssociationId: string }) => a.DataIntegrationAssociationId), [association.DataIntegrationAssociationId]);
    const fromAppIntegrations = await aws('appintegrations', 'list-data-integration-associations', '--data-integration-identifier', 'kb-source');
    assert.equal(fromAppIntegrations.DataIntegrationAssociations[0].DataIntegrationAssociationArn, association.DataIntegrationAssociationArn);
    const deleted = await lr('wisdom', 'delete-association', '--name', 'kb-source');
    assert.deepEqual(deleted.Deleted.map((a: { KnowledgeBaseName: string }) => a.KnowledgeBaseName), ['agents-kb']);
    assert.deepEqual((await lr('wisdom', 'list-associations')).Associations, []);
  });

  it('Wisdom: answers AWS-shaped errors for unknown integrations and missing associations', async () => {
    assert.equal(
      await lrFails('wisdom', 'create-association', '--data-integration-identifier', 'nope', '--knowledge-base-name', 'kb'),
      'An error occurred (ResourceNotFoundException) when calling the CreateWisdomAssociation operation: The data integration nope was not found.',
    );
    assert.equal(
      await lrFails('wisdom', 'delete-association', '--name', 'kb-source'),
      'An error occurred (ResourceNotFoundException) when calling the DeleteWisdomAssociation operation: Wisdom has no integration with the data integration kb-source.',
    );
    assert.match(
      await lrFails('wisdom', 'create-association', '--data-integration-identifier', 'kb-source', '--knowledge-base-name', 'bad name'),
      /^An error occurred \(ValidationException\) when calling the CreateWisdomAssociation operation: 1 validation error detected: Value 'bad name' at 'knowledgeBaseName'/,
    );
  });

  for (const [service, option, value, clientId] of [
    ['tasks', '--instance-id', 'inst-0001', `arn:aws:connect:us-east-1:${ACCOUNT}:instance/inst-0001`],
    ['customer-profiles', '--domain-name', 'acme', `arn:aws:profile:us-east-1:${ACCOUNT}:domains/acme`],
  ] as const) {
    it(`${service}: creates, lists and removes its connections to an event integration`, async () => {
      const { Connection } = await lr(service, 'create-connection', '--event-integration-name', 'case-events', option, value);
      assert.equal(Connection.EventIntegrationName, 'case-events');
      assert.equal(Connection.ClientId, clientId);
      assert.match(Connection.EventIntegrationAssociationArn, /^arn:aws:app-integrations:us-east-1:123456789012:event-integration-association\/case-events\/[0-9a-f-]{36}$/);
      const listed = await lr(service, 'list-connections');
      assert.deepEqual(listed.Connections.map((c: { EventIntegrationAssociationId: string }) => c.EventIntegrationAssociationId), [Connection.EventIntegrationAssociationId]);
      const associations = await aws('appintegrations', 'list-event-integration-associations', '--event-integration-name', 'case-events');
      const [association] = associations.EventIntegrationAssociations;
      assert.equal(association.EventIntegrationAssociationId, Connection.EventIntegrationAssociationId);
      assert.equal(association.ClientId, clientId);
      assert.equal(association.EventIntegrationName, 'case-events');
      assert.match(association.EventBridgeRuleName, /^AppIntegrations-case-events-[0-9a-f]{8}$/);
      const removed = await lr(service, 'remove-connection', '--name', 'case-events');
      assert.equal(removed.Removed.length, 1);
      assert.deepEqual((await lr(service, 'list-connections')).Connections, []);
      const label = service === 'tasks' ? 'Tasks' : 'Customer Profiles';
      assert.equal(
        await lrFails(service, 'remove-connection', '--name', 'case-events'),
        `An error occurred (ResourceNotFoundException) when calling the Remove${service === 'tasks' ? 'Tasks' : 'CustomerProfiles'}Connection operation: ${label} has no connection to the event integration case-events.`,
      );
    });
  }

  it('refuses a connection to an event integration that does not exist', async () => {
    assert.equal(
      await lrFails('tasks', 'create-connection', '--event-integration-name', 'ghost', '--instance-id', 'inst-0001'),
      'An error occurred (ResourceNotFoundException) when calling the CreateTasksConnection operation: The event integration ghost was not found.',
    );
  });

  it('CreateDataIntegrationAssociation (AWS CLI): ids, ARNs, ClientToken; a data integration is associated once only', async () => {
    const request = [
      'appintegrations', 'create-data-integration-association', '--data-integration-identifier', 'api-source',
      '--client-id', 'my-app', '--destination-uri', 's3://destination-bucket/out', '--client-token', 'assoc-1',
      '--execution-configuration', JSON.stringify({ ExecutionMode: 'ON_DEMAND', OnDemandConfiguration: { StartTime: '1700000000' } }),
    ];
    const first = await aws(...request);
    assert.match(first.DataIntegrationAssociationId, /^[0-9a-f-]{36}$/);
    assert.match(first.DataIntegrationArn, /^arn:aws:app-integrations:us-east-1:123456789012:data-integration\//);
    // The same ClientToken with the same request: the first answer, nothing created again.
    const replay = await aws(...request);
    assert.equal(replay.DataIntegrationAssociationId, first.DataIntegrationAssociationId);
    const listed = await aws('appintegrations', 'list-data-integration-associations', '--data-integration-identifier', 'api-source', '--max-results', '1', '--no-paginate');
    assert.equal(listed.DataIntegrationAssociations.length, 1);
    assert.equal(listed.DataIntegrationAssociations[0].ClientId, 'my-app');
    assert.equal(listed.DataIntegrationAssociations[0].DestinationURI, 's3://destination-bucket/out');
    assert.equal(listed.DataIntegrationAssociations[0].ExecutionConfiguration.ExecutionMode, 'ON_DEMAND');
    assert.equal(listed.NextToken, undefined);
    // AWS: "You cannot create a DataIntegration association for a DataIntegration that has been previously associated."
    const refusal =
      'The data integration api-source has been previously associated and cannot be associated again. Use a different data integration, or recreate it with CreateDataIntegration.';
    assert.equal(
      await awsCliFails(env.server.url, ['appintegrations', 'create-data-integration-association', '--data-integration-identifier', first.DataIntegrationArn, '--client-id', 'second-app']),
      `An error occurred (InvalidRequestException) when calling the CreateDataIntegrationAssociation operation: ${refusal}`,
    );
    assert.equal(
      await lrFails('wisdom', 'create-association', '--data-integration-identifier', 'api-source', '--knowledge-base-name', 'kb-two'),
      `An error occurred (InvalidRequestException) when calling the CreateWisdomAssociation operation: ${refusal}`,
    );
    const missing = await awsCli(env.server.url, ['appintegrations', 'create-data-integration-association', '--data-integration-identifier', 'ghost', '--client-id', 'x']);
    assert.match(missing.stderr, /ResourceNotFoundException.*The data integration ghost was not found\./);
    // Removed, the association is gone, and the data integration still cannot be associated again.
    await lr('appintegrations', 'delete-data-integration-association', '--data-integration-identifier', 'api-source', '--data-integration-association-identifier', first.DataIntegrationAssociationId);
    assert.deepEqual((await aws('appintegrations', 'list-data-integration-associations', '--data-integration-identifier', 'api-source')).DataIntegrationAssociations, []);
    assert.equal(
      await awsCliFails(env.server.url, ['appintegrations', 'create-data-integration-association', '--data-integration-identifier', 'api-source', '--client-id', 'my-app']),
      `An error occurred (InvalidRequestException) when calling the CreateDataIntegrationAssociation operation: ${refusal}`,
    );
  });

  it('describe-flow explains when an integration has no flow; the extension is offered only in the seed regions', async () => {
    assert.equal(
      await lrFails('appintegrations', 'describe-flow', '--data-integration-identifier', 'kb-source'),
      'An error occurred (ResourceNotFoundException) when calling the DescribeDataIntegrationFlow operation: The data integration kb-source has no AppFlow flow (a flow needs an AppFlow SourceURI and a ScheduleConfig).',
    );
    const ireland = await signedJsonRequest({ endpoint: env.server.url, region: 'eu-west-1', accessKeyId: 'test', secretAccessKey: 'test' }, 'linkedrole-connect', 'GET', '/wisdom/associations');
    assert.equal(ireland.status, 400);
    assert.equal(ireland.errorType, 'UnsupportedRegionException');
  });
});
