// Helpers shared by the Lex tests: a test server with Lex's SDK clients and a clock the test moves, and a
// bot made ready for conversations (a locale with intents, built).
import { IAMClient } from '@aws-sdk/client-iam';
import {
  BuildBotLocaleCommand,
  CreateBotCommand,
  CreateBotLocaleCommand,
  CreateIntentCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  LexModelsV2Client,
  type CreateBotCommandInput,
} from '@aws-sdk/client-lex-models-v2';
import { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import assert from 'node:assert/strict';
import type { AppOptions } from '../../src/app.js';
import { useTestServer } from '../support/fixture.js';
import { waitFor } from '../support/wait.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** A test server for a `describe` block (see useTestServer), with the clients of Lex V2 and IAM. */
export function useLexEnv(options: AppOptions = {}) {
  let offset = 0;
  const env = useTestServer({
    clients: { models: LexModelsV2Client, runtime: LexRuntimeV2Client, iam: IAMClient },
    app: { lex: { transitionMs: 30 }, clock: () => new Date(Date.now() + offset), ...options },
  });
  return Object.assign(env, {
    /** Moves the server's clock forward (statuses, conversation activity windows). */
    advance(ms: number): void {
      offset += ms;
    },
  });
}

export const botInput = (botName: string, extra: Partial<CreateBotCommandInput> = {}): CreateBotCommandInput =>
  ({ botName, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300, ...extra }) as CreateBotCommandInput;

/** Creates a bot (its own role unless one is given) and waits for it to be Available. */
export async function createBot(models: LexModelsV2Client, botName: string, extra: Partial<CreateBotCommandInput> = {}) {
  const created = await models.send(new CreateBotCommand(botInput(botName, extra)));
  await waitFor(() => models.send(new DescribeBotCommand({ botId: created.botId })), (b) => b.botStatus === 'Available');
  return created;
}

export const closing = (text: string) => ({ closingResponse: { messageGroups: [{ message: { plainTextMessage: { value: text } } }] } });

/** A bot with an en_US locale, an OrderPizza and a Greeting intent, built; ready to converse on TSTALIASID. */
export async function createReadyBot(models: LexModelsV2Client, botName: string, extra: Partial<CreateBotCommandInput> = {}) {
  const bot = await createBot(models, botName, extra);
  const botId = bot.botId!;
  await models.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.4 }));
  await waitFor(() => models.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' })), (l) => l.botLocaleStatus === 'NotBuilt');
  await models.send(
    new CreateIntentCommand({
      botId,
      botVersion: 'DRAFT',
      localeId: 'en_US',
      intentName: 'OrderPizza',
      sampleUtterances: [{ utterance: 'I want to order a pizza' }, { utterance: 'order a {Size} pizza' }],
      intentClosingSetting: closing('Your pizza is on its way.'),
    }),
  );
  await models.send(
    new CreateIntentCommand({
      botId,
      botVersion: 'DRAFT',
      localeId: 'en_US',
      intentName: 'Greeting',
      sampleUtterances: [{ utterance: 'hello' }, { utterance: 'good morning' }],
      intentClosingSetting: closing('Hello! How can I help?'),
    }),
  );
  await buildLocale(models, botId);
  return bot;
}

export async function buildLocale(models: LexModelsV2Client, botId: string, localeId = 'en_US'): Promise<void> {
  await waitFor(() => models.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId })), (l) => l.botLocaleStatus !== 'Creating');
  await models.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId }));
  await waitFor(() => models.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId })), (l) => l.botLocaleStatus === 'Built');
}

export function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

/** Asserts that `promise` fails with the AWS error `name`, HTTP `status` and a message matching `message`. */
export async function rejectsWith(promise: Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name, `error name (${error.name}: ${error.message})`);
    assert.equal(error.$metadata?.httpStatusCode, status, 'HTTP status');
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  });
}
