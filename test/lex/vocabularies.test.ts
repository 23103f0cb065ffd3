// Lex V2 custom vocabularies through @aws-sdk/client-lex-models-v2: batches that apply what they can and
// answer the rest in `errors`, the vocabulary's status (Creating, then Ready; Deleting), paging, versions
// keeping their copy, and the locale NotBuilt after a change.
import {
  BatchCreateCustomVocabularyItemCommand,
  BatchDeleteCustomVocabularyItemCommand,
  BatchUpdateCustomVocabularyItemCommand,
  CreateBotCommand,
  CreateBotLocaleCommand,
  CreateBotVersionCommand,
  DeleteCustomVocabularyCommand,
  DescribeBotLocaleCommand,
  DescribeCustomVocabularyMetadataCommand,
  ListCustomVocabularyItemsCommand,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '../support/wait.js';
import { botInput, buildLocale, createReadyBot, rejectsWith, useLexEnv } from './support.js';

describe('Lex V2 custom vocabularies', () => {
  const env = useLexEnv();

  describe('on a server whose transitions last a minute, and whose clock the test moves', () => {
    const slow = useLexEnv({ lex: { transitionMs: 60_000 } });
    it('comes into being with its first items as Creating, then Ready', async () => {
      const { botId } = await slow.models.send(new CreateBotCommand(botInput('SlowVocabBot')));
      slow.advance(61_000);
      await slow.models.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.4 }));
      slow.advance(61_000);
      const at = { botId: botId!, botVersion: 'DRAFT', localeId: 'en_US' };
      await slow.models.send(new BatchCreateCustomVocabularyItemCommand({ ...at, customVocabularyItemList: [{ phrase: 'funghi' }] }));
      assert.equal((await slow.models.send(new DescribeCustomVocabularyMetadataCommand(at))).customVocabularyStatus, 'Creating');
      slow.advance(59_000);
      assert.equal((await slow.models.send(new DescribeCustomVocabularyMetadataCommand(at))).customVocabularyStatus, 'Creating');
      slow.advance(2_000);
      assert.equal((await slow.models.send(new DescribeCustomVocabularyMetadataCommand(at))).customVocabularyStatus, 'Ready');
    });
  });

  it('adds, changes and removes items in batches, each refused item answered in errors', async () => {
    const { botId } = await createReadyBot(env.models, 'VocabBot');
    const at = { botId: botId!, botVersion: 'DRAFT', localeId: 'en_US' };
    await rejectsWith(env.models.send(new DescribeCustomVocabularyMetadataCommand(at)), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new ListCustomVocabularyItemsCommand(at)), 'ResourceNotFoundException', 404);
    const created = await env.models.send(
      new BatchCreateCustomVocabularyItemCommand({
        ...at,
        customVocabularyItemList: [{ phrase: 'pepperoni', weight: 3 }, { phrase: 'margherita', displayAs: 'Margherita' }, { phrase: 'Pepperoni' }],
      }),
    );
    assert.deepEqual(created.resources?.map((r) => [r.phrase, r.weight, r.displayAs]), [
      ['pepperoni', 3, undefined],
      ['margherita', undefined, 'Margherita'],
    ]);
    assert.deepEqual(created.errors?.map((e) => e.errorCode), ['DUPLICATE_INPUT']);
    const again = await env.models.send(new BatchCreateCustomVocabularyItemCommand({ ...at, customVocabularyItemList: [{ phrase: 'MARGHERITA' }, { phrase: 'calzone' }] }));
    assert.deepEqual(again.errors?.map((e) => e.errorCode), ['RESOURCE_ALREADY_EXISTS']);
    assert.deepEqual(again.resources?.map((r) => r.phrase), ['calzone']);
    assert.equal((await env.models.send(new DescribeBotLocaleCommand(at))).botLocaleStatus, 'NotBuilt');
    const ready = await waitFor(() => env.models.send(new DescribeCustomVocabularyMetadataCommand(at)), (m) => m.customVocabularyStatus === 'Ready');
    assert.ok(ready.creationDateTime instanceof Date && ready.lastUpdatedDateTime instanceof Date);

    const [pepperoni, margherita, calzone] = [...created.resources!, ...again.resources!];
    const updated = await env.models.send(
      new BatchUpdateCustomVocabularyItemCommand({
        ...at,
        customVocabularyItemList: [
          { itemId: pepperoni.itemId, phrase: 'pepperoni', weight: 1 },
          { itemId: 'NOSUCHITEM', phrase: 'ghost' },
          { itemId: calzone.itemId, phrase: 'margherita' },
        ],
      }),
    );
    assert.deepEqual(updated.resources?.map((r) => [r.itemId, r.weight]), [[pepperoni.itemId, 1]]);
    assert.deepEqual(updated.errors?.map((e) => [e.itemId, e.errorCode]), [
      ['NOSUCHITEM', 'RESOURCE_DOES_NOT_EXIST'],
      [calzone.itemId, 'RESOURCE_ALREADY_EXISTS'],
    ]);
    const deleted = await env.models.send(new BatchDeleteCustomVocabularyItemCommand({ ...at, customVocabularyItemList: [{ itemId: margherita.itemId }, { itemId: 'NOSUCHITEM' }] }));
    assert.deepEqual(deleted.resources?.map((r) => r.phrase), ['margherita']);
    assert.deepEqual(deleted.errors?.map((e) => e.errorCode), ['RESOURCE_DOES_NOT_EXIST']);

    const page1 = await env.models.send(new ListCustomVocabularyItemsCommand({ ...at, maxResults: 1 }));
    assert.equal(page1.customVocabularyItems?.length, 1);
    const page2 = await env.models.send(new ListCustomVocabularyItemsCommand({ ...at, maxResults: 1, nextToken: page1.nextToken }));
    assert.equal(page2.nextToken, undefined);
    assert.deepEqual([...page1.customVocabularyItems!, ...page2.customVocabularyItems!].map((i) => [i.phrase, i.weight]).sort(), [
      ['calzone', undefined],
      ['pepperoni', 1],
    ]);
    await rejectsWith(env.models.send(new BatchCreateCustomVocabularyItemCommand({ ...at, customVocabularyItemList: [{ phrase: 'x', weight: 4 }] })), 'ValidationException', 400, /weight/);
    await rejectsWith(env.models.send(new BatchCreateCustomVocabularyItemCommand({ ...at, customVocabularyItemList: [] })), 'ValidationException', 400, /customVocabularyItemList/);
    await rejectsWith(env.models.send(new BatchCreateCustomVocabularyItemCommand({ ...at, localeId: 'fr_FR', customVocabularyItemList: [{ phrase: 'x' }] })), 'ResourceNotFoundException', 404);
  });

  it('is copied into a version, read-only there, and deleted (Deleting) from DRAFT only', async () => {
    const { botId } = await createReadyBot(env.models, 'VersionVocabBot');
    const at = { botId: botId!, botVersion: 'DRAFT', localeId: 'en_US' };
    await env.models.send(new BatchCreateCustomVocabularyItemCommand({ ...at, customVocabularyItemList: [{ phrase: 'quattro formaggi' }] }));
    await buildLocale(env.models, botId!);
    await env.models.send(new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }));
    const v1 = { ...at, botVersion: '1' };
    await waitFor(() => env.models.send(new ListCustomVocabularyItemsCommand(v1)), (l) => (l.customVocabularyItems?.length ?? 0) === 1);
    await rejectsWith(env.models.send(new BatchCreateCustomVocabularyItemCommand({ ...v1, customVocabularyItemList: [{ phrase: 'x' }] })), 'ValidationException', 400, /DRAFT/);
    const gone = await env.models.send(new DeleteCustomVocabularyCommand(at));
    assert.equal(gone.customVocabularyStatus, 'Deleting');
    assert.equal(gone.$metadata.httpStatusCode, 202);
    await rejectsWith(env.models.send(new DescribeCustomVocabularyMetadataCommand(at)), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new DeleteCustomVocabularyCommand(at)), 'PreconditionFailedException', 412);
    assert.deepEqual((await env.models.send(new ListCustomVocabularyItemsCommand(v1))).customVocabularyItems?.map((i) => i.phrase), ['quattro formaggi']);
  });
});
