// IAM users' console passwords and the account password policy through the SDK and the AWS CLI: login
// profiles (create, get, update, delete, PasswordResetRequired), ChangePassword (the calling user's own, the
// old password checked, the policy enforced, earlier passwords refused under PasswordReusePrevention), the
// policy's rules each refused with its text, and passwords stored only as salted scrypt hashes.
import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  IAMClient,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';

describe('IAM passwords', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  /** A user with an access key, and an IAM client signing as it. */
  async function user(name: string, password?: string) {
    await env.iam.send(new CreateUserCommand({ UserName: name }));
    if (password) await env.iam.send(new CreateLoginProfileCommand({ UserName: name, Password: password }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return env.client(IAMClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
  }

  it('the account password policy: NoSuchEntity until one is set, AWS defaults for what is not given, deleted', async () => {
    await rejectsWith(env.iam.send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntity', `The Password Policy with domain name ${ACCOUNT} cannot be found.`, 404);
    await rejectsWith(env.iam.send(new DeleteAccountPasswordPolicyCommand({})), 'NoSuchEntity', 'The account policy with name PasswordPolicy cannot be found.', 404);
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ RequireSymbols: true, MaxPasswordAge: 90, PasswordReusePrevention: 5 }));
    assert.deepEqual((await env.iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      MinimumPasswordLength: 6,
      RequireSymbols: true,
      RequireNumbers: false,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 5,
      HardExpiry: false,
    });
    // Every call replaces the whole policy: what it leaves out returns to its default.
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12 }));
    const replaced = (await env.iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!;
    assert.deepEqual([replaced.MinimumPasswordLength, replaced.RequireSymbols, replaced.ExpirePasswords, replaced.MaxPasswordAge, replaced.PasswordReusePrevention], [12, false, false, undefined, undefined]);
    // The model's range: 6..128.
    await rejectsWith(env.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 })), 'ValidationError', /minimumPasswordLength|MinimumPasswordLength/, 400);
    await env.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await rejectsWith(env.iam.send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntity', `The Password Policy with domain name ${ACCOUNT} cannot be found.`, 404);
  });

  it("each rule of the policy refuses a password breaking it, with AWS's PasswordPolicyViolation text; nothing is created", async () => {
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, RequireNumbers: true, RequireSymbols: true }));
    await env.iam.send(new CreateUserCommand({ UserName: 'rules' }));
    const cases: [string, string | undefined][] = [
      ['Sh0rt!pw', 'Password should have a minimum length of 10'],
      ['lower-case-only-1!', 'Password should have at least one uppercase letter'],
      ['UPPER-CASE-ONLY-1!', 'Password should have at least one lowercase letter'],
      ['No-Numbers-Here!', 'Password should have at least one number'],
      ['NoSymbols12345', 'Password should have at least one symbol'],
      ['Every-Rule-Kept-1', undefined],
    ];
    for (const [password, message] of cases) {
      const create = env.iam.send(new CreateLoginProfileCommand({ UserName: 'rules', Password: password }));
      if (message) {
        await rejectsWith(create, 'PasswordPolicyViolation', message, 400);
        await rejectsWith(env.iam.send(new GetLoginProfileCommand({ UserName: 'rules' })), 'NoSuchEntity', 'Login Profile for User rules cannot be found.', 404);
      } else {
        assert.equal((await create).LoginProfile?.UserName, 'rules');
      }
    }
    // UpdateLoginProfile is held to the same rules.
    await rejectsWith(env.iam.send(new UpdateLoginProfileCommand({ UserName: 'rules', Password: 'NoSymbols12345' })), 'PasswordPolicyViolation', 'Password should have at least one symbol', 400);
    await env.iam.send(new DeleteAccountPasswordPolicyCommand({}));
  });

  it("without a policy, AWS's default applies: 8 characters, three of the four kinds, not the user's name", async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'Defaulted1' }));
    for (const password of ['Ab1!', 'alllowercase', 'Defaulted1', 'lowercase123']) {
      await rejectsWith(env.iam.send(new CreateLoginProfileCommand({ UserName: 'Defaulted1', Password: password })), 'PasswordPolicyViolation', 'Password does not conform to the account password policy.', 400);
    }
    await env.iam.send(new CreateLoginProfileCommand({ UserName: 'Defaulted1', Password: 'Lowercase123' }));
  });

  it('a login profile: created (PasswordResetRequired), read, refused twice, updated, deleted; the store keeps a salted hash', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'carol' }));
    const created = await env.iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'Carol-Secret-1', PasswordResetRequired: true }));
    assert.equal(created.LoginProfile?.PasswordResetRequired, true);
    assert.ok(created.LoginProfile?.CreateDate instanceof Date);
    const got = (await env.iam.send(new GetLoginProfileCommand({ UserName: 'carol' }))).LoginProfile!;
    assert.deepEqual([got.UserName, got.PasswordResetRequired, got.CreateDate?.getTime()], ['carol', true, created.LoginProfile!.CreateDate!.getTime()]);
    await rejectsWith(env.iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'Carol-Secret-2' })), 'EntityAlreadyExists', 'Login Profile for user carol already exists.', 409);
    await rejectsWith(env.iam.send(new CreateLoginProfileCommand({ UserName: 'nobody', Password: 'Carol-Secret-2' })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);

    const row = await env.server.app.store.db.selectFrom('iam_login_profiles').selectAll().where('user_key', '=', 'carol').executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    assert.ok(!row.password_hash.includes('Carol-Secret-1'));
    // The audit trail (CloudTrail's requestParameters) leaves the password out, as a sensitive member.
    const events = await env.server.app.audit.query({ accountId: ACCOUNT, action: 'iam:CreateLoginProfile' });
    assert.ok(events.length > 0);
    assert.ok(events.every((e) => !JSON.stringify(e).includes('Carol-Secret')), 'no password in the audit trail');

    await env.iam.send(new UpdateLoginProfileCommand({ UserName: 'carol', PasswordResetRequired: false }));
    assert.equal((await env.iam.send(new GetLoginProfileCommand({ UserName: 'carol' }))).LoginProfile?.PasswordResetRequired, false);
    await env.iam.send(new UpdateLoginProfileCommand({ UserName: 'carol', Password: 'Carol-Secret-3' }));
    const updated = await env.server.app.store.db.selectFrom('iam_login_profiles').selectAll().where('user_key', '=', 'carol').executeTakeFirstOrThrow();
    assert.notEqual(updated.password_hash, row.password_hash);

    // A user with a password is not deleted; renamed, the password follows.
    await rejectsWith(env.iam.send(new DeleteUserCommand({ UserName: 'carol' })), 'DeleteConflict', 'Cannot delete entity, must delete login profile first.', 409);
    await env.iam.send(new UpdateUserCommand({ UserName: 'carol', NewUserName: 'carola' }));
    assert.equal((await env.iam.send(new GetLoginProfileCommand({ UserName: 'carola' }))).LoginProfile?.UserName, 'carola');
    await env.iam.send(new DeleteLoginProfileCommand({ UserName: 'carola' }));
    await rejectsWith(env.iam.send(new DeleteLoginProfileCommand({ UserName: 'carola' })), 'NoSuchEntity', 'Login Profile for User carola cannot be found.', 404);
    await env.iam.send(new DeleteUserCommand({ UserName: 'carola' }));
  });

  it('ChangePassword: the caller\'s own, with iam:ChangePassword or AllowUsersToChangePassword; the old password checked', async () => {
    const dave = await user('dave', 'Dave-Secret-1');
    const refused = `User: arn:aws:iam::${ACCOUNT}:user/dave is not authorized to perform: iam:ChangePassword on resource: arn:aws:iam::${ACCOUNT}:user/dave because no identity-based policy allows the iam:ChangePassword action`;
    await rejectsWith(dave.send(new ChangePasswordCommand({ OldPassword: 'Dave-Secret-1', NewPassword: 'Dave-Secret-2' })), 'AccessDenied', refused, 403);
    // The policy's AllowUsersToChangePassword lets every user change their own, no permission needed.
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, MinimumPasswordLength: 8 }));
    await rejectsWith(dave.send(new ChangePasswordCommand({ OldPassword: 'wrong-old', NewPassword: 'Dave-Secret-2' })), 'AccessDenied', 'The old password is incorrect.', 403);
    await rejectsWith(dave.send(new ChangePasswordCommand({ OldPassword: 'Dave-Secret-1', NewPassword: 'short' })), 'PasswordPolicyViolation', 'Password should have a minimum length of 8', 400);
    await dave.send(new ChangePasswordCommand({ OldPassword: 'Dave-Secret-1', NewPassword: 'Dave-Secret-2' }));
    await rejectsWith(dave.send(new ChangePasswordCommand({ OldPassword: 'Dave-Secret-1', NewPassword: 'Dave-Secret-3' })), 'AccessDenied', 'The old password is incorrect.', 403);
    // Without the policy's permission, the user's own iam:ChangePassword allows it.
    await env.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await env.iam.send(
      new PutUserPolicyCommand({ UserName: 'dave', PolicyName: 'own-password', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` }] }) }),
    );
    await dave.send(new ChangePasswordCommand({ OldPassword: 'Dave-Secret-2', NewPassword: 'Dave-Secret-3' }));
    // The root has no IAM user password to change.
    await rejectsWith(env.iam.send(new ChangePasswordCommand({ OldPassword: 'x', NewPassword: 'Whatever-123' })), 'InvalidUserType', 'Only IAM Users can change their own password.', 400);
  });

  it('PasswordReusePrevention N: none of the last N passwords (the current one included) may come back', async () => {
    const erin = await user('erin', 'Erin-Secret-1');
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, PasswordReusePrevention: 3 }));
    const change = (from: string, to: string) => erin.send(new ChangePasswordCommand({ OldPassword: from, NewPassword: to }));
    const reused = 'Password should not be one of your previous 3 passwords.';
    await rejectsWith(change('Erin-Secret-1', 'Erin-Secret-1'), 'PasswordPolicyViolation', reused, 400);
    await change('Erin-Secret-1', 'Erin-Secret-2');
    await change('Erin-Secret-2', 'Erin-Secret-3');
    await rejectsWith(change('Erin-Secret-3', 'Erin-Secret-1'), 'PasswordPolicyViolation', reused, 400);
    await rejectsWith(change('Erin-Secret-3', 'Erin-Secret-2'), 'PasswordPolicyViolation', reused, 400);
    await change('Erin-Secret-3', 'Erin-Secret-4');
    // Secret-1 is now four passwords back: allowed again.
    await change('Erin-Secret-4', 'Erin-Secret-1');
    await env.iam.send(new DeleteAccountPasswordPolicyCommand({}));
  });

  it('the AWS CLI: create-login-profile, get-login-profile, update-account-password-policy and its refusals', async () => {
    const endpoint = env.server.url;
    await awsCliJson(endpoint, ['iam', 'create-user', '--user-name', 'frank']);
    const created = await awsCliJson(endpoint, ['iam', 'create-login-profile', '--user-name', 'frank', '--password', 'Frank-Secret-1', '--password-reset-required']);
    assert.deepEqual([created.LoginProfile.UserName, created.LoginProfile.PasswordResetRequired], ['frank', true]);
    assert.equal((await awsCliJson(endpoint, ['iam', 'get-login-profile', '--user-name', 'frank'])).LoginProfile.UserName, 'frank');
    assert.match(await awsCliFails(endpoint, ['iam', 'get-account-password-policy']), /NoSuchEntity.*The Password Policy with domain name 123456789012 cannot be found\./);
    await awsCliJson(endpoint, ['iam', 'update-account-password-policy', '--minimum-password-length', '16', '--require-numbers']);
    const policy = await awsCliJson(endpoint, ['iam', 'get-account-password-policy']);
    assert.deepEqual([policy.PasswordPolicy.MinimumPasswordLength, policy.PasswordPolicy.RequireNumbers], [16, true]);
    assert.match(await awsCliFails(endpoint, ['iam', 'update-login-profile', '--user-name', 'frank', '--password', 'Too-Short-1']), /PasswordPolicyViolation.*Password should have a minimum length of 16/);
    await awsCliJson(endpoint, ['iam', 'delete-account-password-policy']);
  });
});
