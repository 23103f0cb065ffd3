// The Lex V2 model-building API through @aws-sdk/client-lex-models-v2: every operation, its statuses,
// paging, validation and errors.
import {
  BuildBotLocaleCommand,
  CreateBotAliasCommand,
  CreateBotCommand,
  CreateBotLocaleCommand,
  CreateBotVersionCommand,
  CreateIntentCommand,
  DeleteBotAliasCommand,
  DeleteBotCommand,
  DeleteBotLocaleCommand,
  DeleteIntentCommand,
  DescribeBotAliasCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  DescribeIntentCommand,
  ListBotAliasesCommand,
  ListBotLocalesCommand,
  ListBotsCommand,
  ListBotVersionsCommand,
  ListIntentsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateBotAliasCommand,
  UpdateBotCommand,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCOUNT, botInput, buildLocale, createBot, createReadyBot, REGION, rejectsWith, useLexEnv } from './support.js';
import { waitFor } from '../support/wait.js';

describe('Lex V2 models API', () => {
  const env = useLexEnv();

  describe('on a server whose transitions last a minute, and whose clock the test moves', () => {
    const slow = useLexEnv({ lex: { transitionMs: 60_000 } });

    it('creates a bot that is Creating, then Available, with a 10-character id, its own role, the DRAFT version and the test alias', async () => {
      const created = await slow.models.send(new CreateBotCommand(botInput('StatusBot', { description: 'd', botTags: { team: 'a' } })));
      assert.match(created.botId!, /^[0-9A-Z]{10}$/);
      assert.equal(created.botStatus, 'Creating');
      assert.equal(created.$metadata.httpStatusCode, 202);
      assert.deepEqual(created.botTags, { team: 'a' });
      assert.match(created.roleArn!, /^arn:aws:iam::123456789012:role\/aws-service-role\/lexv2\.amazonaws\.com\/AWSServiceRoleForLexV2Bots_[0-9A-Z]{10}$/);
      const first = await slow.models.send(new DescribeBotCommand({ botId: created.botId }));
      assert.equal(first.botStatus, 'Creating');
      slow.advance(59_000);
      assert.equal((await slow.models.send(new DescribeBotCommand({ botId: created.botId }))).botStatus, 'Creating');
      slow.advance(2_000);
      const later = await slow.models.send(new DescribeBotCommand({ botId: created.botId }));
      assert.equal(later.botStatus, 'Available');
      assert.equal(later.botName, 'StatusBot');
      assert.equal(later.description, 'd');
      assert.equal(later.roleArn, created.roleArn);
      assert.deepEqual(later.dataPrivacy, { childDirected: false });
      assert.equal(later.idleSessionTTLInSeconds, 300);
      const versions = await slow.models.send(new ListBotVersionsCommand({ botId: created.botId }));
      assert.deepEqual(versions.botVersionSummaries?.map((v) => [v.botVersion, v.botStatus, v.botName]), [['DRAFT', 'Available', 'StatusBot']]);
      const aliases = await slow.models.send(new ListBotAliasesCommand({ botId: created.botId }));
      assert.deepEqual(aliases.botAliasSummaries?.map((a) => [a.botAliasId, a.botAliasName, a.botVersion]), [['TSTALIASID', 'TestBotAlias', 'DRAFT']]);
    });
  });

  it('refuses a duplicate bot name, a missing bot and invalid input with AWS errors', async () => {
    await createBot(env.models, 'Twice');
    await rejectsWith(env.models.send(new CreateBotCommand(botInput('Twice'))), 'ConflictException', 409, /Twice/);
    await rejectsWith(env.models.send(new DescribeBotCommand({ botId: 'NOSUCHBOT0' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new DeleteBotCommand({ botId: 'NOSUCHBOT0' })), 'PreconditionFailedException', 412, 'Failed to retrieve resource since it does not exist');
    await rejectsWith(
      env.models.send(new CreateBotCommand(botInput('bad name!'))),
      'ValidationException',
      400,
      "1 validation error detected: Value 'bad name!' at 'botName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([0-9a-zA-Z][_-]?){1,100}$",
    );
    await rejectsWith(env.models.send(new CreateBotCommand(botInput('ShortTtl', { idleSessionTTLInSeconds: 5 }))), 'ValidationException', 400, /idleSessionTTLInSeconds.*greater than or equal to 60/);
    await rejectsWith(env.models.send(new DescribeBotCommand({ botId: 'short' })), 'ValidationException', 400, /botId/);
    await rejectsWith(
      env.models.send(new CreateBotCommand(botInput('OtherAccountRole', { roleArn: 'arn:aws:iam::999999999999:role/someone-elses-role' }))),
      'ValidationException',
      400,
      /999999999999/,
    );
    await rejectsWith(
      env.models.send(new CreateBotCommand(botInput('MissingRole', { roleArn: `arn:aws:iam::${ACCOUNT}:role/no-such-role-here` }))),
      'ValidationException',
      400,
      /does not exist/,
    );
  });

  it('updates a bot (Updating, then Available) keeping its role', async () => {
    const bot = await createBot(env.models, 'Updatable');
    const updated = await env.models.send(
      new UpdateBotCommand({ botId: bot.botId, botName: 'Updated', dataPrivacy: { childDirected: true }, idleSessionTTLInSeconds: 600, description: 'new' } as never),
    );
    assert.equal(updated.botStatus, 'Updating');
    assert.equal(updated.roleArn, bot.roleArn);
    const described = await waitFor(() => env.models.send(new DescribeBotCommand({ botId: bot.botId })), (b) => b.botStatus === 'Available');
    assert.equal(described.botName, 'Updated');
    assert.equal(described.idleSessionTTLInSeconds, 600);
    assert.deepEqual(described.dataPrivacy, { childDirected: true });
    await rejectsWith(
      env.models.send(new UpdateBotCommand({ botId: 'NOSUCHBOT0', botName: 'x', dataPrivacy: { childDirected: true }, idleSessionTTLInSeconds: 600 } as never)),
      'PreconditionFailedException',
      412,
    );
  });

  it('lists bots with filters, sorting and paging', async () => {
    for (const name of ['PageA', 'PageB', 'PageC']) await createBot(env.models, name);
    const filter = [{ name: 'BotName' as const, values: ['Page'], operator: 'CO' as const }];
    const first = await env.models.send(new ListBotsCommand({ filters: filter, maxResults: 2, sortBy: { attribute: 'BotName', order: 'Descending' } }));
    assert.deepEqual(first.botSummaries?.map((b) => b.botName), ['PageC', 'PageB']);
    assert.ok(first.nextToken);
    const second = await env.models.send(new ListBotsCommand({ filters: filter, maxResults: 2, sortBy: { attribute: 'BotName', order: 'Descending' }, nextToken: first.nextToken }));
    assert.deepEqual(second.botSummaries?.map((b) => b.botName), ['PageA']);
    assert.equal(second.nextToken, undefined);
    const exact = await env.models.send(new ListBotsCommand({ filters: [{ name: 'BotName', values: ['PageB'], operator: 'EQ' }] }));
    assert.deepEqual(exact.botSummaries?.map((b) => [b.botName, b.botStatus, b.botType]), [['PageB', 'Available', 'Bot']]);
    await rejectsWith(env.models.send(new ListBotsCommand({ nextToken: 'not-a-token' })), 'ValidationException', 400);
    // Bots are regional.
    const { LexModelsV2Client } = await import('@aws-sdk/client-lex-models-v2');
    const west = new LexModelsV2Client(env.server.clientConfig({ region: 'us-west-2' }));
    const none = await west.send(new ListBotsCommand({ filters: filter }));
    assert.deepEqual(none.botSummaries, []);
    west.destroy();
  });

  it('manages locales: create (Creating, then NotBuilt, with the FallbackIntent), build (Building, then Built), list, delete', async () => {
    const bot = await createBot(env.models, 'Locales');
    const botId = bot.botId!;
    const created = await env.models.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.5, description: 'us' }));
    assert.equal(created.botLocaleStatus, 'Creating');
    assert.equal(created.localeName, 'English (US)');
    const notBuilt = await waitFor(() => env.models.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' })), (l) => l.botLocaleStatus === 'NotBuilt');
    assert.equal(notBuilt.intentsCount, 1);
    assert.equal(notBuilt.nluIntentConfidenceThreshold, 0.5);
    await rejectsWith(env.models.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.5 })), 'ConflictException', 409);
    await rejectsWith(env.models.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'xx_XX', nluIntentConfidenceThreshold: 0.5 })), 'ValidationException', 400, /xx_XX/);
    await rejectsWith(env.models.send(new CreateBotLocaleCommand({ botId: 'NOSUCHBOT0', botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.5 })), 'PreconditionFailedException', 412);
    await env.models.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'fr_FR', nluIntentConfidenceThreshold: 0.4 }));
    const building = await env.models.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    assert.equal(building.botLocaleStatus, 'Building');
    await waitFor(() => env.models.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' })), (l) => l.botLocaleStatus === 'Built');
    const listed = await env.models.send(new ListBotLocalesCommand({ botId, botVersion: 'DRAFT' }));
    assert.deepEqual(listed.botLocaleSummaries?.map((l) => l.localeId), ['en_US', 'fr_FR']);
    const filtered = await env.models.send(new ListBotLocalesCommand({ botId, botVersion: 'DRAFT', filters: [{ name: 'BotLocaleName', values: ['French'], operator: 'CO' }] }));
    assert.deepEqual(filtered.botLocaleSummaries?.map((l) => l.localeId), ['fr_FR']);
    const deleted = await env.models.send(new DeleteBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'fr_FR' }));
    assert.equal(deleted.botLocaleStatus, 'Deleting');
    await rejectsWith(env.models.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'fr_FR' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new DeleteBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'fr_FR' })), 'PreconditionFailedException', 412);
  });

  it('manages intents, including AMAZON.KendraSearchIntent with its kendraConfiguration', async () => {
    const bot = await createBot(env.models, 'Intents');
    const botId = bot.botId!;
    await env.models.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.4 }));
    await buildLocale(env.models, botId);
    const intent = await env.models.send(
      new CreateIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentName: 'BookHotel', description: 'books', sampleUtterances: [{ utterance: 'book a hotel' }] }),
    );
    assert.match(intent.intentId!, /^[0-9A-Z]{10}$/);
    // Changing the DRAFT locale leaves it to be built again.
    assert.equal((await env.models.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }))).botLocaleStatus, 'NotBuilt');
    const kendraIndex = `arn:aws:kendra:us-east-1:${ACCOUNT}:index/my-index-1`;
    const kendra = await env.models.send(
      new CreateIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentName: 'Search', parentIntentSignature: 'AMAZON.KendraSearchIntent', kendraConfiguration: { kendraIndex } }),
    );
    const described = await env.models.send(new DescribeIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: kendra.intentId }));
    assert.equal(described.parentIntentSignature, 'AMAZON.KendraSearchIntent');
    assert.deepEqual(described.kendraConfiguration, { kendraIndex });
    await rejectsWith(
      env.models.send(new CreateIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentName: 'Search2', parentIntentSignature: 'AMAZON.KendraSearchIntent' })),
      'ValidationException',
      400,
      /kendraConfiguration is required/,
    );
    await rejectsWith(env.models.send(new CreateIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentName: 'BookHotel' })), 'ConflictException', 409);
    await rejectsWith(env.models.send(new CreateIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'de_DE', intentName: 'X' })), 'PreconditionFailedException', 412);
    const listed = await env.models.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', maxResults: 2 }));
    assert.deepEqual(listed.intentSummaries?.map((i) => i.intentName), ['BookHotel', 'FallbackIntent']);
    const rest = await env.models.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', nextToken: listed.nextToken }));
    assert.deepEqual(rest.intentSummaries?.map((i) => i.intentName), ['Search']);
    const fallback = await env.models.send(new DescribeIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: 'FALLBCKINT' }));
    assert.equal(fallback.parentIntentSignature, 'AMAZON.FallbackIntent');
    const deleted = await env.models.send(new DeleteIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: intent.intentId }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await rejectsWith(env.models.send(new DescribeIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: intent.intentId })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new DeleteIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: intent.intentId })), 'PreconditionFailedException', 412);
  });

  it('creates versions from built locales (Versioning, then Available) and aliases pointing at them', async () => {
    const bot = await createReadyBot(env.models, 'Versioned');
    const botId = bot.botId!;
    const version = await env.models.send(new CreateBotVersionCommand({ botId, description: 'v1', botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }));
    assert.equal(version.botVersion, '1');
    assert.equal(version.botStatus, 'Versioning');
    const versions = await waitFor(() => env.models.send(new ListBotVersionsCommand({ botId })), (v) => v.botVersionSummaries?.[1]?.botStatus === 'Available');
    assert.deepEqual(versions.botVersionSummaries?.map((v) => v.botVersion), ['DRAFT', '1']);
    const descending = await env.models.send(new ListBotVersionsCommand({ botId, sortBy: { attribute: 'BotVersion', order: 'Descending' } }));
    assert.deepEqual(descending.botVersionSummaries?.map((v) => v.botVersion), ['1', 'DRAFT']);
    const intentsV1 = await env.models.send(new ListIntentsCommand({ botId, botVersion: '1', localeId: 'en_US' }));
    assert.deepEqual(intentsV1.intentSummaries?.map((i) => i.intentName), ['FallbackIntent', 'Greeting', 'OrderPizza']);
    const bots = await env.models.send(new ListBotsCommand({ filters: [{ name: 'BotName', values: ['Versioned'], operator: 'EQ' }] }));
    assert.equal(bots.botSummaries?.[0].latestBotVersion, '1');
    // An unbuilt locale cannot be versioned.
    await env.models.send(new CreateIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentName: 'Unbuilt', sampleUtterances: [{ utterance: 'x' }] }));
    await rejectsWith(env.models.send(new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } })), 'PreconditionFailedException', 412, /NotBuilt/);

    const created = await env.models.send(
      new CreateBotAliasCommand({ botId, botAliasName: 'prod', botVersion: '1', description: 'production', botAliasLocaleSettings: { en_US: { enabled: true } }, tags: { stage: 'prod' } }),
    );
    assert.match(created.botAliasId!, /^[0-9A-Z]{10}$/);
    assert.equal(created.botAliasStatus, 'Creating');
    const alias = await waitFor(() => env.models.send(new DescribeBotAliasCommand({ botId, botAliasId: created.botAliasId })), (a) => a.botAliasStatus === 'Available');
    assert.equal(alias.botVersion, '1');
    assert.equal(alias.botAliasHistoryEvents?.[0].botVersion, '1');
    await rejectsWith(env.models.send(new CreateBotAliasCommand({ botId, botAliasName: 'prod', botVersion: '1' })), 'ConflictException', 409);
    await rejectsWith(env.models.send(new CreateBotAliasCommand({ botId, botAliasName: 'future', botVersion: '9' })), 'PreconditionFailedException', 412);
    await rejectsWith(
      env.models.send(new CreateBotAliasCommand({ botId, botAliasName: 'wronglocale', botVersion: '1', botAliasLocaleSettings: { de_DE: { enabled: true } } })),
      'ValidationException',
      400,
    );
    const updated = await env.models.send(new UpdateBotAliasCommand({ botId, botAliasId: created.botAliasId, botAliasName: 'production', botVersion: '1', description: 'renamed' }));
    assert.equal(updated.botAliasName, 'production');
    const listed = await env.models.send(new ListBotAliasesCommand({ botId, maxResults: 1 }));
    assert.equal(listed.botAliasSummaries?.length, 1);
    assert.ok(listed.nextToken);
    await rejectsWith(env.models.send(new DescribeBotAliasCommand({ botId, botAliasId: 'NOSUCHALIA' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new UpdateBotAliasCommand({ botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', botVersion: '1' })), 'ValidationException', 400);
    await rejectsWith(env.models.send(new DeleteBotAliasCommand({ botId, botAliasId: 'TSTALIASID' })), 'ValidationException', 400);
    // The bot is used by the alias: DeleteBot refuses unless the check is skipped.
    await rejectsWith(env.models.send(new DeleteBotCommand({ botId })), 'PreconditionFailedException', 412, /used by bot alias/);
    const deletedAlias = await env.models.send(new DeleteBotAliasCommand({ botId, botAliasId: created.botAliasId }));
    assert.equal(deletedAlias.botAliasStatus, 'Deleting');
    await rejectsWith(env.models.send(new DeleteBotAliasCommand({ botId, botAliasId: created.botAliasId })), 'PreconditionFailedException', 412);
  });

  it('deletes a bot with skipResourceInUseCheck even while aliases use it', async () => {
    const bot = await createReadyBot(env.models, 'Doomed');
    const botId = bot.botId!;
    await env.models.send(new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }));
    await env.models.send(new CreateBotAliasCommand({ botId, botAliasName: 'live', botVersion: '1' }));
    const deleted = await env.models.send(new DeleteBotCommand({ botId, skipResourceInUseCheck: true }));
    assert.equal(deleted.botStatus, 'Deleting');
    assert.equal(deleted.$metadata.httpStatusCode, 202);
    await rejectsWith(env.models.send(new DescribeBotCommand({ botId })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new ListBotAliasesCommand({ botId })), 'ResourceNotFoundException', 404);
  });

  it('tags bots and aliases (CreateBot tags, TagResource, UntagResource, ListTagsForResource)', async () => {
    const bot = await createBot(env.models, 'Tagged', { botTags: { a: '1' }, testBotAliasTags: { t: 'x' } });
    const botArn = `arn:aws:lex:${REGION}:${ACCOUNT}:bot/${bot.botId}`;
    const aliasArn = `arn:aws:lex:${REGION}:${ACCOUNT}:bot-alias/${bot.botId}/TSTALIASID`;
    assert.deepEqual((await env.models.send(new ListTagsForResourceCommand({ resourceARN: botArn }))).tags, { a: '1' });
    assert.deepEqual((await env.models.send(new ListTagsForResourceCommand({ resourceARN: aliasArn }))).tags, { t: 'x' });
    await env.models.send(new TagResourceCommand({ resourceARN: botArn, tags: { b: '2', a: 'changed' } }));
    assert.deepEqual((await env.models.send(new ListTagsForResourceCommand({ resourceARN: botArn }))).tags, { a: 'changed', b: '2' });
    await env.models.send(new UntagResourceCommand({ resourceARN: botArn, tagKeys: ['a'] }));
    assert.deepEqual((await env.models.send(new ListTagsForResourceCommand({ resourceARN: botArn }))).tags, { b: '2' });
    const missing = `arn:aws:lex:${REGION}:${ACCOUNT}:bot/NOSUCHBOT0`;
    await rejectsWith(env.models.send(new ListTagsForResourceCommand({ resourceARN: missing })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new TagResourceCommand({ resourceARN: missing, tags: { a: 'b' } })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new UntagResourceCommand({ resourceARN: missing, tagKeys: ['a'] })), 'ResourceNotFoundException', 404);
  });
});
