// The console's "Effective permissions" page of a role and of a user, in Chromium: reached from the role's
// page and the users list; by service, each allowed action with its resources, conditions and granting
// statements (highlighted in the policy), the denies; a service-linked role's page says it is what the
// service may do in the account; a large answer is indexed by service; a caller without
// iam:SimulatePrincipalPolicy sees AWS's refusal.
import { CreateRoleCommand, CreateServiceLinkedRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signIn, signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from './support.js';

const ACCOUNT = '123456789012';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });

describe('console: effective permissions', { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let iam: IAMClient;

  before(async () => {
    env = await startConsoleEnv();
    iam = new IAMClient(env.server.clientConfig());
    await iam.send(new CreateRoleCommand({ RoleName: 'console-reader', AssumeRolePolicyDocument: trust }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'console-reader',
        PolicyName: 'Data',
        PolicyDocument: doc(
          { Sid: 'ReadData', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' },
          { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/secret/*' },
          { Sid: 'PassToLambda', Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/app-*`, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } },
        ),
      }),
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'console-admin', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'console-admin', PolicyName: 'All', PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
    await iam.send(new CreateUserCommand({ UserName: 'console-eve' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'console-eve', PolicyName: 'Queues', PolicyDocument: doc({ Sid: 'Send', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders` }) }));
    await iam.send(new CreateUserCommand({ UserName: 'console-tagged', Tags: [{ Key: 'team', Value: 'blue' }] }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'console-tagged',
        PolicyName: 'Team',
        PolicyDocument: doc(
          { Sid: 'Blue', Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:\${aws:PrincipalTag/team}-*`, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
          { Sid: 'Red', Effect: 'Allow', Action: 'sqs:DeleteMessage', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } },
        ),
      }),
    );
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' }));
    await signInDefault(env);
  });
  after(async () => {
    iam?.destroy();
    await env?.stop();
  });

  it("a role's page links to its effective permissions: each action, resources, conditions, denies and the granting statement highlighted", async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/roles/console-reader`);
    await page.getByRole('navigation', { name: 'Role' }).getByRole('link', { name: 'Effective permissions' }).click();
    await page.getByRole('heading', { name: 'Effective permissions of console-reader' }).waitFor();
    assert.match(await page.getByRole('status').innerText(), /1 action allowed, 1 allowed under conditions, 0 denied, in 2 services/);
    const s3 = page.getByRole('table', { name: 'Actions of s3' });
    const getObject = s3.getByRole('row', { name: /s3:GetObject/ });
    assert.match(await getObject.innerText(), /allowed[\s\S]*arn:aws:s3:::data\/\*[\s\S]*denied\s+arn:aws:s3:::data\/secret\/\*/);
    assert.match(await getObject.innerText(), /console-reader\/Data statement 0 \(ReadData\)[\s\S]*Deny\s+console-reader\/Data statement 1 \(NoSecrets\)/);
    const passRole = page.getByRole('table', { name: 'Actions of iam' }).getByRole('row', { name: /iam:PassRole/ });
    assert.match(await passRole.innerText(), /allowed under conditions[\s\S]*arn:aws:iam::123456789012:role\/app-\*[\s\S]*when StringEquals iam:PassedToService lambda\.amazonaws\.com/);
    // The granting and denying statements are highlighted in the policy; the link leads there.
    const marked = await page.locator('.j-mark').allInnerTexts();
    const text = marked.join('\n');
    for (const sid of ['ReadData', 'NoSecrets', 'PassToLambda']) assert.match(text, new RegExp(sid));
    await getObject.getByRole('link', { name: 'console-reader/Data statement 0 (ReadData)' }).click();
    assert.match(page.url(), /#policy-console-reader-Data$/);
    await env.shot('effective-01-role');
  });

  it("conditions on what the principal is are decided: its tag is met, another team's grant is none", async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/users/console-tagged/effective`);
    assert.match(await page.getByRole('status').innerText(), /1 action allowed, 0 allowed under conditions, 0 denied, in 1 services/);
    const receive = page.getByRole('table', { name: 'Actions of sqs' }).getByRole('row', { name: /sqs:ReceiveMessage/ });
    assert.match(await receive.innerText(), /allowed[\s\S]*arn:aws:sqs:us-east-1:123456789012:blue-\*[\s\S]*met by the principal: StringEquals aws:PrincipalTag\/team blue/);
    assert.equal(await page.getByRole('row', { name: /sqs:DeleteMessage/ }).count(), 0);
  });

  it('filters by action and resource: one resource decided', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/roles/console-reader/effective`);
    await page.getByLabel('Action').fill('s3:GetObject');
    await page.getByLabel('Resource').fill('arn:aws:s3:::data/secret/plan.txt');
    await page.getByRole('button', { name: 'Show' }).click();
    assert.match(await page.getByRole('status').innerText(), /0 actions allowed, 0 allowed under conditions, 1 denied/);
    assert.match(await page.getByRole('row', { name: /s3:GetObject/ }).innerText(), /denied[\s\S]*arn:aws:s3:::data\/secret\/plan\.txt/);
  });

  it("a service-linked role's page says it is what its service may do in the account", async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/roles/AWSServiceRoleForAppIntegrations/effective`);
    await page.getByText(/This is what app-integrations\.amazonaws\.com may do in the account/).waitFor();
    assert.equal(await page.locator('.badge-slr').count() > 0, true);
    assert.match(await page.getByRole('status').innerText(), /[1-9]\d* actions? allowed|[1-9]\d* allowed under conditions/);
    assert.ok((await page.getByRole('table', { name: 'Actions of appflow' }).getByRole('row').count()) > 1);
    await env.shot('effective-02-service-linked-role');
  });

  it('a large answer is indexed by service, each a link to its actions', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/roles/console-admin/effective`);
    const services = page.getByRole('table', { name: 'Services and their actions' });
    await services.waitFor();
    assert.ok((await services.getByRole('row').count()) > 300, 'every service of the reference');
    await services.getByRole('link', { name: 'sqs', exact: true }).click();
    await page.getByRole('table', { name: 'Actions of sqs' }).getByRole('row', { name: /sqs:SendMessage/ }).waitFor();
    assert.equal(await page.getByRole('table', { name: 'Services and their actions' }).count(), 0);
  });

  it("the users list links to each user's effective permissions", async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/iam/users`);
    await page.getByRole('link', { name: 'Effective permissions of console-eve' }).click();
    await page.getByRole('heading', { name: 'Effective permissions of console-eve' }).waitFor();
    const row = page.getByRole('table', { name: 'Actions of sqs' }).getByRole('row', { name: /sqs:SendMessage/ });
    assert.match(await row.innerText(), /arn:aws:sqs:us-east-1:123456789012:orders[\s\S]*console-eve\/Queues statement 0 \(Send\)/);
    assert.equal(await page.getByRole('table', { name: 'Actions of s3' }).count(), 0);
  });

  it('who can: the roles and users allowed an action on a resource, each a link to its effective permissions', async () => {
    const { page } = env;
    await page.goto(`${env.server.url}/console/insight`);
    await page.getByRole('navigation', { name: 'Insight' }).getByRole('link', { name: 'Who can' }).click();
    const find = async (action: string, resource: string) => {
      await page.getByLabel('Action').fill(action);
      await page.getByLabel('Resource').fill(resource);
      await page.getByRole('button', { name: 'Find' }).click();
      const rows = page.getByRole('table', { name: 'Roles and users allowed' }).getByRole('row');
      await page.getByRole('status').waitFor();
      return (await rows.allInnerTexts()).slice(1).map((r) => r.split(/\s/)[0]);
    };
    assert.deepEqual(await find('s3:GetObject', 'arn:aws:s3:::data/report.csv'), ['console-admin', 'console-reader']);
    // The deny of data/secret/* leaves only the administrator.
    assert.deepEqual(await find('s3:GetObject', 'arn:aws:s3:::data/secret/plan.txt'), ['console-admin']);
    assert.deepEqual(await find('sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`), ['console-admin', 'console-eve']);
    await env.shot('effective-03-who-can');
    await page.getByRole('link', { name: 'console-eve' }).click();
    await page.getByRole('heading', { name: 'Effective permissions of console-eve' }).waitFor();
    const unknown = await page.goto(`${env.server.url}/console/insight/who-can?action=sqs:NoSuchAction&resource=*`);
    assert.equal(unknown?.status(), 400);
    await page.getByRole('alert').getByText(/sqs:NoSuchAction is not an action/).waitFor();
  });

  it('a caller without iam:SimulatePrincipalPolicy sees AWS\'s refusal, not the permissions', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'console-viewer', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'console-viewer', PolicyName: 'Read', PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:GetRole', 'sts:GetCallerIdentity'], Resource: '*' }) }));
    const sts = new STSClient(env.server.clientConfig());
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/console-viewer`, RoleSessionName: 'vic' }));
    sts.destroy();
    const { page } = env;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(env, Credentials!.AccessKeyId!, Credentials!.SecretAccessKey!, Credentials!.SessionToken!);
    await page.getByRole('heading', { name: 'Console home' }).waitFor();
    const answer = await page.goto(`${env.server.url}/console/iam/roles/console-reader/effective`);
    assert.equal(answer?.status(), 403);
    await page.getByRole('alert').getByText(/is not authorized to perform: iam:SimulatePrincipalPolicy/).waitFor();
    assert.equal(await page.getByRole('table', { name: 'Actions of s3' }).count(), 0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInDefault(env);
  });
});
