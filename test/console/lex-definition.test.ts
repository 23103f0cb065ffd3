// The console's pages of what a Lex V2 bot is made of, driven in Chromium: Bot versions > Draft version > the
// language > an intent (sample utterances, slots in priority order with their types, required or not, and
// prompts) and a slot type (values, synonyms, resolution); and the bot's Resource-based policy page: create,
// edit (the revision moves on), a bad document refused with Lex's error, delete; state checked through the API.
import { CreateBotLocaleCommand, CreateIntentCommand, CreateSlotCommand, CreateSlotTypeCommand, DescribeBotLocaleCommand, DescribeResourcePolicyCommand, LexModelsV2Client, UpdateIntentCommand } from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBot } from '../lex/support.js';
import { signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from './support.js';
import { waitFor } from '../support/wait.js';

const ACCOUNT = '123456789012';
const DRAFT = { botVersion: 'DRAFT', localeId: 'en_US' };
const prompt = (value: string) => ({ slotConstraint: 'Required' as const, promptSpecification: { messageGroups: [{ message: { plainTextMessage: { value } } }], maxRetries: 1 } });

describe('console: a Lex V2 bot\'s intents, slots, slot types and resource-based policy', { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let models: LexModelsV2Client;
  let botId: string;
  let intentId: string;
  let slotTypeId: string;

  before(async () => {
    env = await startConsoleEnv({ lex: { transitionMs: 0 } });
    models = new LexModelsV2Client(env.server.clientConfig());
    botId = (await createBot(models, 'FlowerShop')).botId!;
    await models.send(new CreateBotLocaleCommand({ botId, ...DRAFT, nluIntentConfidenceThreshold: 0.55 }));
    await waitFor(() => models.send(new DescribeBotLocaleCommand({ botId, ...DRAFT })), (l) => l.botLocaleStatus === 'NotBuilt');
    slotTypeId = (await models.send(new CreateSlotTypeCommand({ botId, ...DRAFT, slotTypeName: 'FlowerTypes', valueSelectionSetting: { resolutionStrategy: 'TopResolution' }, slotTypeValues: [{ sampleValue: { value: 'roses' }, synonyms: [{ value: 'rose' }] }, { sampleValue: { value: 'tulips' } }] }))).slotTypeId!;
    intentId = (await models.send(new CreateIntentCommand({ botId, ...DRAFT, intentName: 'OrderFlowers', sampleUtterances: [{ utterance: 'I would like to order {FlowerType}' }, { utterance: 'buy flowers' }] }))).intentId!;
    const kind = await models.send(new CreateSlotCommand({ botId, ...DRAFT, intentId, slotName: 'FlowerType', slotTypeId, valueElicitationSetting: prompt('What type of flowers?') }));
    const count = await models.send(new CreateSlotCommand({ botId, ...DRAFT, intentId, slotName: 'Count', slotTypeId: 'AMAZON.Number', valueElicitationSetting: { ...prompt('How many?'), slotConstraint: 'Optional' } }));
    // Count asked first: the page lists slots in the intent's priority order, not creation order.
    await models.send(new UpdateIntentCommand({ botId, ...DRAFT, intentId, intentName: 'OrderFlowers', sampleUtterances: [{ utterance: 'I would like to order {FlowerType}' }, { utterance: 'buy flowers' }], slotPriorities: [{ priority: 1, slotId: count.slotId }, { priority: 2, slotId: kind.slotId }] }));
    await signInDefault(env);
  });
  after(async () => {
    models?.destroy();
    await env?.stop();
  });

  it('walks from the bot to a language, an intent with its slots, and a slot type', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/lex/bots/${botId}`);
    await page.getByRole('navigation', { name: 'Amazon Lex V2' }).getByRole('link', { name: 'Bot versions' }).click();
    await page.getByRole('link', { name: 'Draft version' }).click();
    await page.getByRole('heading', { name: 'Draft version', level: 1 }).waitFor();
    await page.getByRole('link', { name: /English \(US\)|en_US/ }).click();
    assert.ok((await page.getByText('0.55').count()) > 0, 'the confidence threshold is shown');
    await page.getByRole('link', { name: 'OrderFlowers' }).click();
    await page.getByRole('heading', { name: 'OrderFlowers', level: 1 }).waitFor();
    assert.equal(await page.getByText('I would like to order {FlowerType}').count(), 1);
    const rows = await page.getByRole('table', { name: 'Slots' }).locator('tbody tr').allInnerTexts();
    assert.deepEqual(
      rows.map((r) => r.split('\t').map((c) => c.trim())),
      [
        ['1', 'Count', 'AMAZON.Number', 'Optional', 'How many?'],
        ['2', 'FlowerType', 'FlowerTypes', 'Required', 'What type of flowers?'],
      ],
    );
    await env.shot('lex-intent');
    await page.goBack();
    await page.getByRole('link', { name: 'FlowerTypes' }).click();
    await page.getByRole('heading', { name: 'FlowerTypes', level: 1 }).waitFor();
    assert.equal(await page.getByText('Restrict to slot values').count(), 1);
    const values = await page.getByRole('table', { name: 'Slot type values' }).locator('tbody tr').allInnerTexts();
    assert.deepEqual(values.map((r) => r.split('\t').map((c) => c.trim())), [['roses', 'rose'], ['tulips', '']]);
  });

  it('creates, edits and deletes the bot\'s resource-based policy; a bad document is refused', async () => {
    const { page } = env;
    const arn = `arn:aws:lex:us-east-1:${ACCOUNT}:bot/${botId}`;
    const document = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: action, Resource: arn }] });
    await page.goto(`${env.server.url}/console/lex/bots/${botId}`);
    await page.getByRole('navigation', { name: 'Amazon Lex V2' }).getByRole('link', { name: 'Resource-based policy' }).click();
    await page.getByText('This bot has no resource-based policy.').waitFor();
    await page.getByLabel('Policy document').fill(document('lex:DescribeBot'));
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('The policy is saved (revision 1).').waitFor();
    assert.equal(JSON.parse((await models.send(new DescribeResourcePolicyCommand({ resourceArn: arn }))).policy!).Statement[0].Action, 'lex:DescribeBot');
    await page.getByLabel('Policy document').fill(document('lex:ListIntents'));
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('The policy is saved (revision 2).').waitFor();
    const saved = await models.send(new DescribeResourcePolicyCommand({ resourceArn: arn }));
    assert.deepEqual([saved.revisionId, JSON.parse(saved.policy!).Statement[0].Action], ['2', 'lex:ListIntents']);
    await page.getByLabel('Policy document').fill('{"Version": "2012-10-17", "Statement": [');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText(/Saving the policy failed: ValidationException/).waitFor();
    assert.equal((await models.send(new DescribeResourcePolicyCommand({ resourceArn: arn }))).revisionId, '2', 'a refused save changes nothing');
    await page.getByRole('button', { name: 'Delete policy' }).click();
    await page.getByText('The policy is deleted.').waitFor();
    await assert.rejects(models.send(new DescribeResourcePolicyCommand({ resourceArn: arn })), { name: 'ResourceNotFoundException' });
  });

  it('a missing intent is shown as the error Lex answered', async () => {
    const response = await env.page.goto(`${env.server.url}/console/lex/bots/${botId}/versions/DRAFT/locales/en_US/intents/NOSUCHINT1`);
    assert.equal(response?.status(), 404);
    assert.ok((await env.page.content()).includes('ResourceNotFoundException'));
  });
});
