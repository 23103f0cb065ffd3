// Amazon AppIntegrations over REST-JSON with the AWS SDK for JavaScript v3: every operation, its ids
// and ARNs, DataIntegrationIdentifier forms, ClientToken idempotency, paging, and each error as AWS
// names it. (CreateDataIntegrationAssociation is newer than the installed SDK: consumers.test.ts
// drives it with the AWS CLI.)
import {
  AppIntegrationsClient,
  CreateDataIntegrationCommand,
  CreateEventIntegrationCommand,
  DeleteDataIntegrationCommand,
  DeleteEventIntegrationCommand,
  GetDataIntegrationCommand,
  GetEventIntegrationCommand,
  ListDataIntegrationAssociationsCommand,
  ListDataIntegrationsCommand,
  ListEventIntegrationAssociationsCommand,
  ListEventIntegrationsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDataIntegrationCommand,
  UpdateEventIntegrationCommand,
} from '@aws-sdk/client-appintegrations';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejectsWith } from '../support/iam.js';
import { useTestServer } from '../support/fixture.js';

const ACCOUNT = '123456789012';
const KMS = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab`;
const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

describe('AppIntegrations data integrations (SDK v3)', () => {
  const env = useTestServer({ clients: { appIntegrations: AppIntegrationsClient } });

  let created: { Id: string; Arn: string };

  it('creates a data integration with a UUID id and its ARN, and answers with what was asked', async () => {
    const answer = await env.appIntegrations.send(
      new CreateDataIntegrationCommand({
        Name: 'support-articles',
        Description: 'Salesforce knowledge articles',
        KmsKey: KMS,
        SourceURI: 'Salesforce://AppFlow/salesforce-prod',
        ScheduleConfig: { ScheduleExpression: 'rate(1 hour)', Object: 'Knowledge__kav', FirstExecutionFrom: '1700000000' },
        Tags: { team: 'support' },
        ClientToken: 'token-1',
      }),
    );
    assert.match(answer.Id!, UUID);
    assert.equal(answer.Arn, `arn:aws:app-integrations:us-east-1:${ACCOUNT}:data-integration/${answer.Id}`);
    assert.equal(answer.Name, 'support-articles');
    assert.equal(answer.ClientToken, 'token-1');
    assert.deepEqual(answer.ScheduleConfiguration, { ScheduleExpression: 'rate(1 hour)', Object: 'Knowledge__kav', FirstExecutionFrom: '1700000000' });
    assert.deepEqual(answer.Tags, { team: 'support' });
    created = { Id: answer.Id!, Arn: answer.Arn! };
  });

  it('finds a data integration by name, by id and by ARN', async () => {
    for (const Identifier of ['support-articles', created.Id, created.Arn]) {
      const got = await env.appIntegrations.send(new GetDataIntegrationCommand({ Identifier }));
      assert.equal(got.Id, created.Id, Identifier);
      assert.equal(got.Arn, created.Arn);
      assert.equal(got.KmsKey, KMS);
      assert.equal(got.SourceURI, 'Salesforce://AppFlow/salesforce-prod');
      assert.equal(got.Description, 'Salesforce knowledge articles');
      assert.equal(got.ScheduleConfiguration?.Object, 'Knowledge__kav');
    }
  });

  it('replays the first answer for the same ClientToken and request, and refuses the token for another request', async () => {
    const again = await env.appIntegrations.send(
      new CreateDataIntegrationCommand({
        Name: 'support-articles',
        Description: 'Salesforce knowledge articles',
        KmsKey: KMS,
        SourceURI: 'Salesforce://AppFlow/salesforce-prod',
        ScheduleConfig: { ScheduleExpression: 'rate(1 hour)', Object: 'Knowledge__kav', FirstExecutionFrom: '1700000000' },
        Tags: { team: 'support' },
        ClientToken: 'token-1',
      }),
    );
    assert.equal(again.Id, created.Id);
    assert.equal(again.Arn, created.Arn);
    const listed = await env.appIntegrations.send(new ListDataIntegrationsCommand({}));
    assert.equal(listed.DataIntegrations?.filter((d) => d.Name === 'support-articles').length, 1);
    await rejectsWith(
      env.appIntegrations.send(new CreateDataIntegrationCommand({ Name: 'other-name', KmsKey: KMS, SourceURI: 's3://other/x', ClientToken: 'token-1' })),
      'InvalidRequestException',
      'The ClientToken token-1 was already used with different request parameters.',
      400,
    );
  });

  it('refuses a second data integration with the same name (DuplicateResourceException)', async () => {
    await rejectsWith(
      env.appIntegrations.send(new CreateDataIntegrationCommand({ Name: 'support-articles', KmsKey: KMS, SourceURI: 's3://other/x' })),
      'DuplicateResourceException',
      'A data integration with the name support-articles already exists.',
      409,
    );
  });

  it('validates input against the model, in AWS words', async () => {
    await rejectsWith(
      env.appIntegrations.send(new CreateDataIntegrationCommand({ Name: 'bad name', KmsKey: KMS, SourceURI: 's3://other/x' })),
      'ValidationException',
      "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9\\/\\._\\-]+$",
      400,
    );
    await rejectsWith(
      env.appIntegrations.send(new CreateDataIntegrationCommand({ Name: 'no-schedule', KmsKey: KMS, SourceURI: 's3://other/x', ScheduleConfig: { ScheduleExpression: 'every hour' } })),
      'InvalidRequestException',
      'The schedule expression every hour is not valid: use rate(N minutes|hours|days) or cron(...).',
      400,
    );
    await rejectsWith(
      env.appIntegrations.send(new ListDataIntegrationsCommand({ MaxResults: 51 })),
      'ValidationException',
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
      400,
    );
  });

  it('pages ListDataIntegrations with MaxResults and NextToken, and refuses a forged token', async () => {
    for (const name of ['s3-b', 's3-a', 's3-c']) {
      await env.appIntegrations.send(new CreateDataIntegrationCommand({ Name: name, KmsKey: KMS, SourceURI: `s3://bucket-${name}/folder` }));
    }
    const names: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await env.appIntegrations.send(new ListDataIntegrationsCommand({ MaxResults: 2, NextToken }));
      assert.ok((page.DataIntegrations?.length ?? 0) <= 2);
      names.push(...(page.DataIntegrations ?? []).map((d) => d.Name!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    assert.equal(pages, 2);
    assert.deepEqual(names, ['s3-a', 's3-b', 's3-c', 'support-articles']);
    await rejectsWith(env.appIntegrations.send(new ListDataIntegrationsCommand({ NextToken: 'forged' })), 'InvalidRequestException', 'The nextToken is not valid.', 400);
  });

  it('updates the name and description; the id and ARN stay', async () => {
    await env.appIntegrations.send(new UpdateDataIntegrationCommand({ Identifier: 's3-c', Name: 's3-renamed', Description: 'renamed' }));
    const got = await env.appIntegrations.send(new GetDataIntegrationCommand({ Identifier: 's3-renamed' }));
    assert.equal(got.Description, 'renamed');
    await rejectsWith(env.appIntegrations.send(new GetDataIntegrationCommand({ Identifier: 's3-c' })), 'ResourceNotFoundException', 'The data integration s3-c was not found.', 404);
    await rejectsWith(
      env.appIntegrations.send(new UpdateDataIntegrationCommand({ Identifier: 's3-renamed', Name: 's3-a' })),
      'DuplicateResourceException',
      'A data integration with the name s3-a already exists.',
      409,
    );
  });

  it('answers ResourceNotFoundException for an unknown identifier in every operation', async () => {
    const missing = 'no-such-integration';
    const message = `The data integration ${missing} was not found.`;
    await rejectsWith(env.appIntegrations.send(new GetDataIntegrationCommand({ Identifier: missing })), 'ResourceNotFoundException', message, 404);
    await rejectsWith(env.appIntegrations.send(new UpdateDataIntegrationCommand({ Identifier: missing, Description: 'x' })), 'ResourceNotFoundException', message, 404);
    await rejectsWith(env.appIntegrations.send(new DeleteDataIntegrationCommand({ DataIntegrationIdentifier: missing })), 'ResourceNotFoundException', message, 404);
    await rejectsWith(
      env.appIntegrations.send(new ListDataIntegrationAssociationsCommand({ DataIntegrationIdentifier: missing })),
      'ResourceNotFoundException',
      message,
      404,
    );
    // An ARN of another region names nothing here.
    const elsewhere = created.Arn.replace('us-east-1', 'us-west-2');
    await rejectsWith(env.appIntegrations.send(new GetDataIntegrationCommand({ Identifier: elsewhere })), 'ResourceNotFoundException', `The data integration ${elsewhere} was not found.`, 404);
  });

  it('lists no associations for a new integration', async () => {
    const answer = await env.appIntegrations.send(new ListDataIntegrationAssociationsCommand({ DataIntegrationIdentifier: created.Arn }));
    assert.deepEqual(answer.DataIntegrationAssociations, []);
    assert.equal(answer.NextToken, undefined);
  });

  it('tags, untags and lists the tags of a data integration; an unknown ARN is ResourceNotFoundException', async () => {
    await env.appIntegrations.send(new TagResourceCommand({ resourceArn: created.Arn, tags: { env: 'prod', owner: 'kb-team' } }));
    assert.deepEqual((await env.appIntegrations.send(new ListTagsForResourceCommand({ resourceArn: created.Arn }))).tags, { team: 'support', env: 'prod', owner: 'kb-team' });
    await env.appIntegrations.send(new UntagResourceCommand({ resourceArn: created.Arn, tagKeys: ['team', 'owner'] }));
    assert.deepEqual((await env.appIntegrations.send(new ListTagsForResourceCommand({ resourceArn: created.Arn }))).tags, { env: 'prod' });
    assert.deepEqual((await env.appIntegrations.send(new GetDataIntegrationCommand({ Identifier: created.Id }))).Tags, { env: 'prod' });
    const unknown = `arn:aws:app-integrations:us-east-1:${ACCOUNT}:data-integration/00000000-0000-0000-0000-000000000000`;
    await rejectsWith(env.appIntegrations.send(new ListTagsForResourceCommand({ resourceArn: unknown })), 'ResourceNotFoundException', `The resource ${unknown} was not found.`, 404);
    await rejectsWith(env.appIntegrations.send(new TagResourceCommand({ resourceArn: unknown, tags: { a: 'b' } })), 'ResourceNotFoundException', `The resource ${unknown} was not found.`, 404);
    await rejectsWith(
      env.appIntegrations.send(new TagResourceCommand({ resourceArn: created.Arn, tags: { 'aws:reserved': 'x' } })),
      'ValidationException',
      /failed to satisfy constraint: Member must satisfy regular expression pattern/,
      400,
    );
  });

  it('deletes a data integration by name', async () => {
    await env.appIntegrations.send(new DeleteDataIntegrationCommand({ DataIntegrationIdentifier: 's3-a' }));
    await rejectsWith(env.appIntegrations.send(new GetDataIntegrationCommand({ Identifier: 's3-a' })), 'ResourceNotFoundException', 'The data integration s3-a was not found.', 404);
    const names = (await env.appIntegrations.send(new ListDataIntegrationsCommand({}))).DataIntegrations?.map((d) => d.Name);
    assert.deepEqual(names, ['s3-b', 's3-renamed', 'support-articles']);
  });

  it('keeps regions apart', async () => {
    const west = env.client(AppIntegrationsClient, { region: 'us-west-2' });
    assert.deepEqual((await west.send(new ListDataIntegrationsCommand({}))).DataIntegrations, []);
    const there = await west.send(new CreateDataIntegrationCommand({ Name: 'support-articles', KmsKey: KMS, SourceURI: 's3://west/x' }));
    assert.match(there.Arn!, /^arn:aws:app-integrations:us-west-2:123456789012:data-integration\//);
  });

  it('is offered only in the seed regions, and says where', async () => {
    const ireland = env.client(AppIntegrationsClient, { region: 'eu-west-1' });
    await rejectsWith(
      ireland.send(new ListDataIntegrationsCommand({})),
      'UnsupportedRegionException',
      "AppIntegrations is not offered in the region 'eu-west-1'. It is offered in: us-east-1, us-west-2, ap-south-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, ap-northeast-1, ca-central-1, eu-central-1, eu-west-2, af-south-1.",
      400,
    );
  });
});

describe('AppIntegrations event integrations (SDK v3)', () => {
  const env = useTestServer({ clients: { appIntegrations: AppIntegrationsClient }, region: 'eu-west-2' });

  const arnOf = (name: string) => `arn:aws:app-integrations:eu-west-2:${ACCOUNT}:event-integration/${name}`;

  it('creates an event integration whose ARN ends with its name, and reads it back', async () => {
    const answer = await env.appIntegrations.send(
      new CreateEventIntegrationCommand({
        Name: 'cases-events',
        Description: 'Amazon Connect Cases',
        EventFilter: { Source: 'aws.cases' },
        EventBridgeBus: 'default',
        Tags: { app: 'cases' },
      }),
    );
    assert.equal(answer.EventIntegrationArn, arnOf('cases-events'));
    const got = await env.appIntegrations.send(new GetEventIntegrationCommand({ Name: 'cases-events' }));
    assert.equal(got.EventIntegrationArn, arnOf('cases-events'));
    assert.equal(got.Name, 'cases-events');
    assert.equal(got.Description, 'Amazon Connect Cases');
    assert.deepEqual(got.EventFilter, { Source: 'aws.cases' });
    assert.equal(got.EventBridgeBus, 'default');
    assert.deepEqual(got.Tags, { app: 'cases' });
  });

  it('replays an answer for the same ClientToken; refuses duplicates, bad sources and unknown names', async () => {
    const request = { Name: 'zendesk-events', EventFilter: { Source: 'aws.partner/zendesk.com/123/default' }, EventBridgeBus: 'default', ClientToken: 'tok-z' };
    const first = await env.appIntegrations.send(new CreateEventIntegrationCommand(request));
    const second = await env.appIntegrations.send(new CreateEventIntegrationCommand(request));
    assert.equal(second.EventIntegrationArn, first.EventIntegrationArn);
    await rejectsWith(
      env.appIntegrations.send(new CreateEventIntegrationCommand({ ...request, ClientToken: undefined })),
      'DuplicateResourceException',
      'An event integration with the name zendesk-events already exists.',
      409,
    );
    await rejectsWith(
      env.appIntegrations.send(new CreateEventIntegrationCommand({ ...request, Name: 'zendesk-2', ClientToken: 'tok-z' })),
      'InvalidRequestException',
      'The ClientToken tok-z was already used with different request parameters.',
      400,
    );
    await rejectsWith(
      env.appIntegrations.send(new CreateEventIntegrationCommand({ Name: 'bad-source', EventFilter: { Source: 'my.app' }, EventBridgeBus: 'default' })),
      'ValidationException',
      /^1 validation error detected: Value 'my.app' at 'eventFilter.source' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      400,
    );
    for (const send of [
      () => env.appIntegrations.send(new GetEventIntegrationCommand({ Name: 'nope' })),
      () => env.appIntegrations.send(new UpdateEventIntegrationCommand({ Name: 'nope', Description: 'x' })),
      () => env.appIntegrations.send(new DeleteEventIntegrationCommand({ Name: 'nope' })),
      () => env.appIntegrations.send(new ListEventIntegrationAssociationsCommand({ EventIntegrationName: 'nope' })),
    ]) {
      await rejectsWith(send(), 'ResourceNotFoundException', 'The event integration nope was not found.', 404);
    }
  });

  it('updates the description, lists with paging, and lists no associations yet', async () => {
    await env.appIntegrations.send(new UpdateEventIntegrationCommand({ Name: 'cases-events', Description: 'updated' }));
    assert.equal((await env.appIntegrations.send(new GetEventIntegrationCommand({ Name: 'cases-events' }))).Description, 'updated');
    const first = await env.appIntegrations.send(new ListEventIntegrationsCommand({ MaxResults: 1 }));
    assert.deepEqual(first.EventIntegrations?.map((e) => e.Name), ['cases-events']);
    assert.ok(first.NextToken);
    const second = await env.appIntegrations.send(new ListEventIntegrationsCommand({ MaxResults: 1, NextToken: first.NextToken }));
    assert.deepEqual(second.EventIntegrations?.map((e) => e.Name), ['zendesk-events']);
    assert.equal(second.NextToken, undefined);
    assert.equal(second.EventIntegrations?.[0].EventFilter?.Source, 'aws.partner/zendesk.com/123/default');
    const associations = await env.appIntegrations.send(new ListEventIntegrationAssociationsCommand({ EventIntegrationName: 'cases-events' }));
    assert.deepEqual(associations.EventIntegrationAssociations, []);
  });

  it('tags and untags an event integration', async () => {
    await env.appIntegrations.send(new TagResourceCommand({ resourceArn: arnOf('cases-events'), tags: { env: 'test' } }));
    await env.appIntegrations.send(new UntagResourceCommand({ resourceArn: arnOf('cases-events'), tagKeys: ['app'] }));
    assert.deepEqual((await env.appIntegrations.send(new ListTagsForResourceCommand({ resourceArn: arnOf('cases-events') }))).tags, { env: 'test' });
  });

  it('deletes an event integration', async () => {
    await env.appIntegrations.send(new DeleteEventIntegrationCommand({ Name: 'zendesk-events' }));
    await rejectsWith(env.appIntegrations.send(new GetEventIntegrationCommand({ Name: 'zendesk-events' })), 'ResourceNotFoundException', 'The event integration zendesk-events was not found.', 404);
  });

  it('stops at the quota of event integrations in a region (ResourceQuotaExceededException)', async () => {
    const tokyo = env.client(AppIntegrationsClient, { region: 'ap-northeast-1' });
    for (let i = 0; i < 50; i++) {
      await tokyo.send(new CreateEventIntegrationCommand({ Name: `events-${i}`, EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default' }));
    }
    await rejectsWith(
      tokyo.send(new CreateEventIntegrationCommand({ Name: 'one-too-many', EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default' })),
      'ResourceQuotaExceededException',
      'You have reached the quota of 50 event integrations in ap-northeast-1.',
      429,
    );
  });
});
