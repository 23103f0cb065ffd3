// AppIntegrations applications in a browser: the list, the create form (refusals shown on the form with what
// was typed kept), the application's page with its settings, associating an Amazon Connect instance and
// removing it, tags, Edit, and Delete (refused while an instance is associated; confirmed by typing the
// application's name). Every step is checked again through the API.
import { AppIntegrationsClient, GetApplicationCommand, ListApplicationAssociationsCommand, ListApplicationsCommand } from '@aws-sdk/client-appintegrations';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from './support.js';

describe('console: AppIntegrations applications', { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let ai: AppIntegrationsClient;
  let appId: string;

  before(async () => {
    env = await startConsoleEnv();
    ai = new AppIntegrationsClient(env.server.clientConfig());
    await awsCliJson(env.server.url, [
      'appintegrations', 'create-application', '--name', 'Tool server', '--namespace', 'tool-server', '--application-type', 'MCP_SERVER',
      '--application-source-config', JSON.stringify({ ExternalUrlConfig: { AccessUrl: 'https://tools.example.com/mcp' } }),
    ]);
    await signInDefault(env);
  });
  after(async () => {
    ai?.destroy();
    await env?.stop();
  });

  it('lists applications with their namespace and type', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/appintegrations`);
    await page.getByRole('navigation', { name: 'AppIntegrations and Amazon Connect' }).getByRole('link', { name: 'Applications' }).click();
    await page.getByRole('heading', { name: 'Applications', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /Tool server/ });
    await row.getByRole('cell', { name: 'tool-server' }).waitFor();
    await row.getByRole('cell', { name: 'MCP_SERVER' }).waitFor();
    await env.shot('applications-01-list');
  });

  // Each refusal the form shows, with the API's code; the form keeps what was typed.
  const refusals: [string, (page: ConsoleEnv['page']) => Promise<void>, string, RegExp][] = [
    ['a namespace taken', async (page) => page.getByLabel(/^Namespace/).fill('tool-server'), 'DuplicateResourceException', /^An application with the namespace tool-server already exists\.$/],
    ['an approved origin with a path', async (page) => page.getByLabel(/^Approved origins/).fill('https://cdn.example.com/assets'), 'InvalidRequestException', /^The approved origin https:\/\/cdn\.example\.com\/assets is not an origin/],
    ['an http access URL', async (page) => page.getByLabel(/^Access URL/).fill('http://orders.example.com'), 'InvalidRequestException', /^The AccessUrl http:\/\/orders\.example\.com is not valid: it must be an https URL/],
  ];
  for (const [what, spoil, code, shown] of refusals) {
    it(`the create form shows the refusal of ${what}, keeping the fields`, async () => {
      const { page } = env;
      await page.goto(`${env.server.url}/console/appintegrations/applications/create`);
      await page.getByLabel('Display name').fill('Order lookup');
      await page.getByLabel(/^Namespace/).fill('order-lookup');
      await page.getByLabel(/^Access URL/).fill('https://orders.example.com/agent');
      await spoil(page);
      await page.getByRole('button', { name: 'Create application' }).click();
      const alert = page.getByRole('alert');
      await alert.getByText(shown).waitFor();
      await alert.locator('code', { hasText: code }).waitFor();
      assert.equal(await page.getByLabel('Display name').inputValue(), 'Order lookup');
      const names = (await ai.send(new ListApplicationsCommand({}))).Applications!.map((a) => a.Name);
      assert.deepEqual(names, ['Tool server']);
    });
  }

  it('creates an application with permissions, origins and a tag; its page shows every setting', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/appintegrations/applications/create`);
    await page.getByLabel('Display name').fill('Order lookup');
    await page.getByLabel(/^Namespace/).fill('order-lookup');
    await page.getByLabel('Description').fill('Orders of the caller');
    await page.getByLabel(/^Access URL/).fill('https://orders.example.com/agent');
    await page.getByLabel(/^Approved origins/).fill('https://cdn.example.com\nhttps://api.example.com:8443');
    await page.getByLabel(/Contact\.Details\.View/).check();
    await page.getByLabel(/User\.Details\.View/).check();
    await page.getByLabel(/^Tags/).fill('team=blue');
    await env.shot('applications-02-create');
    await page.getByRole('button', { name: 'Create application' }).click();
    await page.getByText('The application Order lookup is created.').waitFor();
    await page.getByRole('heading', { name: 'Order lookup', level: 1 }).waitFor();
    const arn = await page.getByRole('region', { name: 'Application details' }).locator('code').first().textContent();
    appId = arn!.split('/').pop()!;
    const got = await ai.send(new GetApplicationCommand({ Arn: appId }));
    assert.deepEqual(got.Permissions, ['User.Details.View', 'Contact.Details.View']);
    assert.deepEqual(got.ApplicationSourceConfig?.ExternalUrlConfig?.ApprovedOrigins, ['https://cdn.example.com', 'https://api.example.com:8443']);
    assert.deepEqual(got.Tags, { team: 'blue' });
    await page.getByRole('region', { name: 'Access' }).getByText('https://api.example.com:8443').waitFor();
    await page.getByRole('region', { name: 'Permissions' }).getByRole('rowheader', { name: 'Contact.Details.View' }).waitFor();
    await page.getByRole('region', { name: 'Application details' }).getByText('STANDARD').waitFor();
    await page.getByRole('region', { name: 'Tags' }).getByRole('cell', { name: 'blue' }).waitFor();
    await env.shot('applications-03-detail');
  });

  it('associates an Amazon Connect instance; Delete is then refused, naming the association', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/appintegrations/applications/${appId}`);
    const associations = page.getByRole('region', { name: 'Instance associations' });
    await associations.getByLabel('Amazon Connect instance ID').fill('connect-instance-1');
    await associations.getByRole('button', { name: 'Associate' }).click();
    await page.getByText('The application is associated with the Amazon Connect instance connect-instance-1.').waitFor();
    await associations.getByRole('rowheader', { name: 'connect-instance-1' }).waitFor();
    const listed = await ai.send(new ListApplicationAssociationsCommand({ ApplicationId: appId }));
    assert.deepEqual(listed.ApplicationAssociations!.map((a) => a.ClientId), ['arn:aws:connect:us-east-1:123456789012:instance/connect-instance-1']);
    await page.getByRole('button', { name: 'Delete' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Delete the application Order lookup?' });
    const confirm = dialog.getByRole('button', { name: 'Delete' });
    await dialog.getByLabel(/type the name of the application/).fill('Order');
    assert.equal(await confirm.isDisabled(), true, 'Delete waits for the whole name');
    await dialog.getByLabel(/type the name of the application/).fill('Order lookup');
    await confirm.click();
    await page.getByRole('alert').getByText(/^Deleting Order lookup failed: InvalidRequestException: The application Order lookup cannot be deleted because it has 1 application association: /).waitFor();
    await env.shot('applications-04-delete-refused');
    assert.equal((await ai.send(new GetApplicationCommand({ Arn: appId }))).Name, 'Order lookup');
  });

  it('edits the description and permissions; adds and removes a tag', async () => {
    const { page } = env;
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Description').fill('Orders and returns');
    await page.getByLabel(/User\.Details\.View/).uncheck();
    await page.getByLabel(/User\.Status\.View/).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('The application Order lookup is saved.').waitFor();
    const got = await ai.send(new GetApplicationCommand({ Arn: appId }));
    assert.equal(got.Description, 'Orders and returns');
    assert.deepEqual(got.Permissions, ['User.Status.View', 'Contact.Details.View']);
    const tags = page.getByRole('region', { name: 'Tags' });
    await tags.getByLabel('Key').fill('stage');
    await tags.getByLabel('Value').fill('prod');
    await tags.getByRole('button', { name: 'Add tag' }).click();
    await page.getByText('The tag stage is added.').waitFor();
    await page.getByRole('region', { name: 'Tags' }).getByRole('button', { name: 'Remove tag team' }).click();
    await page.getByText('The tag team is removed.').waitFor();
    assert.deepEqual((await ai.send(new GetApplicationCommand({ Arn: appId }))).Tags, { stage: 'prod' });
  });

  it('removes the instance association, then deletes the application confirmed by its name', async () => {
    const { page } = env;
    await page.getByRole('region', { name: 'Instance associations' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByText('The association with the Amazon Connect instance connect-instance-1 is removed.').waitFor();
    assert.deepEqual((await ai.send(new ListApplicationAssociationsCommand({ ApplicationId: appId }))).ApplicationAssociations, []);
    await page.getByRole('button', { name: 'Delete' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Delete the application Order lookup?' });
    await dialog.getByLabel(/type the name of the application/).fill('Order lookup');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('The application Order lookup is deleted.').waitFor();
    await page.getByRole('row', { name: /Tool server/ }).waitFor();
    assert.equal(await page.getByRole('row', { name: /Order lookup/ }).count(), 0);
    await assert.rejects(ai.send(new GetApplicationCommand({ Arn: appId })), { name: 'ResourceNotFoundException' });
    await env.shot('applications-05-deleted');
  });

  it('an unknown application answers its page with the refusal and 404', async () => {
    const response = await env.page.goto(`${env.server.url}/console/appintegrations/applications/00000000-0000-4000-8000-000000000000`);
    assert.equal(response!.status(), 404);
    await env.page.getByText(/ResourceNotFoundException/).first().waitFor();
  });
});
