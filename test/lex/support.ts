// Helpers shared by the Lex tests: SDK clients against a test server, polling for statuses, and a bot
// made ready for conversations (a locale with intents, built).
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
import { startTestServer, type TestServer } from '../support/server.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export interface LexTestEnv {
  server: TestServer;
  models: LexModelsV2Client;
  runtime: LexRuntimeV2Client;
  iam: IAMClient;
  /** Moves the server's clock forward (statuses, conversation activity windows). */
  advance(ms: number): void;
  stop(): Promise<void>;
}

export async function startLexEnv(options: AppOptions = {}): Promise<LexTestEnv> {
  let offset = 0;
  const server = await startTestServer({ lex: { transitionMs: 30 }, clock: () => new Date(Date.now() + offset), ...options });
  const models = new LexModelsV2Client(server.clientConfig());
  // The runtime client speaks HTTP/2 by default (for StartConversation); the server speaks HTTP/1.1.
  const runtime = new LexRuntimeV2Client(server.clientConfig());
  const iam = new IAMClient(server.clientConfig());
  return {
    server,
    models,
    runtime,
    iam,
    advance(ms) {
      offset += ms;
    },
    async stop() {
      models.destroy();
      runtime.destroy();
      iam.destroy();
      await server.stop();
    },
  };
}

/** Polls `read` until `done` holds (or fails after `timeoutMs`), returning the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`condition not reached in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
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
