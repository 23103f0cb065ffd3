// The console's Slot types, Slots and Resource-based policy pages of a Lex V2 bot: the bot's side menu > Slot types
// (a custom type's values with synonyms and its resolution), > Slots (each intent's slot, its type by name, Required,
// its prompt), > Resource-based policy (none, then created from the form, replaced, a bad policy refused with Lex's
// error, deleted); state checked through the API.
import {
  CreateBotLocaleCommand,
  CreateIntentCommand,
  CreateSlotCommand,
  CreateSlotTypeCommand,
  DescribeResourcePolicyCommand,
  LexModelsV2Client,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, createBot, rejectsWith } from '../lex/support.js';
import { signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from './support.js';

describe("console: a Lex V2 bot's slot types, slots and resource-based policy", { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let models: LexModelsV2Client;
  let botId: string;

  before(async () => {
    env = await startConsoleEnv({ lex: { transitionMs: 0 } });
    models = new LexModelsV2Client(env.server.clientConfig());
    botId = (await createBot(models, 'PartsBot')).botId!;
    const at = { botId, botVersion: 'DRAFT', localeId: 'en_US' };
    await models.send(new CreateBotLocaleCommand({ ...at, nluIntentConfidenceThreshold: 0.4 }));
    const size = await models.send(
      new CreateSlotTypeCommand({
        ...at,
        slotTypeName: 'PizzaSize',
        slotTypeValues: [{ sampleValue: { value: 'small' } }, { sampleValue: { value: 'large' }, synonyms: [{ value: 'big' }] }],
        valueSelectionSetting: { resolutionStrategy: 'TopResolution' },
      }),
    );
    const { intentId } = await models.send(new CreateIntentCommand({ ...at, intentName: 'OrderPizza', sampleUtterances: [{ utterance: 'order a pizza' }] }));
    const prompt = { messageGroups: [{ message: { plainTextMessage: { value: 'What size?' } } }], maxRetries: 1 };
    await models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Size', slotTypeId: size.slotTypeId, valueElicitationSetting: { slotConstraint: 'Required', promptSpecification: prompt } }));
    await models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Count', slotTypeId: 'AMAZON.Number', valueElicitationSetting: { slotConstraint: 'Optional' } }));
    await signInDefault(env);
  });
  after(async () => {
    models?.destroy();
    await env?.stop();
  });

  const open = async (link: string, heading: string) => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/lex/bots/${botId}`);
    await page.getByRole('navigation', { name: 'Amazon Lex V2' }).getByRole('link', { name: link }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    return page;
  };
  const cells = async (row: ReturnType<ConsoleEnv['page']['getByRole']>) => (await row.locator('th, td').allTextContents()).map((t) => t.trim());

  it('lists the slot types of each language with their values, synonyms and resolution', async () => {
    const page = await open('Slot types', 'Slot types');
    await page.getByRole('heading', { name: 'Slot types · en_US' }).waitFor();
    const row = page.getByRole('row', { name: /PizzaSize/ });
    const [name, , category, , values, resolution] = await cells(row);
    assert.deepEqual([name, category, values, resolution], ['PizzaSize', 'Custom', 'small, large (big)', 'TopResolution']);
    await env.shot('lex-slot-types');
  });

  it("lists each intent's slots with their type, constraint and prompt", async () => {
    const page = await open('Slots', 'Slots');
    assert.deepEqual(await cells(page.getByRole('row', { name: /Size/ }).filter({ hasText: 'PizzaSize' })), ['OrderPizza', 'Size', 'PizzaSize', 'Required', 'What size?']);
    assert.deepEqual(await cells(page.getByRole('row', { name: /Count/ })), ['OrderPizza', 'Count', 'AMAZON.Number', 'Optional', '—']);
  });

  it('creates, replaces and deletes the resource-based policy, and shows a refusal as Lex answered it', async () => {
    const resourceArn = `arn:aws:lex:us-east-1:${ACCOUNT}:bot/${botId}`;
    const page = await open('Resource-based policy', 'Resource-based policy');
    await page.getByText('This bot has no resource-based policy.').waitFor();
    const policy = (actions: string[]) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: actions, Resource: resourceArn }] });
    await page.getByLabel('Policy (JSON)').fill(policy(['lex:DescribeBot']));
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.getByText('The policy is saved (revision 1).').waitFor();
    const created = await models.send(new DescribeResourcePolicyCommand({ resourceArn }));
    assert.deepEqual([JSON.parse(created.policy!).Statement[0].Action, created.revisionId], [['lex:DescribeBot'], '1']);
    assert.equal(await page.getByTestId('revision').textContent(), '1');
    await page.getByLabel('Policy (JSON)').fill(policy(['lex:DescribeBot', 'lex:ListBotLocales']));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('The policy is saved (revision 2).').waitFor();
    assert.deepEqual(JSON.parse((await models.send(new DescribeResourcePolicyCommand({ resourceArn }))).policy!).Statement[0].Action, ['lex:DescribeBot', 'lex:ListBotLocales']);
    await env.shot('lex-resource-policy');
    await page.getByLabel('Policy (JSON)').fill('{ not json');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/Saving the policy failed: ValidationException/).waitFor();
    assert.equal((await models.send(new DescribeResourcePolicyCommand({ resourceArn }))).revisionId, '2');
    await page.getByRole('button', { name: 'Delete policy' }).click();
    await page.getByText('The policy is deleted.').waitFor();
    await rejectsWith(models.send(new DescribeResourcePolicyCommand({ resourceArn })), 'ResourceNotFoundException', 404);
  });
});
