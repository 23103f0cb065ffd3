// Lex V2 updates and versions through @aws-sdk/client-lex-models-v2 and the AWS CLI: UpdateIntent (every
// setting, slotPriorities), UpdateBotLocale, the locale NotBuilt until rebuilt, versions that snapshot slots,
// slot types and the bot's settings, DescribeBotVersion, DeleteBotVersion refused while an alias uses it.
import {
  CreateBotAliasCommand,
  CreateBotVersionCommand,
  CreateSlotCommand,
  CreateSlotTypeCommand,
  DeleteBotAliasCommand,
  DeleteBotVersionCommand,
  DescribeBotLocaleCommand,
  DescribeBotVersionCommand,
  DescribeIntentCommand,
  DescribeSlotTypeCommand,
  ListIntentsCommand,
  ListSlotsCommand,
  UpdateBotCommand,
  UpdateBotLocaleCommand,
  UpdateIntentCommand,
  UpdateSlotTypeCommand,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCli, awsCliJson } from '../support/aws-cli.js';
import { waitFor } from '../support/wait.js';
import { buildLocale, closing, createReadyBot, rejectsWith, useLexEnv } from './support.js';

const prompt = (text: string) => ({ maxRetries: 1, messageGroups: [{ message: { plainTextMessage: { value: text } } }] });

describe('Lex V2 updates and versions', () => {
  const env = useLexEnv();

  async function botWithSlots(name: string) {
    const { botId } = await createReadyBot(env.models, name);
    const at = { botId: botId!, botVersion: 'DRAFT', localeId: 'en_US' };
    const intentId = (await env.models.send(new ListIntentsCommand(at))).intentSummaries!.find((i) => i.intentName === 'OrderPizza')!.intentId!;
    const size = await env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Size', slotTypeValues: [{ sampleValue: { value: 'small' } }, { sampleValue: { value: 'large' } }], valueSelectionSetting: { resolutionStrategy: 'OriginalValue' } }));
    const a = await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Size', slotTypeId: size.slotTypeId, valueElicitationSetting: { slotConstraint: 'Required', promptSpecification: prompt('What size?') } }));
    const b = await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Count', slotTypeId: 'AMAZON.Number', valueElicitationSetting: { slotConstraint: 'Required', promptSpecification: prompt('How many?') } }));
    return { at, intentId, sizeTypeId: size.slotTypeId!, slotA: a.slotId!, slotB: b.slotId! };
  }

  it('updates every setting of an intent and its slot priorities, refusing slots not its own', async () => {
    const { at, intentId, slotA, slotB } = await botWithSlots('UpdateIntentBot');
    await buildLocale(env.models, at.botId);
    const updated = await env.models.send(
      new UpdateIntentCommand({
        ...at,
        intentId,
        intentName: 'OrderPie',
        description: 'pies now',
        sampleUtterances: [{ utterance: 'I want a pie' }],
        intentClosingSetting: closing('Your pie is coming.'),
        slotPriorities: [
          { priority: 1, slotId: slotB },
          { priority: 2, slotId: slotA },
        ],
      }),
    );
    assert.equal(updated.intentName, 'OrderPie');
    const described = await env.models.send(new DescribeIntentCommand({ ...at, intentId }));
    assert.deepEqual(
      [described.intentName, described.description, described.sampleUtterances, described.slotPriorities],
      ['OrderPie', 'pies now', [{ utterance: 'I want a pie' }], [{ priority: 1, slotId: slotB }, { priority: 2, slotId: slotA }]],
    );
    assert.equal((await env.models.send(new DescribeBotLocaleCommand(at))).botLocaleStatus, 'NotBuilt');
    // Left out of slotPriorities: kept after the given ones.
    await env.models.send(new UpdateIntentCommand({ ...at, intentId, intentName: 'OrderPie', slotPriorities: [{ priority: 5, slotId: slotA }] }));
    assert.deepEqual((await env.models.send(new DescribeIntentCommand({ ...at, intentId }))).slotPriorities, [{ priority: 5, slotId: slotA }, { priority: 6, slotId: slotB }]);
    const bad: [object, string, number, RegExp][] = [
      [{ slotPriorities: [{ priority: 1, slotId: 'NOTASLOTID' }] }, 'ValidationException', 400, /NOTASLOTID/],
      [{ slotPriorities: [{ priority: 1, slotId: slotA }, { priority: 2, slotId: slotA }] }, 'ValidationException', 400, /more than once/],
      [{ intentName: 'Greeting' }, 'ConflictException', 409, /Greeting/],
      [{ parentIntentSignature: 'AMAZON.NoSuchIntent' }, 'ValidationException', 400, /not a built-in intent/],
      [{ intentId: 'NOSUCHINTE' }, 'PreconditionFailedException', 412, /does not exist/],
    ];
    for (const [extra, name, status, message] of bad) {
      await rejectsWith(env.models.send(new UpdateIntentCommand({ ...at, intentId, intentName: 'OrderPie', ...extra })), name, status, message);
    }
    await rejectsWith(env.models.send(new UpdateIntentCommand({ ...at, intentId: 'FALLBCKINT', intentName: 'Other', parentIntentSignature: 'AMAZON.FallbackIntent' })), 'ValidationException', 400, /renamed/);
    await env.models.send(new UpdateIntentCommand({ ...at, intentId: 'FALLBCKINT', intentName: 'FallbackIntent', parentIntentSignature: 'AMAZON.FallbackIntent', intentClosingSetting: closing('Sorry?') }));
    assert.deepEqual((await env.models.send(new DescribeIntentCommand({ ...at, intentId: 'FALLBCKINT' }))).intentClosingSetting, closing('Sorry?'));
  });

  it('updates a locale (202, NotBuilt until built again)', async () => {
    const { botId } = await createReadyBot(env.models, 'UpdateLocaleBot');
    const at = { botId: botId!, botVersion: 'DRAFT', localeId: 'en_US' };
    const updated = await env.models.send(new UpdateBotLocaleCommand({ ...at, nluIntentConfidenceThreshold: 0.7, description: 'stricter', voiceSettings: { voiceId: 'Joanna' } }));
    assert.equal(updated.$metadata.httpStatusCode, 202);
    assert.equal(updated.botLocaleStatus, 'NotBuilt');
    const described = await env.models.send(new DescribeBotLocaleCommand(at));
    assert.deepEqual([described.nluIntentConfidenceThreshold, described.description, described.voiceSettings?.voiceId, described.botLocaleStatus], [0.7, 'stricter', 'Joanna', 'NotBuilt']);
    await buildLocale(env.models, botId!);
    await rejectsWith(env.models.send(new UpdateBotLocaleCommand({ ...at, localeId: 'de_DE', nluIntentConfidenceThreshold: 0.5 })), 'PreconditionFailedException', 412);
    await rejectsWith(env.models.send(new UpdateBotLocaleCommand({ ...at, nluIntentConfidenceThreshold: 2 })), 'ValidationException', 400, /nluIntentConfidenceThreshold/);
  });

  it('snapshots slots, slot types and the bot in a version; deletes a version only when no alias uses it', async () => {
    const { at, intentId, sizeTypeId } = await botWithSlots('VersionedBot');
    await buildLocale(env.models, at.botId);
    const version = await env.models.send(new CreateBotVersionCommand({ botId: at.botId, description: 'first', botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }));
    assert.equal(version.botVersion, '1');
    const v1 = { ...at, botVersion: '1' };
    await env.models.send(new UpdateSlotTypeCommand({ ...at, slotTypeId: sizeTypeId, slotTypeName: 'Sizes', slotTypeValues: [{ sampleValue: { value: 'huge' } }], valueSelectionSetting: { resolutionStrategy: 'OriginalValue' } }));
    await env.models.send(new UpdateBotCommand({ botId: at.botId, botName: 'VersionedBotRenamed', dataPrivacy: { childDirected: true }, idleSessionTTLInSeconds: 600 } as never));
    assert.equal((await env.models.send(new DescribeSlotTypeCommand({ ...v1, slotTypeId: sizeTypeId }))).slotTypeName, 'Size');
    assert.deepEqual((await env.models.send(new ListSlotsCommand({ ...v1, intentId }))).slotSummaries?.map((s) => s.slotName), ['Count', 'Size']);
    const described = await waitFor(() => env.models.send(new DescribeBotVersionCommand({ botId: at.botId, botVersion: '1' })), (v) => v.botStatus === 'Available');
    assert.deepEqual(
      [described.botName, described.description, described.dataPrivacy, described.idleSessionTTLInSeconds],
      ['VersionedBot', 'first', { childDirected: false }, 300],
    );
    assert.match(described.roleArn!, /AWSServiceRoleForLexV2Bots_/);
    await rejectsWith(env.models.send(new DescribeBotVersionCommand({ botId: at.botId, botVersion: '9' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new DeleteBotVersionCommand({ botId: at.botId, botVersion: 'DRAFT' })), 'ValidationException', 400, /botVersion/);
    const alias = await env.models.send(new CreateBotAliasCommand({ botId: at.botId, botAliasName: 'live', botVersion: '1' }));
    await rejectsWith(env.models.send(new DeleteBotVersionCommand({ botId: at.botId, botVersion: '1' })), 'PreconditionFailedException', 412, new RegExp(`used by bot alias\\(es\\) ${alias.botAliasId}`));
    await env.models.send(new DeleteBotAliasCommand({ botId: at.botId, botAliasId: alias.botAliasId }));
    const deleted = await env.models.send(new DeleteBotVersionCommand({ botId: at.botId, botVersion: '1' }));
    assert.deepEqual([deleted.botStatus, deleted.$metadata.httpStatusCode], ['Deleting', 202]);
    await rejectsWith(env.models.send(new DescribeBotVersionCommand({ botId: at.botId, botVersion: '1' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new ListSlotsCommand({ ...v1, intentId })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new DeleteBotVersionCommand({ botId: at.botId, botVersion: '1' })), 'PreconditionFailedException', 412);
  });

  it('serves slot types, slots, built-ins, vocabularies and resource policies to the AWS CLI', async () => {
    const { at, intentId } = await botWithSlots('CliSlotsBot');
    const url = env.server.url;
    const base = ['--bot-id', at.botId, '--bot-version', 'DRAFT', '--locale-id', 'en_US'];
    const type = await awsCliJson(url, ['lexv2-models', 'create-slot-type', ...base, '--slot-type-name', 'Crust', '--slot-type-values', 'sampleValue={value=thin}', 'sampleValue={value=thick}', '--value-selection-setting', 'resolutionStrategy=TopResolution']);
    assert.match(type.slotTypeId, /^[0-9A-Z]{10}$/);
    const slot = await awsCliJson(url, [
      'lexv2-models', 'create-slot', ...base, '--intent-id', intentId, '--slot-name', 'Crust', '--slot-type-id', type.slotTypeId,
      '--value-elicitation-setting', JSON.stringify({ slotConstraint: 'Required', promptSpecification: prompt('Which crust?') }),
    ]);
    const slots = await awsCliJson(url, ['lexv2-models', 'list-slots', ...base, '--intent-id', intentId]);
    assert.deepEqual(slots.slotSummaries.map((s: { slotName: string }) => s.slotName), ['Count', 'Crust', 'Size']);
    const types = await awsCliJson(url, ['lexv2-models', 'list-slot-types', ...base]);
    assert.deepEqual(types.slotTypeSummaries.map((s: { slotTypeName: string; slotTypeCategory: string }) => [s.slotTypeName, s.slotTypeCategory]), [['Crust', 'Custom'], ['Size', 'Custom']]);
    const builtIns = await awsCliJson(url, ['lexv2-models', 'list-built-in-slot-types', '--locale-id', 'en_US']);
    assert.ok(builtIns.builtInSlotTypeSummaries.some((s: { slotTypeSignature: string }) => s.slotTypeSignature === 'AMAZON.Number'));
    const vocabulary = await awsCliJson(url, ['lexv2-models', 'batch-create-custom-vocabulary-item', ...base, '--custom-vocabulary-item-list', 'phrase=focaccia,weight=2']);
    assert.equal(vocabulary.resources[0].phrase, 'focaccia');
    const arn = `arn:aws:lex:us-east-1:123456789012:bot/${at.botId}`;
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'lex:DescribeBot', Resource: arn }] });
    assert.equal((await awsCliJson(url, ['lexv2-models', 'create-resource-policy', '--resource-arn', arn, '--policy', policy])).revisionId, '1');
    assert.equal((await awsCliJson(url, ['lexv2-models', 'describe-resource-policy', '--resource-arn', arn])).policy, policy);
    const deleteInUse = await awsCli(url, ['lexv2-models', 'delete-slot-type', ...base, '--slot-type-id', type.slotTypeId]);
    assert.notEqual(deleteInUse.code, 0);
    assert.match(deleteInUse.stderr, /An error occurred \(PreconditionFailedException\) when calling the DeleteSlotType operation: Slot type .* is in use by slot Crust/);
    await awsCli(url, ['lexv2-models', 'delete-slot', ...base, '--intent-id', intentId, '--slot-id', slot.slotId]);
    const deleted = await awsCli(url, ['lexv2-models', 'delete-slot-type', ...base, '--slot-type-id', type.slotTypeId]);
    assert.equal(deleted.code, 0, deleted.stderr);
  });
});
