// Adding integrations in the Amazon Connect widgets of the console: a Wisdom integration, a Tasks and a
// Customer Profiles connection. The first one makes AppIntegrations create its service-linked role, as
// the seed says ("When you create a data or event integration using either the Wisdom, Customer
// Profiles, or Tasks widget ..."). State checked through the API.
import { AppIntegrationsClient, GetDataIntegrationCommand, ListEventIntegrationAssociationsCommand } from '@aws-sdk/client-appintegrations';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedJsonRequest } from '../../src/cli/client.js';
import { signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from './support.js';

const ROLE = 'AWSServiceRoleForAppIntegrations';
const KMS = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('console: adding integrations in the Amazon Connect widgets', { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let iam: IAMClient;
  let appIntegrations: AppIntegrationsClient;

  before(async () => {
    env = await startConsoleEnv();
    iam = new IAMClient(env.server.clientConfig());
    appIntegrations = new AppIntegrationsClient(env.server.clientConfig());
    await signInDefault(env);
  });
  after(async () => {
    iam?.destroy();
    appIntegrations?.destroy();
    await env?.stop();
  });

  it('Wisdom: Add integration creates the data integration and its association, and AppIntegrations its role', async () => {
    await assert.rejects(iam.send(new GetRoleCommand({ RoleName: ROLE })), { name: 'NoSuchEntityException' });
    const { page } = env;
    await page.goto(`${env.server.url}/console/connect/wisdom`);
    await page.getByRole('link', { name: 'Add integration' }).click();
    await page.getByLabel('Integration name').fill('salesforce-articles');
    await page.getByLabel('Knowledge base name').fill('support-kb');
    await page.getByLabel(/Source URI/).fill('Salesforce://AppFlow/salesforce-prod');
    await page.getByLabel(/AWS KMS key ARN/).fill(KMS);
    await env.shot('connect-01-wisdom-add');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByText(`The integration salesforce-articles is added to the knowledge base support-kb. Amazon AppIntegrations created its service-linked role ${ROLE}.`).waitFor();
    await page.getByRole('link', { name: 'salesforce-articles' }).waitFor();
    const integration = await appIntegrations.send(new GetDataIntegrationCommand({ Identifier: 'salesforce-articles' }));
    assert.equal(integration.ScheduleConfiguration?.Object, 'Knowledge__kav');
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!.Path, '/aws-service-role/app-integrations.amazonaws.com/');
    const associations = await signedJsonRequest({ endpoint: env.server.url, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test' }, 'linkedrole-connect', 'GET', '/wisdom/associations');
    assert.deepEqual((associations.body as { Associations: { KnowledgeBaseName: string }[] }).Associations.map((a) => a.KnowledgeBaseName), ['support-kb']);
  });

  it('Tasks: Add connection with a new event integration; Customer Profiles: with the existing one', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/connect/tasks`);
    await page.getByRole('link', { name: 'Add connection' }).click();
    await page.getByLabel(/New event integration name/).fill('cases-events');
    await page.getByLabel('Amazon Connect instance ID').fill('11111111-2222-3333-4444-555555555555');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByText('Tasks is connected to the event integration cases-events.').waitFor();

    await page.goto(`${env.server.url}/console/connect/customer-profiles/add`);
    await page.getByLabel('Event integration', { exact: true }).selectOption('cases-events');
    await page.getByLabel('Customer Profiles domain name').fill('profiles-domain');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByText('Customer Profiles is connected to the event integration cases-events.').waitFor();
    const associations = await appIntegrations.send(new ListEventIntegrationAssociationsCommand({ EventIntegrationName: 'cases-events' }));
    assert.equal(associations.EventIntegrationAssociations?.length, 2);
  });

  it('shows AWS refusals with the form kept, and creates nothing', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/connect/wisdom/add`);
    await page.getByLabel('Integration name').fill('salesforce-articles');
    await page.getByLabel('Knowledge base name').fill('other-kb');
    await page.getByLabel(/Source URI/).fill('Salesforce://AppFlow/salesforce-prod');
    await page.getByLabel(/AWS KMS key ARN/).fill(KMS);
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('alert').getByText(/DuplicateResourceException/).waitFor();
    assert.equal(await page.getByLabel('Knowledge base name').inputValue(), 'other-kb');
    const associations = await signedJsonRequest({ endpoint: env.server.url, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test' }, 'linkedrole-connect', 'GET', '/wisdom/associations');
    assert.deepEqual((associations.body as { Associations: { KnowledgeBaseName: string }[] }).Associations.map((a) => a.KnowledgeBaseName), ['support-kb']);
  });
});
