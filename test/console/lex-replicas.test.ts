// The console's Replication page of a Lex V2 bot (Global Resiliency): the bot's side menu > Replication,
// Add a replica (the region chosen in a select of Lex's other regions), the replica listed with its
// status, the replication role linked into IAM, then Delete; state checked through the API.
import { DescribeBotCommand, LexModelsV2Client, ListBotReplicasCommand } from '@aws-sdk/client-lex-models-v2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBot } from '../lex/support.js';
import { signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from './support.js';

describe('console: a Lex V2 bot\'s replicas', { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let models: LexModelsV2Client;
  let iam: IAMClient;
  let botId: string;

  before(async () => {
    env = await startConsoleEnv({ lex: { transitionMs: 0 } });
    models = new LexModelsV2Client(env.server.clientConfig());
    iam = new IAMClient(env.server.clientConfig());
    botId = (await createBot(models, 'GlobalBot')).botId!;
    await signInDefault(env);
  });
  after(async () => {
    models?.destroy();
    iam?.destroy();
    await env?.stop();
  });

  it('adds a replica in a chosen region, lists it, and deletes it', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/lex/bots/${botId}`);
    await page.getByRole('navigation', { name: 'Amazon Lex V2' }).getByRole('link', { name: 'Replication' }).click();
    await page.getByRole('heading', { name: 'Replication', level: 1 }).waitFor();
    assert.equal(await page.getByText('No replicas.').count(), 1);
    const select = page.getByLabel('Replica region');
    const offered = await select.locator('option').allTextContents();
    assert.ok(offered.includes('eu-west-2') && offered.includes('ap-southeast-2'), offered.join());
    assert.ok(!offered.includes('us-east-1'), 'the bot\'s own region is not offered');
    assert.ok(!offered.includes('us-west-1'), 'a region without Lex is not offered');
    await select.selectOption('eu-west-2');
    await page.getByRole('button', { name: 'Add replica' }).click();
    await page.getByText('The replica in eu-west-2 is').waitFor();
    const listed = await models.send(new ListBotReplicasCommand({ botId }));
    assert.deepEqual(listed.botReplicaSummaries?.map((r) => r.replicaRegion), ['eu-west-2']);
    await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForLexV2Replication' }));
    await page.reload();
    const row = page.getByRole('row', { name: /eu-west-2/ });
    await row.getByText('Enabled').waitFor();
    assert.ok(!(await page.getByLabel('Replica region').locator('option').allTextContents()).includes('eu-west-2'), 'a region with a replica is not offered again');
    const replica = new LexModelsV2Client(env.server.clientConfig({ region: 'eu-west-2' }));
    try {
      assert.equal((await replica.send(new DescribeBotCommand({ botId }))).botName, 'GlobalBot');
    } finally {
      replica.destroy();
    }
    await env.shot('lex-replication');
    await page.getByRole('button', { name: 'Delete the replica in eu-west-2' }).click();
    await page.getByText('The replica in eu-west-2 is being deleted.').waitFor();
    const after = await models.send(new ListBotReplicasCommand({ botId }));
    assert.deepEqual(after.botReplicaSummaries ?? [], []);
  });

  it('a refused call is shown as the error Lex answered', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/lex/bots/NOSUCHBOT1/replication`);
    assert.ok((await page.content()).includes('ResourceNotFoundException'));
  });
});
