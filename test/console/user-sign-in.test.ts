// IAM users sign in to the console in Chromium: account id (or alias), user name and password; the MFA code
// when the user has a device; a new password when an administrator requires one or it expired (HardExpiry:
// refused). Signed in, the console acts as the user: its pages are allowed or refused by the user's policies,
// MFA conditions included. The root's access-key sign-in still works.
import { CreateAccountAliasCommand, CreateLoginProfileCommand, CreateUserCommand, GetLoginProfileCommand, GetUserCommand, IAMClient, ListUsersCommand, PutUserPolicyCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enabledDevice } from '../support/mfa.js';
import { signInDefault, skipReason, startConsoleEnv, type ConsoleEnv } from './support.js';

const ACCOUNT = '123456789012';
const REFUSED = 'Your authentication information is incorrect. Please try again.';

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('console: IAM users sign in with a password and MFA', { skip: skipReason }, () => {
  let env: ConsoleEnv;
  let iam: IAMClient;
  let offset = 0;

  before(async () => {
    env = await startConsoleEnv({ clock: () => new Date(Date.now() + offset) });
    iam = new IAMClient(env.server.clientConfig());
  });
  after(async () => {
    iam?.destroy();
    await env?.stop();
  });

  /** A user with a password and a policy allowing iam:ListRoles (and, with MFA only, lex:ListBots). */
  async function user(name: string, password: string, resetRequired = false) {
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: password, PasswordResetRequired: resetRequired }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: name,
        PolicyName: 'console',
        PolicyDocument: policy(
          { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' },
          { Effect: 'Allow', Action: 'lex:ListBots', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
        ),
      }),
    );
  }

  async function signOut() {
    const { page } = env;
    if (await page.getByRole('button', { name: 'Sign out' }).count()) await page.getByRole('button', { name: 'Sign out' }).click();
    await env.context.clearCookies();
  }

  async function passwordStep(account: string, userName: string, password: string) {
    const { page } = env;
    await page.goto(`${env.server.url}/console/signin`);
    await page.getByRole('link', { name: 'Sign in as an IAM user with a password' }).click();
    await page.getByLabel('Account ID or alias').fill(account);
    await page.getByLabel('IAM user name').fill(userName);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it("the root's access-key sign-in still works", async () => {
    await signInDefault(env);
    await env.page.getByText(`arn:aws:iam::${ACCOUNT}:root`).first().waitFor();
    await signOut();
  });

  it('a wrong account, user name or password: one refusal, no session', async () => {
    await user('ana', 'Ana-Secret-12');
    for (const [account, name, password] of [[ACCOUNT, 'ana', 'wrong-password'], [ACCOUNT, 'nobody', 'Ana-Secret-12'], ['999999999999', 'ana', 'Ana-Secret-12'], ['no-such-alias', 'ana', 'Ana-Secret-12']]) {
      await passwordStep(account, name, password);
      await env.page.getByRole('alert').getByText(REFUSED).waitFor();
      assert.equal(await env.page.getByRole('heading', { name: 'Sign in as an IAM user' }).count(), 1);
    }
    const answer = await env.page.request.get(`${env.server.url}/console/iam/roles`, { maxRedirects: 0 });
    assert.equal(answer.status(), 303, 'not signed in');
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'ana' }))).User?.PasswordLastUsed, undefined, 'a failed sign-in is no use of the password');
  });

  it('signed in with a password, the console acts as the user: its policies allow and refuse the pages', async () => {
    const { page } = env;
    await passwordStep(ACCOUNT, 'ana', 'Ana-Secret-12');
    await page.getByRole('heading', { name: 'Console home' }).waitFor();
    await page.getByText(`arn:aws:iam::${ACCOUNT}:user/ana`).first().waitFor();
    await env.shot('user-sign-in-01-home');
    await page.goto(`${env.server.url}/console/iam/roles`);
    assert.equal(await page.getByRole('alert').count(), 0, 'iam:ListRoles is allowed');
    // lex:ListBots is allowed only with MFA: refused, with AWS's reason.
    await page.goto(`${env.server.url}/console/lex/bots`);
    await page.getByRole('alert').getByText(`User: arn:aws:iam::${ACCOUNT}:user/ana is not authorized to perform: lex:ListBots`, { exact: false }).waitFor();
    // The password's last use is the sign-in (GetUser's PasswordLastUsed).
    const { User } = await iam.send(new GetUserCommand({ UserName: 'ana' }));
    assert.ok(User?.PasswordLastUsed instanceof Date, `PasswordLastUsed ${User?.PasswordLastUsed}`);
    const listed = (await iam.send(new ListUsersCommand({}))).Users!.find((u) => u.UserName === 'ana');
    assert.equal(listed?.PasswordLastUsed?.getTime(), User.PasswordLastUsed.getTime(), 'ListUsers answers it too');
    await signOut();
  });

  it('by the account alias too', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' }));
    await passwordStep('example-corp', 'ana', 'Ana-Secret-12');
    await env.page.getByRole('heading', { name: 'Console home' }).waitFor();
    await signOut();
  });

  it('a user with an MFA device gives its code: a wrong one is refused; signed in, the session is an MFA session', async () => {
    const { page } = env;
    await user('ben', 'Ben-Secret-123');
    const device = await enabledDevice(iam, 'ben');
    await passwordStep(ACCOUNT, 'ben', 'Ben-Secret-123');
    await page.getByRole('heading', { name: 'Multi-factor authentication' }).waitFor();
    // Not signed in yet: the pages still send to sign-in.
    assert.equal((await page.request.get(`${env.server.url}/console/iam/roles`, { maxRedirects: 0 })).status(), 303);
    await page.getByLabel('MFA code').fill(device.code() === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('alert').getByText('The MFA code is not valid. Please try again.').waitFor();
    await page.getByLabel('MFA code').fill(device.code());
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Console home' }).waitFor();
    await page.goto(`${env.server.url}/console/lex/bots`);
    assert.equal(await page.getByRole('alert').filter({ hasText: 'not authorized' }).count(), 0, 'lex:ListBots is allowed with MFA');
    await env.shot('user-sign-in-02-mfa-session');
    // The audit trail has the sign-in, with its MFA, and the calls of the console as the user.
    await env.server.app.audit.flush();
    const logins = await env.server.app.audit.query({ accountId: ACCOUNT, principalArn: `arn:aws:iam::${ACCOUNT}:user/ben`, action: 'signin:ConsoleLogin' });
    assert.deepEqual(logins.map((e) => [e.decision, JSON.parse(e.detail).MFAUsed]), [['allowed', 'Yes']]);
    const bots = await env.server.app.audit.query({ accountId: ACCOUNT, principalArn: `arn:aws:iam::${ACCOUNT}:user/ben`, action: 'lex:ListBots' });
    assert.deepEqual(bots.map((e) => [e.decision, e.access_key_id?.slice(0, 4)]), [['allowed', 'ASIA']]);
    await signOut();
    // The code is used: signing in again with it is refused.
    await passwordStep(ACCOUNT, 'ben', 'Ben-Secret-123');
    await page.getByLabel('MFA code').fill(device.code());
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('alert').getByText('The MFA code is not valid. Please try again.').waitFor();
    await env.context.clearCookies();
  });

  it('PasswordResetRequired: a new password first, held to the policy; then signed in, the flag cleared', async () => {
    const { page } = env;
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireNumbers: true }));
    await user('cleo', 'Cleo-Secret-12', true);
    await passwordStep(ACCOUNT, 'cleo', 'Cleo-Secret-12');
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    const change = async (old: string, next: string, again = next) => {
      await page.getByLabel('Old password').fill(old);
      await page.getByLabel('New password', { exact: true }).fill(next);
      await page.getByLabel('Retype new password').fill(again);
      await page.getByRole('button', { name: 'Change password and sign in' }).click();
    };
    await change('Cleo-Secret-12', 'Cleo-Secret-34', 'Cleo-Secret-56');
    await page.getByRole('alert').getByText('The new passwords do not match.').waitFor();
    await change('Cleo-Secret-12', 'short-1');
    await page.getByRole('alert').getByText('PasswordPolicyViolation: Password should have a minimum length of 12').waitFor();
    await change('Cleo-Secret-12', 'No-Numbers-At-All');
    await page.getByRole('alert').getByText('PasswordPolicyViolation: Password should have at least one number').waitFor();
    await env.shot('user-sign-in-03-change-password');
    await change('Cleo-Secret-12', 'Cleo-Secret-34');
    await page.getByRole('heading', { name: 'Console home' }).waitFor();
    assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'cleo' }))).LoginProfile?.PasswordResetRequired, false);
    await signOut();
    await passwordStep(ACCOUNT, 'cleo', 'Cleo-Secret-12');
    await page.getByRole('alert').getByText(REFUSED).waitFor();
  });

  it('My security credentials: the user changes its own password with ChangePassword (refusals shown), then signs in with it', async () => {
    const { page } = env;
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10 }));
    await user('finn', 'Finn-Secret-1');
    const own = `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`;
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'finn',
        PolicyName: 'own-credentials',
        PolicyDocument: policy({ Effect: 'Allow', Action: ['iam:GetLoginProfile', 'iam:ListMFADevices'], Resource: own }, { Effect: 'Allow', Action: 'iam:GetAccountPasswordPolicy', Resource: '*' }),
      }),
    );
    const device = await enabledDevice(iam, 'finn');
    await passwordStep(ACCOUNT, 'finn', 'Finn-Secret-1');
    await page.getByLabel('MFA code').fill(device.code());
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('link', { name: 'My security credentials' }).click();
    await page.getByRole('heading', { name: 'My security credentials' }).waitFor();
    await page.getByText(device.serialNumber).waitFor();
    await page.getByText("The account's password policy: at least 10 characters.").waitFor();
    const change = async (old: string, next: string) => {
      await page.getByLabel('Old password').fill(old);
      await page.getByLabel('New password', { exact: true }).fill(next);
      await page.getByLabel('Retype new password').fill(next);
      await page.getByRole('button', { name: 'Change password' }).click();
    };
    // Without iam:ChangePassword or the policy's AllowUsersToChangePassword, AWS's refusal.
    await change('Finn-Secret-1', 'Finn-Secret-2');
    await page.getByRole('alert').getByText(`User: arn:aws:iam::${ACCOUNT}:user/finn is not authorized to perform: iam:ChangePassword`, { exact: false }).waitFor();
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10, AllowUsersToChangePassword: true }));
    await change('Finn-Secret-9', 'Finn-Secret-2');
    await page.getByRole('alert').getByText('The old password is incorrect.').waitFor();
    await change('Finn-Secret-1', 'Finn-2');
    await page.getByRole('alert').getByText('Password should have a minimum length of 10').waitFor();
    await change('Finn-Secret-1', 'Finn-Secret-2');
    await page.getByText('Your password is changed.').waitFor();
    await env.shot('user-sign-in-04-security-credentials');
    await signOut();
    await passwordStep(ACCOUNT, 'finn', 'Finn-Secret-1');
    await page.getByRole('alert').getByText(REFUSED).waitFor();
    await passwordStep(ACCOUNT, 'finn', 'Finn-Secret-2');
    await page.getByRole('heading', { name: 'Multi-factor authentication' }).waitFor();
    await env.context.clearCookies();
  });

  it('an expired password (MaxPasswordAge) is changed at sign-in; under HardExpiry it is refused', async () => {
    const { page } = env;
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 1 }));
    await user('dan', 'Dan-Secret-12');
    await user('eve', 'Eve-Secret-12');
    // Two days on (the server's clock): both passwords have expired.
    offset = 2 * 86400_000;
    try {
      await passwordStep(ACCOUNT, 'dan', 'Dan-Secret-12');
      await page.getByRole('heading', { name: 'Change your password' }).waitFor();
      await page.getByText('Your password has expired.').waitFor();
      await page.getByLabel('Old password').fill('Dan-Secret-12');
      await page.getByLabel('New password', { exact: true }).fill('Dan-Secret-34');
      await page.getByLabel('Retype new password').fill('Dan-Secret-34');
      await page.getByRole('button', { name: 'Change password and sign in' }).click();
      await page.getByRole('heading', { name: 'Console home' }).waitFor();
      await env.context.clearCookies();

      offset = 0;
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 1, HardExpiry: true }));
      offset = 2 * 86400_000;
      await passwordStep(ACCOUNT, 'eve', 'Eve-Secret-12');
      await page.getByRole('alert').getByText(/Your password has expired\. Only an administrator can set a new one/).waitFor();
    } finally {
      offset = 0;
    }
  });
});
