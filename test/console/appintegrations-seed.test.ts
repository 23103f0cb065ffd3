// The AppIntegrations seed page in a browser: the role appears with the first integration; Wisdom's
// Delete (type the integration's name), an association made with the public API deleted from its data
// integration's page (type the name), Tasks' and Customer Profiles' Remove connection (type
// `remove`); the integrations deleted (the page does it with the CLI: here the SDK); then the role's
// deletion in IAM with its live status: FAILED with the RoleUsageList while integrations remain,
// SUCCEEDED after the procedure; then the role created again in the IAM console with the AppIntegrations
// use case ("you can use this same process to create the role again"). The state is checked through the API.
import {
  AppIntegrationsClient,
  CreateDataIntegrationCommand,
  CreateEventIntegrationCommand,
  DeleteDataIntegrationCommand,
  DeleteEventIntegrationCommand,
  ListDataIntegrationAssociationsCommand,
  ListEventIntegrationAssociationsCommand,
} from '@aws-sdk/client-appintegrations';
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedJsonRequest } from '../../src/cli/client.js';
import { awsCliJson } from '../support/aws-cli.js';
import { finalDeletionStatus, signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from './support.js';

const ROLE = 'AWSServiceRoleForAppIntegrations';
const KMS = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('console: the AppIntegrations seed procedure', { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let appIntegrations: AppIntegrationsClient;
  let iam: IAMClient;
  let dataArn: string;
  /** An association made with AppIntegrations' public API (the AWS CLI; the installed SDK predates it). */
  let apiAssociationId: string;
  const connect = async (method: string, path: string, body?: unknown) => {
    const answer = await signedJsonRequest({ endpoint: env.server.url, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test' }, 'linkedrole-connect', method, path, body);
    assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as any;
  };

  before(async () => {
    env = await startConsoleEnv();
    appIntegrations = new AppIntegrationsClient(env.server.clientConfig());
    iam = new IAMClient(env.server.clientConfig());
    dataArn = (
      await appIntegrations.send(
        new CreateDataIntegrationCommand({
          Name: 'salesforce-articles',
          KmsKey: KMS,
          SourceURI: 'Salesforce://AppFlow/salesforce-prod',
          ScheduleConfig: { ScheduleExpression: 'rate(1 hour)', Object: 'Knowledge__kav' },
        }),
      )
    ).Arn!;
    await appIntegrations.send(new CreateEventIntegrationCommand({ Name: 'cases-events', EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default' }));
    await connect('POST', '/wisdom/associations', { DataIntegrationIdentifier: 'salesforce-articles', KnowledgeBaseName: 'support-articles' });
    await connect('POST', '/tasks/connections', { EventIntegrationName: 'cases-events', InstanceId: 'connect-instance-1' });
    await connect('POST', '/customer-profiles/connections', { EventIntegrationName: 'cases-events', DomainName: 'customers' });
    await appIntegrations.send(new CreateDataIntegrationCommand({ Name: 'reporting-files', KmsKey: KMS, SourceURI: 's3://reporting-bucket/exports' }));
    apiAssociationId = (
      await awsCliJson(env.server.url, ['appintegrations', 'create-data-integration-association', '--data-integration-identifier', 'reporting-files', '--client-id', 'reporting-app'])
    ).DataIntegrationAssociationId;
    await signInDefault(env);
  });
  after(async () => {
    appIntegrations?.destroy();
    iam?.destroy();
    await env?.stop();
  });

  /** On the role's page: Delete role, type the name, and wait for the task's final status. */
  const deleteRoleInConsole = async (): Promise<string> => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/roles/${ROLE}`);
    await page.getByRole('button', { name: 'Delete role' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/type the role name/).fill(ROLE);
    await dialog.getByRole('button', { name: 'Delete role' }).click();
    await page.getByRole('heading', { name: `Deleting ${ROLE}` }).waitFor();
    const status = page.locator('#deletion-status');
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    return finalDeletionStatus(page);
  };

  it('lists the service-linked role, marked, and filters roles by service', async () => {
    const { page } = env;
    await page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'IAM' }).click();
    const row = page.getByRole('row', { name: new RegExp(ROLE) });
    await row.getByText('Service-linked role').waitFor();
    await page.getByLabel('Trusted service').selectOption('app-integrations.amazonaws.com');
    await page.getByRole('button', { name: 'Filter' }).click();
    assert.equal(await page.locator('tbody tr').count(), 1);
    await env.shot('appintegrations-01-roles');
    await page.getByRole('link', { name: ROLE }).click();
    await page.getByRole('heading', { name: 'Trust relationships' }).waitFor();
    await page.getByRole('region', { name: 'Trust relationships' }).getByText('app-integrations.amazonaws.com').waitFor();
    await page.getByRole('region', { name: 'Permissions policies' }).getByText('AppIntegrationsServiceLinkedRolePolicy').first().waitFor();
    await page.getByRole('region', { name: 'Resources that use this role' }).getByText(dataArn).waitFor();
    await env.shot('appintegrations-02-role');
  });

  it('refuses to delete the role while integrations use it: FAILED with the RoleUsageList', async () => {
    assert.equal(await deleteRoleInConsole(), 'FAILED');
    const status = env.page.locator('#deletion-status');
    await status.getByText(dataArn).waitFor();
    await status.getByText('us-east-1').first().waitFor();
    await env.shot('appintegrations-03-deletion-failed');
  });

  it('Wisdom: chooses the integration, Delete, types its name, Delete', async () => {
    const { page } = env;
    await page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'AppIntegrations' }).click();
    await page.getByRole('link', { name: 'Wisdom' }).click();
    await page.getByRole('link', { name: 'salesforce-articles' }).click();
    const details = page.getByRole('region', { name: 'Integration details' });
    await details.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete' });
    assert.equal(await confirm.isDisabled(), true, 'Delete waits for the name');
    await dialog.getByLabel(/Enter the name of the integration/).fill('salesforce-articles');
    await env.shot('appintegrations-04-wisdom-confirm');
    await confirm.click();
    await page.getByText('The integration salesforce-articles is deleted from Wisdom.').waitFor();
    await page.getByText('Wisdom has no data integration associations').waitFor();
    const left = await appIntegrations.send(new ListDataIntegrationAssociationsCommand({ DataIntegrationIdentifier: 'salesforce-articles' }));
    assert.deepEqual(left.DataIntegrationAssociations ?? [], []);
  });

  it("AppIntegrations: the data integration's page deletes an association made with the API, confirmed by the integration's name", async () => {
    const { page } = env;
    await page.getByRole('navigation', { name: 'AppIntegrations and Amazon Connect' }).getByRole('link', { name: 'Data and event integrations' }).click();
    await page.getByRole('link', { name: 'reporting-files' }).click();
    const associations = page.getByRole('region', { name: 'Associations' });
    await associations.getByRole('cell', { name: 'reporting-app', exact: true }).waitFor();
    await associations.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete the association ${apiAssociationId}?` });
    const confirm = dialog.getByRole('button', { name: 'Delete' });
    await dialog.getByLabel(/type the name of the integration/).fill('reporting');
    assert.equal(await confirm.isDisabled(), true, 'Delete waits for the whole name');
    await dialog.getByLabel(/type the name of the integration/).fill('reporting-files');
    await env.shot('appintegrations-05-association-confirm');
    await confirm.click();
    await page.getByText(`The association ${apiAssociationId} of the data integration reporting-files is deleted.`).waitFor();
    await associations.getByText('No associations.').waitFor();
    const left = await appIntegrations.send(new ListDataIntegrationAssociationsCommand({ DataIntegrationIdentifier: 'reporting-files' }));
    assert.deepEqual(left.DataIntegrationAssociations ?? [], []);
  });

  it('the association form without JavaScript: a wrong name is refused (400) and deletes nothing', async () => {
    // The name is checked before anything is sent (this association is deleted already: nothing is asked).
    const { page } = env;
    const path = `/console/appintegrations/data/reporting-files/associations/${apiAssociationId}/delete`;
    await page.goto(`${env.server.url}${path}`);
    await page.getByLabel(/type the name of the integration/).waitFor();
    // The form as a browser without JavaScript sends it (the script would keep Delete disabled).
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const answer = await page.request.post(`${env.server.url}${path}`, { form: { _csrf: csrf, confirm: 'wrong-name' } });
    assert.equal(answer.status(), 400);
    assert.ok((await answer.text()).includes('Enter the integration&#39;s name, reporting-files, exactly.'));
  });

  for (const [section, label] of [
    ['Tasks', 'tasks'],
    ['Customer Profiles', 'customer-profiles'],
  ] as const) {
    it(`${section}: chooses the event integration, Remove connection, types remove`, async () => {
      const { page } = env;
      await page.getByRole('navigation', { name: 'AppIntegrations and Amazon Connect' }).getByRole('link', { name: section }).click();
      await page.getByRole('link', { name: 'cases-events' }).click();
      const popup = page.getByRole('dialog', { name: 'cases-events' });
      await popup.getByRole('button', { name: 'Remove connection' }).click();
      const confirmDialog = page.getByRole('dialog', { name: /Remove the connection to cases-events/ });
      await confirmDialog.getByLabel('Enter the word remove to confirm.').fill('remove');
      await env.shot(`appintegrations-05-${label}-remove`);
      await confirmDialog.getByRole('button', { name: 'Remove', exact: true }).click();
      await page.getByText(`${section} is no longer connected to cases-events.`).waitFor();
    });
  }

  it('deletes the integrations (the page uses the CLI; here the SDK) and then the role: SUCCEEDED', async () => {
    const associations = await appIntegrations.send(new ListEventIntegrationAssociationsCommand({ EventIntegrationName: 'cases-events' }));
    assert.deepEqual(associations.EventIntegrationAssociations ?? [], []);
    await appIntegrations.send(new DeleteDataIntegrationCommand({ DataIntegrationIdentifier: 'salesforce-articles' }));
    await appIntegrations.send(new DeleteDataIntegrationCommand({ DataIntegrationIdentifier: 'reporting-files' }));
    await appIntegrations.send(new DeleteEventIntegrationCommand({ Name: 'cases-events' }));
    let status = await deleteRoleInConsole();
    // The page's note: while the service is using the role (a flow run), wait and try again.
    for (let i = 0; status === 'FAILED' && i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await deleteRoleInConsole();
    }
    assert.equal(status, 'SUCCEEDED');
    await env.page.locator('#deletion-status').getByText('The role is deleted.').waitFor();
    await env.shot('appintegrations-06-deletion-succeeded');
    await assert.rejects(iam.send(new GetRoleCommand({ RoleName: ROLE })), { name: 'NoSuchEntityException' });
  });

  it('creates the role again in the IAM console with the AppIntegrations use case; a second time is refused as AWS refuses it', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/roles`);
    await page.getByRole('link', { name: 'Create service-linked role' }).click();
    await page.getByLabel('AWS service').selectOption('app-integrations.amazonaws.com');
    await env.shot('appintegrations-07-create-role');
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByText(`The service-linked role ${ROLE} is created.`).waitFor();
    const role = (await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!;
    assert.equal(role.Path, '/aws-service-role/app-integrations.amazonaws.com/');
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
    assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyName), ['AppIntegrationsServiceLinkedRolePolicy']);

    await page.goto(`${env.server.url}/console/iam/create-service-linked-role?service=app-integrations.amazonaws.com`);
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('alert').getByText(`Service role name ${ROLE} has been taken in this account, please try a different suffix.`).waitFor();
  });
});
