// The lifecycle Terraform's AWS provider drives for each resource (aws_lexv2models_bot, _bot_locale, _intent, _slot,
// _slot_type, _bot_version; aws_appintegrations_data_integration, _event_integration) and, the same way, for the
// resources the provider has no type for yet (Lex bot aliases and resource policies, AppIntegrations applications,
// which CloudFormation and CDK users create): create, read until ready, update in place and read the change back,
// tag and untag where the resource takes tags, delete, and read until the read answers not found. One table, a row
// per resource: an update not kept, a tag not listed or a delete that leaves the resource readable fails its row.
import { AppIntegrationsClient, CreateApplicationCommand, CreateDataIntegrationCommand, CreateEventIntegrationCommand, DeleteApplicationCommand, DeleteDataIntegrationCommand, DeleteEventIntegrationCommand, GetApplicationCommand, GetDataIntegrationCommand, GetEventIntegrationCommand, ListTagsForResourceCommand as AiListTags, TagResourceCommand as AiTag, UntagResourceCommand as AiUntag, UpdateApplicationCommand, UpdateDataIntegrationCommand, UpdateEventIntegrationCommand } from '@aws-sdk/client-appintegrations';
import {
  CreateBotAliasCommand,
  CreateBotLocaleCommand,
  CreateBotVersionCommand,
  CreateIntentCommand,
  CreateResourcePolicyCommand,
  CreateSlotCommand,
  CreateSlotTypeCommand,
  DeleteBotAliasCommand,
  DeleteBotCommand,
  DeleteBotLocaleCommand,
  DeleteBotVersionCommand,
  DeleteIntentCommand,
  DeleteResourcePolicyCommand,
  DeleteSlotCommand,
  DeleteSlotTypeCommand,
  DescribeBotAliasCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  DescribeBotVersionCommand,
  DescribeIntentCommand,
  DescribeResourcePolicyCommand,
  DescribeSlotCommand,
  DescribeSlotTypeCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateBotAliasCommand,
  UpdateBotCommand,
  UpdateBotLocaleCommand,
  UpdateIntentCommand,
  UpdateResourcePolicyCommand,
  UpdateSlotCommand,
  UpdateSlotTypeCommand,
  type LexModelsV2Client,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '../support/wait.js';
import { ACCOUNT, REGION, createBot, createReadyBot, useLexEnv } from './support.js';

type Ref = Record<string, string>;
/** What a read answers: any SDK output (an object type with an `any` index signature accepts them all). */
type Read = Record<string, any>;
interface Resource {
  /** The Terraform resource (or, where the provider has none, the API resource) this row stands for. */
  name: string;
  /** Makes what the resource needs first (a bot, a built locale, ...): what create is given. */
  parent?: (c: Clients) => Promise<Ref>;
  create: (c: Clients, parent: Ref) => Promise<Ref>;
  read: (c: Clients, ref: Ref) => Promise<Read>;
  /** When a read says the resource is ready (its status), as the provider's waiter polls for. */
  ready: (read: Read) => boolean;
  /** An update in place and how the read after it shows it; none for what Terraform replaces (a version). */
  update?: (c: Clients, ref: Ref, read: Read) => Promise<unknown>;
  updated?: (read: Read) => boolean;
  /** The ARN tags go on, when the resource takes tags. */
  arn?: (ref: Ref) => string;
  remove: (c: Clients, ref: Ref) => Promise<unknown>;
  /** The error a read of a deleted resource answers. */
  gone: string;
}
interface Clients {
  models: LexModelsV2Client;
  ai: AppIntegrationsClient;
}

const DRAFT = { botVersion: 'DRAFT', localeId: 'en_US' };
const prompt = (value: string) => ({ messageGroups: [{ message: { plainTextMessage: { value } } }], maxRetries: 1 });
const botArn = (botId: string) => `arn:aws:lex:${REGION}:${ACCOUNT}:bot/${botId}`;
const KMS = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000`;
let serial = 0;
const unique = (base: string) => `${base}${++serial}`;
const policy = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Describe', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: action, Resource: '*' }] });

/** A bot with an en_US locale (not built). */
async function botWithLocale(c: Clients): Promise<Ref> {
  const botId = (await createBot(c.models, unique('tf-bot-'))).botId!;
  await c.models.send(new CreateBotLocaleCommand({ botId, ...DRAFT, nluIntentConfidenceThreshold: 0.4 }));
  await waitFor(() => c.models.send(new DescribeBotLocaleCommand({ botId, ...DRAFT })), (l) => l.botLocaleStatus === 'NotBuilt');
  return { botId };
}
/** A bot with a locale and an intent. */
async function botWithIntent(c: Clients): Promise<Ref> {
  const { botId } = await botWithLocale(c);
  const intent = await c.models.send(new CreateIntentCommand({ botId, ...DRAFT, intentName: 'OrderFlowers', sampleUtterances: [{ utterance: 'I want flowers' }] }));
  const slotType = await c.models.send(new CreateSlotTypeCommand({ botId, ...DRAFT, slotTypeName: 'FlowerTypes', valueSelectionSetting: { resolutionStrategy: 'OriginalValue' }, slotTypeValues: [{ sampleValue: { value: 'roses' } }] }));
  return { botId, intentId: intent.intentId!, slotTypeId: slotType.slotTypeId! };
}
const readyBot = async (c: Clients): Promise<Ref> => ({ botId: (await createReadyBot(c.models, unique('tf-ready-'))).botId! });
/** A built bot with version 1. */
async function botWithVersion(c: Clients): Promise<Ref> {
  const { botId } = await readyBot(c);
  const version = await c.models.send(new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }));
  await waitFor(() => c.models.send(new DescribeBotVersionCommand({ botId, botVersion: version.botVersion })), (v) => v.botStatus === 'Available');
  return { botId, botVersion: version.botVersion! };
}

const RESOURCES: Resource[] = [
  {
    name: 'aws_lexv2models_bot',
    create: async (c) => ({ botId: (await createBot(c.models, unique('tf-bot-'))).botId! }),
    read: (c, r) => c.models.send(new DescribeBotCommand({ botId: r.botId })),
    ready: (b) => b.botStatus === 'Available',
    update: (c, r, b) => c.models.send(new UpdateBotCommand({ botId: r.botId, botName: b.botName as string, roleArn: b.roleArn as string, dataPrivacy: { childDirected: true }, idleSessionTTLInSeconds: 600, description: 'updated' })),
    updated: (b) => b.idleSessionTTLInSeconds === 600 && b.description === 'updated' && (b.dataPrivacy as { childDirected: boolean }).childDirected,
    arn: (r) => botArn(r.botId),
    remove: (c, r) => c.models.send(new DeleteBotCommand({ botId: r.botId })),
    gone: 'ResourceNotFoundException',
  },
  {
    name: 'aws_lexv2models_bot_locale',
    parent: async (c) => ({ botId: (await createBot(c.models, unique('tf-bot-'))).botId! }),
    create: async (c, p) => {
      await c.models.send(new CreateBotLocaleCommand({ botId: p.botId, ...DRAFT, nluIntentConfidenceThreshold: 0.4 }));
      return p;
    },
    read: (c, r) => c.models.send(new DescribeBotLocaleCommand({ botId: r.botId, ...DRAFT })),
    ready: (l) => l.botLocaleStatus === 'NotBuilt',
    update: (c, r) => c.models.send(new UpdateBotLocaleCommand({ botId: r.botId, ...DRAFT, nluIntentConfidenceThreshold: 0.7, description: 'updated' })),
    updated: (l) => l.nluIntentConfidenceThreshold === 0.7 && l.description === 'updated',
    remove: (c, r) => c.models.send(new DeleteBotLocaleCommand({ botId: r.botId, ...DRAFT })),
    gone: 'ResourceNotFoundException',
  },
  {
    name: 'aws_lexv2models_intent',
    parent: botWithLocale,
    create: async (c, p) => ({ ...p, intentId: (await c.models.send(new CreateIntentCommand({ botId: p.botId, ...DRAFT, intentName: 'BookHotel', sampleUtterances: [{ utterance: 'book a hotel' }] }))).intentId! }),
    read: (c, r) => c.models.send(new DescribeIntentCommand({ botId: r.botId, ...DRAFT, intentId: r.intentId })),
    ready: (i) => i.intentName === 'BookHotel',
    update: (c, r) => c.models.send(new UpdateIntentCommand({ botId: r.botId, ...DRAFT, intentId: r.intentId, intentName: 'BookHotel', description: 'updated', sampleUtterances: [{ utterance: 'book a room' }] })),
    updated: (i) => i.description === 'updated' && JSON.stringify(i.sampleUtterances) === JSON.stringify([{ utterance: 'book a room' }]),
    remove: (c, r) => c.models.send(new DeleteIntentCommand({ botId: r.botId, ...DRAFT, intentId: r.intentId })),
    gone: 'ResourceNotFoundException',
  },
  {
    name: 'aws_lexv2models_slot_type',
    parent: botWithLocale,
    create: async (c, p) => ({
      ...p,
      slotTypeId: (await c.models.send(new CreateSlotTypeCommand({ botId: p.botId, ...DRAFT, slotTypeName: 'RoomTypes', valueSelectionSetting: { resolutionStrategy: 'OriginalValue' }, slotTypeValues: [{ sampleValue: { value: 'king' } }] }))).slotTypeId!,
    }),
    read: (c, r) => c.models.send(new DescribeSlotTypeCommand({ botId: r.botId, ...DRAFT, slotTypeId: r.slotTypeId })),
    ready: (t) => t.slotTypeName === 'RoomTypes',
    update: (c, r) =>
      c.models.send(new UpdateSlotTypeCommand({ botId: r.botId, ...DRAFT, slotTypeId: r.slotTypeId, slotTypeName: 'RoomTypes', valueSelectionSetting: { resolutionStrategy: 'TopResolution' }, slotTypeValues: [{ sampleValue: { value: 'king' } }, { sampleValue: { value: 'queen' } }] })),
    updated: (t) => (t.valueSelectionSetting as { resolutionStrategy: string }).resolutionStrategy === 'TopResolution' && (t.slotTypeValues as unknown[]).length === 2,
    remove: (c, r) => c.models.send(new DeleteSlotTypeCommand({ botId: r.botId, ...DRAFT, slotTypeId: r.slotTypeId })),
    gone: 'ResourceNotFoundException',
  },
  {
    name: 'aws_lexv2models_slot',
    parent: botWithIntent,
    create: async (c, p) => ({
      ...p,
      slotId: (await c.models.send(new CreateSlotCommand({ botId: p.botId, ...DRAFT, intentId: p.intentId, slotName: 'FlowerType', slotTypeId: p.slotTypeId, valueElicitationSetting: { slotConstraint: 'Required', promptSpecification: prompt('Which flowers?') } }))).slotId!,
    }),
    read: (c, r) => c.models.send(new DescribeSlotCommand({ botId: r.botId, ...DRAFT, intentId: r.intentId, slotId: r.slotId })),
    ready: (s) => s.slotName === 'FlowerType',
    update: (c, r) =>
      c.models.send(new UpdateSlotCommand({ botId: r.botId, ...DRAFT, intentId: r.intentId, slotId: r.slotId, slotName: 'FlowerType', slotTypeId: r.slotTypeId, description: 'updated', valueElicitationSetting: { slotConstraint: 'Optional', promptSpecification: prompt('Which flowers, if any?') } })),
    updated: (s) => s.description === 'updated' && (s.valueElicitationSetting as { slotConstraint: string }).slotConstraint === 'Optional',
    remove: (c, r) => c.models.send(new DeleteSlotCommand({ botId: r.botId, ...DRAFT, intentId: r.intentId, slotId: r.slotId })),
    gone: 'ResourceNotFoundException',
  },
  {
    name: 'aws_lexv2models_bot_version',
    parent: readyBot,
    create: async (c, p) => ({ ...p, botVersion: (await c.models.send(new CreateBotVersionCommand({ botId: p.botId, description: 'first', botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }))).botVersion! }),
    read: (c, r) => c.models.send(new DescribeBotVersionCommand({ botId: r.botId, botVersion: r.botVersion })),
    ready: (v) => v.botStatus === 'Available',
    // A version is immutable: Terraform replaces it (no update in place).
    remove: (c, r) => c.models.send(new DeleteBotVersionCommand({ botId: r.botId, botVersion: r.botVersion })),
    gone: 'ResourceNotFoundException',
  },
  {
    name: 'bot alias',
    parent: botWithVersion,
    create: async (c, p) => ({ ...p, botAliasId: (await c.models.send(new CreateBotAliasCommand({ botId: p.botId, botAliasName: 'live', botVersion: p.botVersion }))).botAliasId! }),
    read: (c, r) => c.models.send(new DescribeBotAliasCommand({ botId: r.botId, botAliasId: r.botAliasId })),
    ready: (a) => a.botAliasStatus === 'Available',
    update: (c, r) => c.models.send(new UpdateBotAliasCommand({ botId: r.botId, botAliasId: r.botAliasId, botAliasName: 'live', botVersion: r.botVersion, description: 'updated' })),
    updated: (a) => a.description === 'updated' && a.botAliasStatus === 'Available',
    arn: (r) => `arn:aws:lex:${REGION}:${ACCOUNT}:bot-alias/${r.botId}/${r.botAliasId}`,
    remove: (c, r) => c.models.send(new DeleteBotAliasCommand({ botId: r.botId, botAliasId: r.botAliasId })),
    gone: 'ResourceNotFoundException',
  },
  {
    name: 'bot resource policy',
    parent: async (c) => ({ botId: (await createBot(c.models, unique('tf-policy-'))).botId! }),
    create: async (c, p) => ({ ...p, revisionId: (await c.models.send(new CreateResourcePolicyCommand({ resourceArn: botArn(p.botId), policy: policy('lex:DescribeBot') }))).revisionId! }),
    read: (c, r) => c.models.send(new DescribeResourcePolicyCommand({ resourceArn: botArn(r.botId) })),
    ready: (p) => typeof p.revisionId === 'string',
    update: (c, r, p) => c.models.send(new UpdateResourcePolicyCommand({ resourceArn: botArn(r.botId), policy: policy('lex:ListIntents'), expectedRevisionId: p.revisionId as string })),
    updated: (p) => (JSON.parse(p.policy as string) as { Statement: { Action: string }[] }).Statement[0].Action === 'lex:ListIntents',
    remove: (c, r) => c.models.send(new DeleteResourcePolicyCommand({ resourceArn: botArn(r.botId) })),
    gone: 'ResourceNotFoundException',
  },
  {
    name: 'aws_appintegrations_data_integration',
    create: async (c) => ({
      arn: (await c.ai.send(new CreateDataIntegrationCommand({ Name: unique('tf-data-'), KmsKey: KMS, SourceURI: 'Salesforce://AppFlow/tf-prod', ScheduleConfig: { ScheduleExpression: 'rate(1 hour)', Object: 'Account', FirstExecutionFrom: '1700000000' } }))).Arn!,
    }),
    read: (c, r) => c.ai.send(new GetDataIntegrationCommand({ Identifier: r.arn })),
    ready: (d) => typeof d.Id === 'string',
    update: (c, r, d) => c.ai.send(new UpdateDataIntegrationCommand({ Identifier: r.arn, Name: d.Name as string, Description: 'updated' })),
    updated: (d) => d.Description === 'updated',
    arn: (r) => r.arn,
    remove: (c, r) => c.ai.send(new DeleteDataIntegrationCommand({ DataIntegrationIdentifier: r.arn })),
    gone: 'ResourceNotFoundException',
  },
  {
    name: 'aws_appintegrations_event_integration',
    create: async (c) => {
      const Name = unique('tf-events-');
      return { name: Name, arn: (await c.ai.send(new CreateEventIntegrationCommand({ Name, EventFilter: { Source: 'aws.partner/example.com/tf' }, EventBridgeBus: 'default' }))).EventIntegrationArn! };
    },
    read: (c, r) => c.ai.send(new GetEventIntegrationCommand({ Name: r.name })),
    ready: (e) => e.EventIntegrationArn !== undefined,
    update: (c, r) => c.ai.send(new UpdateEventIntegrationCommand({ Name: r.name, Description: 'updated' })),
    updated: (e) => e.Description === 'updated',
    arn: (r) => r.arn,
    remove: (c, r) => c.ai.send(new DeleteEventIntegrationCommand({ Name: r.name })),
    gone: 'ResourceNotFoundException',
  },
  {
    name: 'AppIntegrations application',
    create: async (c) => {
      const name = unique('tf-app-');
      const made = await c.ai.send(new CreateApplicationCommand({ Name: name, Namespace: name, ApplicationSourceConfig: { ExternalUrlConfig: { AccessUrl: 'https://tf.example.com/app' } } }));
      return { arn: made.Arn! };
    },
    read: (c, r) => c.ai.send(new GetApplicationCommand({ Arn: r.arn })),
    ready: (a) => typeof a.Id === 'string',
    update: (c, r) => c.ai.send(new UpdateApplicationCommand({ Arn: r.arn, Description: 'updated' })),
    updated: (a) => a.Description === 'updated',
    arn: (r) => r.arn,
    remove: (c, r) => c.ai.send(new DeleteApplicationCommand({ Arn: r.arn })),
    gone: 'ResourceNotFoundException',
  },
];

/** Tags on a Lex or AppIntegrations ARN: tag, list, untag, list, through the service's own operations. */
async function tagRoundTrip(c: Clients, arn: string): Promise<void> {
  if (arn.startsWith('arn:aws:lex:')) {
    await c.models.send(new TagResourceCommand({ resourceARN: arn, tags: { stage: 'tf' } }));
    assert.equal((await c.models.send(new ListTagsForResourceCommand({ resourceARN: arn }))).tags?.stage, 'tf');
    await c.models.send(new UntagResourceCommand({ resourceARN: arn, tagKeys: ['stage'] }));
    assert.equal((await c.models.send(new ListTagsForResourceCommand({ resourceARN: arn }))).tags?.stage, undefined);
  } else {
    await c.ai.send(new AiTag({ resourceArn: arn, tags: { stage: 'tf' } }));
    assert.equal((await c.ai.send(new AiListTags({ resourceArn: arn }))).tags?.stage, 'tf');
    await c.ai.send(new AiUntag({ resourceArn: arn, tagKeys: ['stage'] }));
    assert.equal((await c.ai.send(new AiListTags({ resourceArn: arn }))).tags?.stage, undefined);
  }
}

/** Reads until the read fails, as the provider does after a delete; that failure must be `name`. */
async function readUntilGone(read: () => Promise<unknown>, name: string): Promise<void> {
  const failure = await waitFor(
    () => read().then(() => undefined, (error: Error) => error),
    (error) => error !== undefined,
  );
  assert.equal(failure?.name, name, `the read after delete: ${failure?.message}`);
  assert.equal((failure as Error & { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 404);
}

describe('Terraform-shaped lifecycles: create, read until ready, update, tag, delete, read gives not found', () => {
  const env = useLexEnv();
  const clients = (): Clients => ({ models: env.models, ai: env.client(AppIntegrationsClient) });

  for (const resource of RESOURCES) {
    it(resource.name, async () => {
      const c = clients();
      const parent = resource.parent ? await resource.parent(c) : {};
      const ref = await resource.create(c, parent);
      const ready = await waitFor(() => resource.read(c, ref), resource.ready);
      if (resource.update && resource.updated) {
        assert.equal(resource.updated(ready), false, 'the update is not there before it is made');
        await resource.update(c, ref, ready);
        await waitFor(() => resource.read(c, ref), resource.updated);
      }
      if (resource.arn) await tagRoundTrip(c, resource.arn(ref));
      await resource.remove(c, ref);
      await readUntilGone(() => resource.read(c, ref), resource.gone);
    });
  }

  it('covers every resource the issue names', () => {
    assert.deepEqual(
      RESOURCES.map((r) => r.name),
      ['aws_lexv2models_bot', 'aws_lexv2models_bot_locale', 'aws_lexv2models_intent', 'aws_lexv2models_slot_type', 'aws_lexv2models_slot', 'aws_lexv2models_bot_version', 'bot alias', 'bot resource policy', 'aws_appintegrations_data_integration', 'aws_appintegrations_event_integration', 'AppIntegrations application'],
    );
  });
});

