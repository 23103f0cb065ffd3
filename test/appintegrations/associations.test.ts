// Removing and changing associations, whoever made them. AWS has no AppIntegrations API that deletes an
// association: the service its ClientId names removes it (Wisdom, Customer Profiles, Tasks), and
// linkedrole adds DeleteDataIntegrationAssociation (`linkedrole appintegrations
// delete-data-integration-association`) for any client. Each refusal of DeleteDataIntegration /
// DeleteEventIntegration names the command that removes each association, and that command works.
// UpdateDataIntegrationAssociation over the AWS CLI (the installed SDK predates it). And the removals
// decide on what the request names before anything is read: a caller without permission is refused
// alike for a name that exists and one that does not, and nothing changes.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { signedJsonRequest } from '../../src/cli/client.js';
import { awsCli, awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { cliEnv, linkedrole, linkedroleFails, linkedroleJson } from '../support/cli.js';
import { useTestServer } from '../support/fixture.js';

const ACCOUNT = '123456789012';
const KMS = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KB_ARN = `arn:aws:wisdom:us-east-1:${ACCOUNT}:knowledge-base/0b7e1c8e-5d4b-4f0e-9a53-1f2e3d4c5b6a`;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('associations: removed by the route their client offers, changed, and refused alike without permission', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });
  const aws = (...args: string[]) => awsCliJson(env.server.url, args);
  const awsFails = (...args: string[]) => awsCliFails(env.server.url, args);
  const lr = (...args: string[]) => linkedroleJson(env.server.url, args);
  const lrFails = (...args: string[]) => linkedroleFails(env.server.url, args);
  const wire = (service: string, method: string, path: string, body?: unknown, keys = { accessKeyId: 'test', secretAccessKey: 'test' }) =>
    signedJsonRequest({ endpoint: env.server.url, region: 'us-east-1', ...keys }, service, method, path, body);
  const createDataIntegration = (name: string) => aws('appintegrations', 'create-data-integration', '--name', name, '--kms-key', KMS, '--source-uri', `s3://${name}-bucket/files`);
  const associate = (name: string, ...more: string[]) => aws('appintegrations', 'create-data-integration-association', '--data-integration-identifier', name, ...more);
  const associations = async (name: string) =>
    (await aws('appintegrations', 'list-data-integration-associations', '--data-integration-identifier', name)).DataIntegrationAssociations as {
      DataIntegrationAssociationArn: string;
      ClientId?: string;
      ExecutionConfiguration?: unknown;
    }[];
  /** The commands a refusal names, one per association ("...; remove it with: COMMAND)"). */
  const namedCommands = (refusal: string) => [...refusal.matchAll(/remove it with: (linkedrole [^)]+)\)/g)].map((m) => m[1]);
  /** Runs a `linkedrole ...` command line as the refusal printed it. */
  const runCommand = (line: string) => lr(...line.split(' ').slice(1));

  describe('the refusal names, for each association, the command that removes it', () => {
    const generic = (name: string) =>
      new RegExp(`^linkedrole appintegrations delete-data-integration-association --data-integration-identifier ${name} --data-integration-association-identifier ${UUID.source}$`);
    const wisdom = (name: string) => new RegExp(`^linkedrole wisdom delete-association --name ${name}$`);
    const cases: { name: string; made: string; associate: (name: string) => Promise<unknown>; command: (name: string) => RegExp; inWisdom: boolean }[] = [
      {
        name: 'by-wisdom',
        made: '\\(Wisdom kb-one;',
        associate: (name) => lr('wisdom', 'create-association', '--data-integration-identifier', name, '--knowledge-base-name', 'kb-one'),
        command: wisdom,
        inWisdom: true,
      },
      { name: 'api-wisdom-client', made: `\\(API, ClientId ${KB_ARN};`, associate: (name) => associate(name, '--client-id', KB_ARN), command: wisdom, inWisdom: true },
      { name: 'api-app-client', made: '\\(API, ClientId reporting-app;', associate: (name) => associate(name, '--client-id', 'reporting-app'), command: generic, inWisdom: false },
      {
        // Customer Profiles' routes remove event integration associations: a data integration's goes the generic way.
        name: 'api-profiles-client',
        made: `\\(API, ClientId arn:aws:profile:us-east-1:${ACCOUNT}:domains/acme;`,
        associate: (name) => associate(name, '--client-id', `arn:aws:profile:us-east-1:${ACCOUNT}:domains/acme`),
        command: generic,
        inWisdom: false,
      },
      { name: 'api-no-client', made: '\\(API;', associate: (name) => associate(name), command: generic, inWisdom: false },
    ];
    for (const c of cases) {
      it(`${c.name}: DeleteDataIntegration's refusal names ${c.command('X').source.split(' ').slice(1, 3).join(' ')}, which removes it; then the integration is deleted`, async () => {
        const { Arn } = await createDataIntegration(c.name);
        await c.associate(c.name);
        const wisdomIds = async () =>
          (await lr('wisdom', 'list-associations')).Associations.filter((a: { DataIntegrationArn: string }) => a.DataIntegrationArn === Arn).map(
            (a: { KnowledgeBaseArn: string }) => a.KnowledgeBaseArn,
          );
        assert.equal((await wisdomIds()).length, c.inWisdom ? 1 : 0, 'listed by Wisdom exactly when its ClientId names a knowledge base');
        const refusal = await awsFails('appintegrations', 'delete-data-integration', '--data-integration-identifier', c.name);
        assert.match(refusal, new RegExp(`cannot be deleted because it has 1 association: arn:aws:app-integrations:us-east-1:${ACCOUNT}:data-integration-association/\\S+ ${c.made}`));
        const [command] = namedCommands(refusal);
        assert.match(command, c.command(c.name));
        await runCommand(command);
        assert.deepEqual(await associations(c.name), []);
        await aws('appintegrations', 'delete-data-integration', '--data-integration-identifier', c.name);
        assert.match(await awsFails('appintegrations', 'get-data-integration', '--identifier', c.name), /ResourceNotFoundException/);
      });
    }

    it('DeleteEventIntegration: the Tasks and Customer Profiles commands it names remove their connections', async () => {
      await aws('appintegrations', 'create-event-integration', '--name', 'route-events', '--event-filter', 'Source=aws.cases', '--event-bridge-bus', 'default');
      await lr('tasks', 'create-connection', '--event-integration-name', 'route-events', '--instance-id', 'inst-1');
      await lr('customer-profiles', 'create-connection', '--event-integration-name', 'route-events', '--domain-name', 'acme');
      const refusal = await awsFails('appintegrations', 'delete-event-integration', '--name', 'route-events');
      const commands = namedCommands(refusal);
      assert.deepEqual(commands, ['linkedrole tasks remove-connection --name route-events', 'linkedrole customer-profiles remove-connection --name route-events']);
      for (const command of commands) await runCommand(command);
      await aws('appintegrations', 'delete-event-integration', '--name', 'route-events');
    });

    it('DeleteDataIntegrationAssociation removes any client\'s association, a Wisdom one too, by id or ARN', async () => {
      const { Arn } = await createDataIntegration('generic-route');
      const made = await lr('wisdom', 'create-association', '--data-integration-identifier', 'generic-route', '--knowledge-base-name', 'kb-two');
      const removed = await lr(
        'appintegrations', 'delete-data-integration-association', '--data-integration-identifier', Arn,
        '--data-integration-association-identifier', made.Association.DataIntegrationAssociationArn,
      );
      assert.deepEqual(removed, {
        DataIntegrationAssociationArn: made.Association.DataIntegrationAssociationArn,
        DataIntegrationAssociationId: made.Association.DataIntegrationAssociationId,
        DataIntegrationArn: Arn,
        DataIntegrationName: 'generic-route',
        ClientId: made.Association.KnowledgeBaseArn,
      });
      assert.deepEqual((await lr('wisdom', 'list-associations')).Associations.filter((a: { DataIntegrationArn: string }) => a.DataIntegrationArn === Arn), []);
    });
  });

  describe('DeleteDataIntegrationAssociation and UpdateDataIntegrationAssociation: errors change nothing', () => {
    let arn: string;
    let id: string;
    let otherAssociationArn: string;
    const initial = { ExecutionMode: 'ON_DEMAND', OnDemandConfiguration: { StartTime: '1700000000000' } };

    before(async () => {
      arn = (await createDataIntegration('kept')).Arn;
      id = (await associate('kept', '--client-id', 'kept-app', '--execution-configuration', JSON.stringify(initial))).DataIntegrationAssociationId;
      await createDataIntegration('other');
      await associate('other', '--client-id', 'other-app');
      otherAssociationArn = (await associations('other'))[0].DataIntegrationAssociationArn;
    });

    it('delete: unknown integration, unknown association, another integration\'s association, a blank identifier', async () => {
      const op = 'when calling the DeleteDataIntegrationAssociation operation';
      const cases: [string[], string][] = [
        [['ghost', id], `An error occurred (ResourceNotFoundException) ${op}: The data integration ghost was not found.`],
        [['kept', '00000000-0000-4000-8000-000000000000'], `An error occurred (ResourceNotFoundException) ${op}: The data integration kept has no association 00000000-0000-4000-8000-000000000000.`],
        [['kept', otherAssociationArn], `An error occurred (ResourceNotFoundException) ${op}: The data integration kept has no association ${otherAssociationArn}.`],
        [['other', id], `An error occurred (ResourceNotFoundException) ${op}: The data integration other has no association ${id}.`],
      ];
      for (const [[integration, association], error] of cases) {
        assert.equal(
          await lrFails('appintegrations', 'delete-data-integration-association', '--data-integration-identifier', integration, '--data-integration-association-identifier', association),
          error,
        );
      }
      const blank = await wire('linkedrole-connect', 'DELETE', '/app-integrations/dataIntegrations/kept/associations/%20');
      assert.equal(blank.status, 400);
      assert.equal(blank.errorType, 'ValidationException');
      assert.equal((await associations('kept')).length, 1);
      assert.equal((await associations('other')).length, 1);
    });

    it('update (AWS CLI): a new ExecutionConfiguration, by name and id or by ARNs', async () => {
      const scheduled = { ExecutionMode: 'SCHEDULED', ScheduleConfiguration: { ScheduleExpression: 'rate(1 day)', Object: 'Account' } };
      await aws(
        'appintegrations', 'update-data-integration-association', '--data-integration-identifier', 'kept',
        '--data-integration-association-identifier', id, '--execution-configuration', JSON.stringify(scheduled),
      );
      assert.deepEqual((await associations('kept'))[0].ExecutionConfiguration, scheduled);
      const [{ DataIntegrationAssociationArn }] = await associations('kept');
      await aws(
        'appintegrations', 'update-data-integration-association', '--data-integration-identifier', arn,
        '--data-integration-association-identifier', DataIntegrationAssociationArn, '--execution-configuration', JSON.stringify(initial),
      );
      assert.deepEqual((await associations('kept'))[0].ExecutionConfiguration, initial);
    });

    it('update: every bad request is refused with its error, and the association keeps its configuration', async () => {
      const path = (integration: string, association: string) => `/dataIntegrations/${encodeURIComponent(integration)}/associations/${encodeURIComponent(association)}`;
      const cases: { body: unknown; at?: [string, string]; code: string; status: number; message: string | RegExp }[] = [
        {
          body: {},
          code: 'ValidationException',
          status: 400,
          message: "1 validation error detected: Value null at 'executionConfiguration' failed to satisfy constraint: Member must not be null",
        },
        {
          body: { ExecutionConfiguration: { ExecutionMode: 'WEEKLY' } },
          code: 'ValidationException',
          status: 400,
          message: /^1 validation error detected: Value 'WEEKLY' at 'executionConfiguration.executionMode' failed to satisfy constraint: Member must satisfy enum value set/,
        },
        {
          body: { ExecutionConfiguration: {} },
          code: 'ValidationException',
          status: 400,
          message: "1 validation error detected: Value null at 'executionConfiguration.executionMode' failed to satisfy constraint: Member must not be null",
        },
        {
          body: { ExecutionConfiguration: { ExecutionMode: 'ON_DEMAND' } },
          code: 'InvalidRequestException',
          status: 400,
          message: 'An ExecutionConfiguration with ExecutionMode ON_DEMAND needs an OnDemandConfiguration.',
        },
        {
          body: { ExecutionConfiguration: { ExecutionMode: 'ON_DEMAND', OnDemandConfiguration: { StartTime: 'yesterday' } } },
          code: 'InvalidRequestException',
          status: 400,
          message: 'OnDemandConfiguration.StartTime yesterday is not a Unix epoch time in milliseconds.',
        },
        {
          body: { ExecutionConfiguration: { ExecutionMode: 'ON_DEMAND', OnDemandConfiguration: { StartTime: '1700000000000', EndTime: '1600000000000' } } },
          code: 'InvalidRequestException',
          status: 400,
          message: 'OnDemandConfiguration.EndTime is before its StartTime.',
        },
        {
          body: { ExecutionConfiguration: { ExecutionMode: 'SCHEDULED' } },
          code: 'InvalidRequestException',
          status: 400,
          message: 'An ExecutionConfiguration with ExecutionMode SCHEDULED needs a ScheduleConfiguration.',
        },
        {
          body: { ExecutionConfiguration: { ExecutionMode: 'SCHEDULED', ScheduleConfiguration: { ScheduleExpression: 'every hour' } } },
          code: 'InvalidRequestException',
          status: 400,
          message: 'The schedule expression every hour is not valid: use rate(N minutes|hours|days) or cron(...).',
        },
        { body: { ExecutionConfiguration: initial }, at: ['ghost', id], code: 'ResourceNotFoundException', status: 404, message: 'The data integration ghost was not found.' },
        {
          body: { ExecutionConfiguration: initial },
          at: ['kept', otherAssociationArn],
          code: 'ResourceNotFoundException',
          status: 404,
          message: `The data integration kept has no association ${otherAssociationArn}.`,
        },
      ];
      for (const c of cases) {
        const answer = await wire('app-integrations', 'PATCH', path(...(c.at ?? ['kept', id])), c.body);
        const label = JSON.stringify(c.body);
        assert.equal(answer.errorType, c.code, label);
        assert.equal(answer.status, c.status, label);
        const message = (answer.body as { Message?: string; message?: string }).Message ?? (answer.body as { message?: string }).message;
        if (typeof c.message === 'string') assert.equal(message, c.message, label);
        else assert.match(message ?? '', c.message, label);
      }
      assert.deepEqual((await associations('kept'))[0].ExecutionConfiguration, initial);
    });

    it('create refuses an ExecutionConfiguration the same way', async () => {
      await createDataIntegration('bad-config');
      assert.equal(
        await awsFails(
          'appintegrations', 'create-data-integration-association', '--data-integration-identifier', 'bad-config',
          '--execution-configuration', JSON.stringify({ ExecutionMode: 'SCHEDULED' }),
        ),
        'An error occurred (InvalidRequestException) when calling the CreateDataIntegrationAssociation operation: An ExecutionConfiguration with ExecutionMode SCHEDULED needs a ScheduleConfiguration.',
      );
      assert.deepEqual(await associations('bad-config'), []);
      // Refused, it was not associated: it can be now.
      await associate('bad-config', '--client-id', 'fine');
    });
  });

  describe('permission before existence', () => {
    let nobody: { accessKeyId: string; secretAccessKey: string };

    before(async () => {
      await createDataIntegration('guarded');
      await lr('wisdom', 'create-association', '--data-integration-identifier', 'guarded', '--knowledge-base-name', 'guarded-kb');
      await aws('appintegrations', 'create-event-integration', '--name', 'guarded-events', '--event-filter', 'Source=aws.cases', '--event-bridge-bus', 'default');
      await lr('tasks', 'create-connection', '--event-integration-name', 'guarded-events', '--instance-id', 'inst-9');
      await lr('customer-profiles', 'create-connection', '--event-integration-name', 'guarded-events', '--domain-name', 'guarded-domain');
      await env.iam.send(new CreateUserCommand({ UserName: 'nobody' }));
      const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }));
      nobody = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    });

    /** Everything the removals could change, as the account's root sees it. */
    const state = async () => ({
      wisdom: (await lr('wisdom', 'list-associations')).Associations.map((a: { DataIntegrationAssociationArn: string }) => a.DataIntegrationAssociationArn),
      events: (await aws('appintegrations', 'list-event-integration-associations', '--event-integration-name', 'guarded-events')).EventIntegrationAssociations.map(
        (a: { EventIntegrationAssociationArn: string }) => a.EventIntegrationAssociationArn,
      ),
    });

    const user = `arn:aws:iam::${ACCOUNT}:user/nobody`;
    const denied = (action: string, resource: string) =>
      `User: ${user} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
    const ops: { operation: string; method: string; path: (name: string) => string; body?: unknown; message: (name: string) => string }[] = [
      {
        operation: 'DeleteWisdomAssociation',
        method: 'DELETE',
        path: (name) => `/wisdom/associations/${name}`,
        message: () => denied('wisdom:DeleteKnowledgeBase', `arn:aws:wisdom:us-east-1:${ACCOUNT}:knowledge-base/*`),
      },
      {
        operation: 'RemoveTasksConnection',
        method: 'DELETE',
        path: (name) => `/tasks/connections/${name}`,
        message: () => denied('connect:DeleteIntegrationAssociation', `arn:aws:connect:us-east-1:${ACCOUNT}:instance/*`),
      },
      {
        operation: 'RemoveCustomerProfilesConnection',
        method: 'DELETE',
        path: (name) => `/customer-profiles/connections/${name}`,
        message: () => denied('profile:DeleteIntegration', `arn:aws:profile:us-east-1:${ACCOUNT}:domains/*`),
      },
      {
        operation: 'DeleteDataIntegrationAssociation',
        method: 'DELETE',
        path: (name) => `/app-integrations/dataIntegrations/${name}/associations/00000000-0000-4000-8000-000000000000`,
        message: () =>
          denied('app-integrations:DeleteDataIntegrationAssociation', `arn:aws:app-integrations:us-east-1:${ACCOUNT}:data-integration-association/*/00000000-0000-4000-8000-000000000000`),
      },
    ];

    for (const op of ops) {
      it(`${op.operation}: a user with no policy is refused alike for an existing and a missing name, and nothing changes`, async () => {
        const before = await state();
        const existing = op.operation.startsWith('Remove') ? 'guarded-events' : 'guarded';
        for (const name of [existing, 'no-such-integration']) {
          const answer = await wire('linkedrole-connect', op.method, op.path(name), op.body, nobody);
          assert.equal(answer.status, 403, name);
          assert.equal(answer.errorType, 'AccessDeniedException', name);
          assert.equal((answer.body as { Message: string }).Message, op.message(name), name);
        }
        assert.deepEqual(await state(), before);
        const audited = await env.server.app.audit.query({ accountId: ACCOUNT, userName: 'nobody' });
        assert.equal(audited.filter((e) => e.event_name === op.operation && e.decision === 'implicitDeny').length, 2);
      });
    }

    it('UpdateDataIntegrationAssociation (AWS CLI): refused alike, before anything is read', async () => {
      const env2 = { AWS_ACCESS_KEY_ID: nobody.accessKeyId, AWS_SECRET_ACCESS_KEY: nobody.secretAccessKey };
      const config = JSON.stringify({ ExecutionMode: 'ON_DEMAND', OnDemandConfiguration: { StartTime: '1' } });
      for (const name of ['guarded', 'no-such-integration']) {
        const result = await awsCli(
          env.server.url,
          ['appintegrations', 'update-data-integration-association', '--data-integration-identifier', name, '--data-integration-association-identifier', 'abc', '--execution-configuration', config],
          env2,
        );
        assert.equal(
          result.stderr.trim(),
          `An error occurred (AccessDeniedException) when calling the UpdateDataIntegrationAssociation operation: ${denied(
            'app-integrations:UpdateDataIntegrationAssociation',
            `arn:aws:app-integrations:us-east-1:${ACCOUNT}:data-integration-association/*/abc`,
          )}`,
        );
      }
    });

    it('with the permissions the request names, the same user removes them (linkedrole commands), audited as allowed', async () => {
      await env.iam.send(
        new PutUserPolicyCommand({
          UserName: 'nobody',
          PolicyName: 'remove-associations',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'wisdom:DeleteKnowledgeBase', Resource: `arn:aws:wisdom:us-east-1:${ACCOUNT}:knowledge-base/*` },
              { Effect: 'Allow', Action: 'app-integrations:DeleteDataIntegrationAssociation', Resource: `arn:aws:app-integrations:us-east-1:${ACCOUNT}:data-integration-association/*` },
              { Effect: 'Allow', Action: 'connect:DeleteIntegrationAssociation', Resource: `arn:aws:connect:us-east-1:${ACCOUNT}:instance/*` },
              // Only this event integration's associations.
              {
                Effect: 'Allow',
                Action: 'app-integrations:DeleteEventIntegrationAssociation',
                Resource: `arn:aws:app-integrations:us-east-1:${ACCOUNT}:event-integration-association/guarded-events/*`,
              },
            ],
          }),
        }),
      );
      const as = (...args: string[]) =>
        linkedrole(args, { ...cliEnv(env.server.url), AWS_ACCESS_KEY_ID: nobody.accessKeyId, AWS_SECRET_ACCESS_KEY: nobody.secretAccessKey });
      const wisdom = await as('wisdom', 'delete-association', '--name', 'guarded');
      assert.equal(wisdom.code, 0, wisdom.stderr);
      assert.equal(JSON.parse(wisdom.stdout).Deleted[0].KnowledgeBaseName, 'guarded-kb');
      const tasks = await as('tasks', 'remove-connection', '--name', 'guarded-events');
      assert.equal(tasks.code, 0, tasks.stderr);
      // No profile:DeleteIntegration: Customer Profiles' connection stays.
      const profiles = await as('customer-profiles', 'remove-connection', '--name', 'guarded-events');
      assert.equal(profiles.code, 254);
      assert.match(profiles.stderr, /AccessDeniedException.*profile:DeleteIntegration/);
      assert.deepEqual((await state()).wisdom, []);
      assert.equal((await state()).events.length, 1);
      const allowed = await env.server.app.audit.query({ accountId: ACCOUNT, userName: 'nobody', decision: 'allowed' });
      assert.deepEqual(
        allowed.map((e) => `${e.event_name} ${e.action} ${e.resource}`).sort(),
        [
          `DeleteWisdomAssociation app-integrations:DeleteDataIntegrationAssociation arn:aws:app-integrations:us-east-1:${ACCOUNT}:data-integration-association/*`,
          `DeleteWisdomAssociation wisdom:DeleteKnowledgeBase arn:aws:wisdom:us-east-1:${ACCOUNT}:knowledge-base/*`,
          `RemoveTasksConnection app-integrations:DeleteEventIntegrationAssociation arn:aws:app-integrations:us-east-1:${ACCOUNT}:event-integration-association/guarded-events/*`,
          `RemoveTasksConnection connect:DeleteIntegrationAssociation arn:aws:connect:us-east-1:${ACCOUNT}:instance/*`,
        ].sort(),
      );
    });
  });
});
