// The Lex seed page in a browser. Channels: the bot, Bot versions > Channel integrations, the
// channel, General configuration, the role name opening IAM in a new tab, Delete > Delete, then
// DeleteRole in IAM. Bots: Settings > IAM permissions > Runtime role, Bots, the bot's radio
// button, Action > Delete; then the runtime role deleted in IAM. Creating a bot in the console makes its
// service-linked role ("Create a role with basic Amazon Lex permissions") or uses an existing one.
// State checked through the API.
import { DescribeBotCommand, DescribeBotLocaleCommand, LexModelsV2Client, ListBotLocalesCommand, ListBotsCommand, ListIntentsCommand } from '@aws-sdk/client-lex-models-v2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedJsonRequest } from '../../src/cli/client.js';
import { createReadyBot, roleNameOf } from '../lex/support.js';
import { waitFor } from '../support/wait.js';
import { finalDeletionStatus, signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from './support.js';
import type { Page } from 'playwright-core';

describe('console: the Lex V2 seed procedures', { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let lex: { models: LexModelsV2Client; iam: IAMClient };
  let botId: string;
  let botRoleArn: string;
  let channelRoleName: string;

  before(async () => {
    env = await startConsoleEnv({ lex: { transitionMs: 30 } });
    lex = { models: new LexModelsV2Client(env.server.clientConfig()), iam: new IAMClient(env.server.clientConfig()) };
    const bot = await createReadyBot(lex.models, 'OrderFlowers');
    botId = bot.botId!;
    botRoleArn = (await lex.models.send(new DescribeBotCommand({ botId }))).roleArn!;
    const slack = { clientId: 'c1', clientSecret: 's1', verificationToken: 'v1', signingSecret: 'g1' };
    const created = await signedJsonRequest({ endpoint: env.server.url, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test' }, 'lex', 'PUT', `/bots/${botId}/channels/`, {
      channelName: 'support-slack',
      botAliasId: 'TSTALIASID',
      localeId: 'en_US',
      platform: 'Slack',
      platformConfiguration: { slack },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    channelRoleName = (created.body as { roleName?: string; roleArn: string }).roleName ?? roleNameOf((created.body as { roleArn: string }).roleArn);
    await signInDefault(env);
  });
  after(async () => {
    lex?.models.destroy();
    lex?.iam.destroy();
    await env?.stop();
  });

  const deleteRoleIn = async (page: Page, roleName: string): Promise<string> => {
    await page.getByRole('button', { name: 'Delete role' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/type the role name/).fill(roleName);
    await dialog.getByRole('button', { name: 'Delete role' }).click();
    return finalDeletionStatus(page);
  };

  it('channels: General configuration, the role name into IAM (new tab), Delete the channel, DeleteRole', async () => {
    const { page } = env;
    await page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'Lex V2' }).click();
    await page.getByRole('link', { name: 'OrderFlowers' }).click();
    const menu = page.getByRole('navigation', { name: 'Amazon Lex V2' });
    await menu.getByRole('link', { name: 'Bot versions' }).click();
    await page.getByRole('main').getByRole('link', { name: 'Channel integrations' }).first().click();
    await page.getByRole('link', { name: 'support-slack' }).click();
    const general = page.getByRole('region', { name: 'General configuration' });
    await general.getByText('Slack', { exact: true }).waitFor();
    await env.shot('lex-01-channel-general-configuration');
    const [iamTab] = await Promise.all([env.context.waitForEvent('page'), general.getByRole('link', { name: new RegExp(channelRoleName) }).click()]);
    await iamTab.waitForLoadState();
    await iamTab.getByRole('heading', { level: 1, name: new RegExp(channelRoleName) }).waitFor();
    await iamTab.getByText('channels.lexv2.amazonaws.com').first().waitFor({ state: 'attached' });
    // Back in the Lex console: Delete, then Delete again.
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('The channel is deleted.').waitFor();
    await page.getByText('No channel integrations.').waitFor();
    // In the IAM console: DeleteRole.
    await iamTab.reload();
    const status = await deleteRoleIn(iamTab, channelRoleName);
    assert.equal(status, 'SUCCEEDED', await iamTab.locator('#deletion-status').innerText());
    await iamTab.screenshot({ path: `${process.cwd()}/test-artifacts/console/lex-02-channel-role-deleted.png`, fullPage: true });
    await iamTab.close();
    await assert.rejects(lex.iam.send(new GetRoleCommand({ RoleName: channelRoleName })), { name: 'NoSuchEntityException' });
  });

  it('bots: Settings > IAM permissions shows the runtime role; Bots, the radio button, Action > Delete', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/lex/bots`);
    await page.getByRole('link', { name: 'OrderFlowers' }).click();
    await page.getByRole('navigation', { name: 'Amazon Lex V2' }).getByRole('link', { name: 'Settings' }).click();
    const permissions = page.getByRole('region', { name: 'IAM permissions' });
    const runtimeRole = (await permissions.getByTestId('runtime-role').innerText()).trim();
    assert.equal(runtimeRole, botRoleArn);
    await env.shot('lex-03-bot-settings');
    await page.getByRole('navigation', { name: 'Amazon Lex V2' }).getByRole('link', { name: 'Bots' }).click();
    await page.getByRole('radio', { name: 'Choose OrderFlowers' }).check();
    await page.locator('summary', { hasText: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete bot?' });
    await dialog.getByText('OrderFlowers').waitFor();
    await dialog.getByLabel(/type delete/).fill('delete');
    await env.shot('lex-04-delete-bot');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText(/The bot .* is being deleted/).waitFor();
    await waitFor(() => lex.models.send(new ListBotsCommand({})), (r) => (r.botSummaries ?? []).length === 0);
    // The runtime role, recorded in Settings, is deleted in IAM once the bot is gone.
    await page.goto(`${env.server.url}/console/iam/roles/${roleNameOf(runtimeRole)}`);
    const status = await deleteRoleIn(page, roleNameOf(runtimeRole));
    assert.equal(status, 'SUCCEEDED', await page.locator('#deletion-status').innerText());
    await env.shot('lex-05-bot-role-deleted');
    await assert.rejects(lex.iam.send(new GetRoleCommand({ RoleName: roleNameOf(runtimeRole) })), { name: 'NoSuchEntityException' });
  });

  it('creating a bot in the console creates its service-linked role, or uses an existing one', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/lex/bots`);
    await page.getByRole('link', { name: 'Create bot' }).click();
    await page.getByLabel('Bot name').fill('ConsoleBot');
    await page.getByLabel('Create a role with basic Amazon Lex permissions').check();
    await page.getByLabel('No', { exact: true }).check();
    await env.shot('lex-06-create-bot');
    await page.getByRole('button', { name: 'Create bot' }).click();
    await page.getByText(/The bot ConsoleBot is created; its runtime role is AWSServiceRoleForLexV2Bots_\w+\. Its language is English \(US\) \(en_US\), with Lex's FallbackIntent\./).waitFor();
    const bots = await lex.models.send(new ListBotsCommand({}));
    const made = bots.botSummaries!.find((b) => b.botName === 'ConsoleBot')!;
    const described = await lex.models.send(new DescribeBotCommand({ botId: made.botId! }));
    assert.equal(described.idleSessionTTLInSeconds, 300);
    assert.equal(described.dataPrivacy?.childDirected, false);
    const role = (await lex.iam.send(new GetRoleCommand({ RoleName: roleNameOf(described.roleArn!) }))).Role!;
    assert.match(role.RoleName!, /^AWSServiceRoleForLexV2Bots_/);
    assert.equal(role.Path, '/aws-service-role/lexv2.amazonaws.com/');
    // Its language (en_US by default), made through Lex's API: a draft locale with Lex's FallbackIntent and the threshold given.
    const locale = await lex.models.send(new DescribeBotLocaleCommand({ botId: made.botId!, botVersion: 'DRAFT', localeId: 'en_US' }));
    assert.equal(locale.nluIntentConfidenceThreshold, 0.4);
    const intents = await lex.models.send(new ListIntentsCommand({ botId: made.botId!, botVersion: 'DRAFT', localeId: 'en_US' }));
    assert.deepEqual((intents.intentSummaries ?? []).map((i) => i.intentName), ['FallbackIntent']);

    // A second bot on that role: "Use an existing role", in another language.
    await page.goto(`${env.server.url}/console/lex/bots/create`);
    await page.getByLabel('Bot name').fill('SecondBot');
    await page.getByLabel('Use an existing role').check();
    await page.getByLabel('Runtime role to use').selectOption({ label: role.RoleName! });
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByLabel('Select language').selectOption('fr_FR');
    await page.getByRole('button', { name: 'Create bot' }).click();
    await page.getByText(`The bot SecondBot is created; its runtime role is ${role.RoleName}. Its language is French (France) (fr_FR), with Lex's FallbackIntent.`).waitFor();
    const second = (await lex.models.send(new ListBotsCommand({}))).botSummaries!.find((b) => b.botName === 'SecondBot')!;
    assert.equal((await lex.models.send(new DescribeBotCommand({ botId: second.botId! }))).roleArn, role.Arn);
    const secondLocales = await lex.models.send(new ListBotLocalesCommand({ botId: second.botId!, botVersion: 'DRAFT' }));
    assert.deepEqual((secondLocales.botLocaleSummaries ?? []).map((l) => l.localeId), ['fr_FR']);

    // A taken name is refused with Lex's error, the form kept.
    await page.goto(`${env.server.url}/console/lex/bots/create`);
    await page.getByLabel('Bot name').fill('ConsoleBot');
    await page.getByLabel('No', { exact: true }).check();
    await page.getByRole('button', { name: 'Create bot' }).click();
    await page.getByRole('alert').getByText(/ConflictException|PreconditionFailed/).waitFor();
    assert.equal(await page.getByLabel('Bot name').inputValue(), 'ConsoleBot');
  });

  it('adding a channel in the console makes Lex create the channel its own service-linked role', async () => {
    const bot = await createReadyBot(lex.models, 'ChannelBot');
    const { page } = env;
    await page.goto(`${env.server.url}/console/lex/bots/${bot.botId}/channels`);
    await page.getByRole('link', { name: 'Add channel' }).click();
    await page.getByLabel('Channel name').fill('sms-line');
    await page.getByLabel('Platform').selectOption({ label: 'Twilio SMS' });
    await page.getByLabel('Twilio SMS account SID').fill('AC0123456789');
    await page.getByLabel('Twilio SMS auth token').fill('token-1');
    await env.shot('lex-07-add-channel');
    await page.getByRole('button', { name: 'Create channel' }).click();
    const message = await page.getByText(/The channel sms-line is created; its role is AWSServiceRoleForLexV2Channels_\w+\./).innerText();
    const roleName = /(AWSServiceRoleForLexV2Channels_\w+)/.exec(message)![1];
    // The channel page's General configuration names the role, which IAM has as service-linked.
    await page.getByRole('link', { name: roleName }).waitFor();
    const role = (await lex.iam.send(new GetRoleCommand({ RoleName: roleName }))).Role!;
    assert.equal(role.Path, '/aws-service-role/channels.lexv2.amazonaws.com/');

    // Missing credentials: the channel API's refusal, shown with the form kept.
    await page.goto(`${env.server.url}/console/lex/bots/${bot.botId}/channels/add`);
    await page.getByLabel('Channel name').fill('slack-line');
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.getByRole('alert').getByText(/ValidationException/).waitFor();
    assert.equal(await page.getByLabel('Channel name').inputValue(), 'slack-line');
  });

  it('a bot made in the console takes a channel at once: only the chosen platform\'s credentials, secrets hidden, the callback URL absolute', async () => {
    const { page } = env;
    const consoleBot = (await lex.models.send(new ListBotsCommand({}))).botSummaries!.find((b) => b.botName === 'ConsoleBot')!;
    await page.goto(`${env.server.url}/console/lex/bots/${consoleBot.botId}/channels`);
    await page.getByRole('link', { name: 'Add channel' }).click();
    // The language is one of the bot's: the one Create bot made.
    assert.deepEqual(await page.getByLabel('Language').locator('option').allInnerTexts(), ['English (US) (en_US)']);
    // [platform, its fields: label -> whether a password field]
    const platforms: [string, Record<string, boolean>][] = [
      ['Slack', { 'Slack client ID': false, 'Slack client secret': true, 'Slack verification token': true, 'Slack signing secret': true }],
      ['Facebook', { 'Facebook page access token': true, 'Facebook app secret key': true, 'Facebook verify token': true }],
      ['Twilio SMS', { 'Twilio SMS account SID': false, 'Twilio SMS auth token': true }],
    ];
    for (const [platform, fields] of platforms) {
      await page.getByLabel('Platform').selectOption({ label: platform });
      for (const [other, otherFields] of platforms) {
        for (const label of Object.keys(otherFields)) {
          assert.equal(await page.getByLabel(label, { exact: true }).isVisible(), other === platform, `${label} shown for ${platform}`);
        }
      }
      for (const [label, secret] of Object.entries(fields)) {
        assert.equal(await page.getByLabel(label, { exact: true }).getAttribute('type'), secret ? 'password' : null, label);
      }
    }
    await page.getByLabel('Channel name').fill('fb-page');
    await page.getByLabel('Platform').selectOption({ label: 'Facebook' });
    await page.getByLabel('Facebook page access token', { exact: true }).fill('page-token-1');
    await page.getByLabel('Facebook app secret key', { exact: true }).fill('app-secret-1');
    await page.getByLabel('Facebook verify token', { exact: true }).fill('verify-1');
    await env.shot('lex-08-add-channel-console-bot');
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.getByText(/The channel fb-page is created; its role is AWSServiceRoleForLexV2Channels_\w+\./).waitFor();
    const general = page.getByRole('region', { name: 'General configuration' });
    await general.getByText('Facebook', { exact: true }).waitFor();
    const callback = (await page.getByTestId('callback-url').innerText()).trim();
    assert.match(callback, new RegExp(`^${env.server.url.replace(/[.]/g, '\\.')}/lex/channels/[\\w-]+/webhook$`));
    await env.shot('lex-09-console-bot-channel');
  });
});
