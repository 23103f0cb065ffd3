// The console itself: the session cookie (HttpOnly, SameSite=Strict), CSRF refusals, editing a
// role's description, a restricted user seeing AWS's refusals with their reasons, the audit trail
// with filters and explanations, the policy simulator with the deciding statement highlighted, the
// service-linked role map, and sign-out.
import { AppIntegrationsClient, CreateEventIntegrationCommand } from '@aws-sdk/client-appintegrations';
import { CreateGroupCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signIn, signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from './support.js';

const ROLE = 'AWSServiceRoleForAppIntegrations';
const ACCOUNT = '123456789012';

describe('console: sessions, authorization, insight', { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let iam: IAMClient;

  before(async () => {
    env = await startConsoleEnv();
    iam = new IAMClient(env.server.clientConfig());
    const appIntegrations = new AppIntegrationsClient(env.server.clientConfig());
    await appIntegrations.send(new CreateEventIntegrationCommand({ Name: 'cases-events', EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default' }));
    appIntegrations.destroy();
  });
  after(async () => {
    iam?.destroy();
    await env?.stop();
  });

  it('signs in with an HttpOnly, SameSite=Strict session cookie; pages need it', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/roles`);
    await page.getByRole('heading', { name: 'Sign in to linkedrole' }).waitFor();
    assert.equal(await page.getByLabel('Access key ID').inputValue(), 'test', 'prefilled on loopback');
    await env.shot('console-01-signin');
    await signInDefault(env);
    const [cookie] = await env.context.cookies();
    assert.equal(cookie.name, 'linkedrole_console');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/console');
    await env.shot('console-02-home');
  });

  it('refuses a change without the CSRF token, and changes nothing', async () => {
    const answer = await env.page.request.post(`${env.server.url}/console/iam/roles/${ROLE}/description`, { form: { description: 'forged' } });
    assert.equal(answer.status(), 403);
    assert.match(await answer.text(), /Request refused/);
    const role = await iam.send(new GetRoleCommand({ RoleName: ROLE }));
    assert.notEqual(role.Role!.Description, 'forged');
  });

  it('edits the description of a service-linked role', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/roles/${ROLE}`);
    await page.getByLabel('Description').fill('Used by our Connect instance');
    await page.getByRole('button', { name: 'Save description' }).click();
    await page.getByText(`The description of ${ROLE} is saved.`).waitFor();
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!.Description, 'Used by our Connect instance');
  });

  it('shows a restricted user AWS refusals with their reasons', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'auditor',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'auditor',
        PolicyName: 'read-roles',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'sts:GetCallerIdentity'], Resource: '*' }] }),
      }),
    );
    const sts = new STSClient(env.server.clientConfig());
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/auditor`, RoleSessionName: 'alice' }));
    sts.destroy();
    const { page } = env;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await signIn(env, Credentials!.AccessKeyId!, Credentials!.SecretAccessKey!, Credentials!.SessionToken!);
    await page.getByRole('heading', { name: 'Console home' }).waitFor();
    await page.goto(`${env.server.url}/console/iam/roles`);
    const refusal = page.getByRole('alert');
    await refusal.getByText(/is not authorized to perform: iam:ListRoles/).waitFor();
    await env.shot('console-03-refused');
    // A change is refused the same way, and nothing changes.
    await page.goto(`${env.server.url}/console/iam/roles/${ROLE}`);
    await page.getByLabel('Description').fill('changed by alice');
    await page.getByRole('button', { name: 'Save description' }).click();
    await page.getByText(/AccessDenied.*iam:UpdateRoleDescription/).waitFor();
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!.Description, 'Used by our Connect instance');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInDefault(env);
  });

  it('shows the audit trail, filtered, with explanations', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/insight/audit`);
    await page.getByLabel('Decision').selectOption('denied');
    await page.getByLabel('Action', { exact: true }).fill('iam:UpdateRoleDescription');
    await page.getByRole('button', { name: 'Filter' }).click();
    const events = page.locator('.event');
    assert.equal(await events.count(), 1);
    await events.first().locator('.badge', { hasText: 'implicitDeny' }).waitFor();
    await events.first().getByText('Why: explanation').click();
    await events.first().getByText(/Implicit deny/).first().waitFor();
    await env.shot('console-04-audit');
    // The decision, explained by the simulator from the role's policies.
    await events.first().getByRole('link', { name: 'Explain this decision in the policy simulator' }).click();
    await page.getByRole('status').getByText('implicitDeny').waitFor();
    await page.getByText(/is not matched by Action/).first().waitFor();
  });

  it('simulates a request and highlights the deciding statement', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/insight/simulator`);
    await page.getByLabel('Principal').fill(`arn:aws:iam::${ACCOUNT}:role/aws-service-role/app-integrations.amazonaws.com/${ROLE}`);
    await page.getByLabel('Action').fill('appflow:StartFlow');
    await page.getByLabel('Resource').fill(`arn:aws:appflow:us-east-1:${ACCOUNT}:flow/FlowCreatedByAppIntegrations-abc`);
    await page.getByLabel(/Context/).fill('aws:ResourceTag/AppIntegrationsManaged=true');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByRole('status').getByText('allowed').waitFor();
    const marked = page.locator('.j-mark');
    assert.ok((await marked.count()) > 3, 'the deciding statement is highlighted');
    assert.match(await marked.allInnerTexts().then((t) => t.join('\n')), /appflow:StartFlow/);
    await env.shot('console-05-simulator');
    // Without the tag, the condition fails: an implicit deny, with the reason.
    await page.getByLabel(/Context/).fill('');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByRole('status').getByText('implicitDeny').waitFor();
  });

  it('draws each service-linked role with its service, grants and resources', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/insight/map`);
    const picture = page.getByRole('img', { name: new RegExp(`${ROLE}: assumed by app-integrations.amazonaws.com`) });
    await picture.waitFor();
    await env.shot('console-06-map');
  });

  it('lists users, groups and customer managed policies', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'console-ana' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'console-auditors' }));
    const readOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }] });
    await iam.send(new CreatePolicyCommand({ PolicyName: 'console-read-roles', PolicyDocument: readOnly }));
    const { page } = env;
    for (const [path, name] of [['users', 'console-ana'], ['groups', 'console-auditors'], ['policies', 'console-read-roles']]) {
      await page.goto(`${env.server.url}/console/iam/${path}`);
      await page.getByRole('table').getByText(name, { exact: true }).waitFor();
    }
    await env.shot('console-users-groups-policies');
  });

  it('creates a service-linked role with a custom suffix from the IAM console', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/create-service-linked-role`);
    await page.getByLabel('AWS service').selectOption('lexv2.amazonaws.com');
    await page.getByLabel(/Custom suffix/).fill('FromConsole');
    await page.getByLabel(/Description/).fill('Made in the console');
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByText('The service-linked role AWSServiceRoleForLexV2Bots_FromConsole is created.').waitFor();
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForLexV2Bots_FromConsole' }))).Role!;
    assert.equal(role.Path, '/aws-service-role/lexv2.amazonaws.com/');
    assert.equal(role.Description, 'Made in the console');
    // A suffix the service does not take is refused with AWS's error, and the form keeps what was typed.
    await page.goto(`${env.server.url}/console/iam/create-service-linked-role`);
    await page.getByLabel('AWS service').selectOption('app-integrations.amazonaws.com');
    await page.getByLabel(/Custom suffix/).fill('Nope');
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('alert').getByText(/InvalidInput/).waitFor();
    assert.equal(await page.getByLabel(/Custom suffix/).inputValue(), 'Nope');
  });

  it('signs out: the session ends', async () => {
    const { page } = env;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${env.server.url}/console/iam/roles`);
    await page.getByRole('heading', { name: 'Sign in to linkedrole' }).waitFor();
  });
});
