// STS GetSessionToken (temporary credentials acting as the IAM user or the account root that asked
// for them) and aws:PrincipalTag for role sessions (the role's tags, overridden by session tags).
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { LexModelsV2Client, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';
import { enabledDevice } from '../support/mfa.js';

const ACCOUNT = '123456789012';
const SESSION_CREDENTIALS_REFUSED = 'Cannot call GetSessionToken with session credentials';
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const NO_MFA_DEVICE = 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';

const signedWith = (credentials: Credentials | undefined) => ({
  accessKeyId: credentials!.AccessKeyId!,
  secretAccessKey: credentials!.SecretAccessKey!,
  sessionToken: credentials!.SessionToken!,
});

const lifetime = (credentials: Credentials | undefined, since: number) => credentials!.Expiration!.getTime() - since;

describe('STS GetSessionToken', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient } });

  /** Creates a user with an access key (as root) and an inline policy allowing iam:ListRoles and lex:ListBots. */
  async function user(name: string) {
    await env.iam.send(new CreateUserCommand({ UserName: name }));
    await env.iam.send(
      new PutUserPolicyCommand({
        UserName: name,
        PolicyName: 'list-roles',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:ListRoles', 'lex:ListBots'], Resource: '*' }] }),
      }),
    );
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return { arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, sts: env.client(STSClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }) };
  }

  it("a user's session token acts as the user: identity, the user's policies, the audit trail", async () => {
    const bob = await user('bob');
    const longTerm = await bob.sts.send(new GetCallerIdentityCommand({}));
    const started = Date.now();
    const { Credentials: credentials } = await bob.sts.send(new GetSessionTokenCommand({}));
    assert.match(credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(credentials!.SecretAccessKey!.length, 40);
    assert.ok(credentials!.SessionToken!.length > 100);
    const twelveHours = lifetime(credentials, started);
    assert.ok(twelveHours > 43195_000 && twelveHours <= 43201_000, `12 hours by default, not ${twelveHours} ms`);

    const identity = await env.client(STSClient, signedWith(credentials)).send(new GetCallerIdentityCommand({}));
    assert.deepEqual({ Account: identity.Account, Arn: identity.Arn, UserId: identity.UserId }, { Account: ACCOUNT, Arn: bob.arn, UserId: longTerm.UserId });

    // Other services decide with the user's policies.
    const lex = env.client(LexModelsV2Client, signedWith(credentials));
    assert.ok((await lex.send(new ListBotsCommand({}))).botSummaries);
    // IAM refuses GetSessionToken's credentials unless MFA information came with GetSessionToken, as AWS does.
    await rejectsWith(env.client(IAMClient, signedWith(credentials)).send(new ListRolesCommand({})), 'InvalidClientTokenId', INVALID_TOKEN, 403);

    const device = await enabledDevice(env.iam, 'bob');
    const withMfa = (await bob.sts.send(new GetSessionTokenCommand({ SerialNumber: device.serialNumber, TokenCode: device.code() }))).Credentials;
    const iam = env.client(IAMClient, signedWith(withMfa));
    await iam.send(new ListRolesCommand({}));
    await rejectsWith(
      iam.send(new GetRoleCommand({ RoleName: 'anything' })),
      'AccessDenied',
      `User: ${bob.arn} is not authorized to perform: iam:GetRole on resource: arn:aws:iam::${ACCOUNT}:role/anything because no identity-based policy allows the iam:GetRole action`,
      403,
    );

    await env.server.app.audit.flush();
    const listed = await env.server.app.audit.query({ accountId: ACCOUNT, principalArn: bob.arn, action: 'iam:ListRoles' });
    assert.equal(listed.length, 1);
    assert.equal(listed[0].access_key_id, withMfa!.AccessKeyId);
    assert.equal(listed[0].user_name, 'bob');
    assert.equal(listed[0].decision, 'allowed');
    const issued = await env.server.app.audit.query({ accountId: ACCOUNT, principalArn: bob.arn, action: 'sts:GetSessionToken' });
    assert.equal(issued.length, 2);
    assert.ok(issued.every((e) => e.decision === 'allowed'));
    const bots = await env.server.app.audit.query({ accountId: ACCOUNT, principalArn: bob.arn, action: 'lex:ListBots' });
    assert.deepEqual(bots.map((e) => [e.access_key_id, e.user_name]), [[credentials!.AccessKeyId, 'bob']]);
  });

  it('DurationSeconds: 900..129600 for a user; the root gets at most (and by default) one hour', async () => {
    const carol = await user('carol');
    let started = Date.now();
    const short = await carol.sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    assert.ok(lifetime(short.Credentials, started) > 895_000 && lifetime(short.Credentials, started) <= 901_000);
    started = Date.now();
    const long = await carol.sts.send(new GetSessionTokenCommand({ DurationSeconds: 129600 }));
    assert.ok(lifetime(long.Credentials, started) > 129595_000 && lifetime(long.Credentials, started) <= 129601_000);
    await rejectsWith(
      carol.sts.send(new GetSessionTokenCommand({ DurationSeconds: 129601 })),
      'ValidationError',
      "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600",
      400,
    );
    await rejectsWith(
      carol.sts.send(new GetSessionTokenCommand({ DurationSeconds: 899 })),
      'ValidationError',
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      400,
    );

    started = Date.now();
    const root = await env.sts.send(new GetSessionTokenCommand({}));
    assert.ok(lifetime(root.Credentials, started) > 3595_000 && lifetime(root.Credentials, started) <= 3601_000);
    started = Date.now();
    const rootLong = await env.sts.send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    assert.ok(lifetime(rootLong.Credentials, started) <= 3601_000, 'the root asking for two hours gets one');
    started = Date.now();
    const rootShort = await env.sts.send(new GetSessionTokenCommand({ DurationSeconds: 1200 }));
    assert.ok(lifetime(rootShort.Credentials, started) > 1195_000 && lifetime(rootShort.Credentials, started) <= 1201_000);
  });

  it("the root's session token acts as the root; without an MFA device (not modelled for the root) it calls no IAM operation", async () => {
    await rejectsWith(env.sts.send(new GetSessionTokenCommand({ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, TokenCode: '123456' })), 'AccessDenied', NO_MFA_DEVICE, 403);
    const withoutMfa = (await env.sts.send(new GetSessionTokenCommand({}))).Credentials;
    await rejectsWith(env.client(IAMClient, signedWith(withoutMfa)).send(new ListRolesCommand({})), 'InvalidClientTokenId', INVALID_TOKEN, 403);
    assert.equal((await env.client(STSClient, signedWith(withoutMfa)).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ACCOUNT}:root`);
  });

  it('session credentials cannot ask for a session token: neither a session token nor a role session', async () => {
    const dave = await user('dave');
    const { Credentials: credentials } = await dave.sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    await rejectsWith(env.client(STSClient, signedWith(credentials)).send(new GetSessionTokenCommand({})), 'AccessDenied', SESSION_CREDENTIALS_REFUSED, 403);
    const rootSession = await env.sts.send(new GetSessionTokenCommand({}));
    await rejectsWith(env.client(STSClient, signedWith(rootSession.Credentials)).send(new GetSessionTokenCommand({})), 'AccessDenied', SESSION_CREDENTIALS_REFUSED, 403);

    await env.iam.send(new CreateRoleCommand({ RoleName: 'session-maker', AssumeRolePolicyDocument: trusting() }));
    const assumed = await env.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/session-maker`, RoleSessionName: 'nested' }));
    await rejectsWith(env.client(STSClient, signedWith(assumed.Credentials)).send(new GetSessionTokenCommand({})), 'AccessDenied', SESSION_CREDENTIALS_REFUSED, 403);

    await env.server.app.audit.flush();
    const refused = await env.server.app.audit.query({ accountId: ACCOUNT, principalArn: `arn:aws:iam::${ACCOUNT}:user/dave`, action: 'sts:GetSessionToken' });
    assert.deepEqual(refused.map((e) => [e.access_key_id?.slice(0, 4), e.error_code ?? undefined]).sort(), [['AKIA', undefined], ['ASIA', 'AccessDenied']]);
  });

  it('a wrong or missing session token is InvalidClientTokenId', async () => {
    const erin = await user('erin');
    const { Credentials: credentials } = await erin.sts.send(new GetSessionTokenCommand({}));
    const invalid = INVALID_TOKEN;
    await rejectsWith(env.client(STSClient, { ...signedWith(credentials), sessionToken: 'IQoJb3JpZ2luX2VjEwrong' }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', invalid, 403);
    await rejectsWith(
      env.client(STSClient, { accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey! }).send(new GetCallerIdentityCommand({})),
      'InvalidClientTokenId',
      invalid,
      403,
    );
  });
});

describe('STS GetSessionToken expiry', () => {
  let offsetMs = 0;
  const env = useTestServer({ clients: { iam: IAMClient }, app: { clock: () => new Date(Date.now() + offsetMs) } });

  it("a user's session token signs until it expires, then answers ExpiredToken", async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'frank' }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'frank' }));
    const frank = env.client(STSClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    const { Credentials: credentials } = await frank.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const config = env.server.clientConfig(signedWith(credentials));
    const session = new STSClient(config);
    const later = new STSClient({ ...config, systemClockOffset: 16 * 60 * 1000 });
    try {
      assert.equal((await session.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ACCOUNT}:user/frank`);
      // Sixteen minutes later (the client's clock moves with the server's, so the signature stays current).
      offsetMs = 16 * 60 * 1000;
      await rejectsWith(later.send(new GetCallerIdentityCommand({})), 'ExpiredToken', 'The security token included in the request is expired', 403);
    } finally {
      session.destroy();
      later.destroy();
    }
  });
});

describe('aws:PrincipalTag for role sessions', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient } });

  it("offers the role's tags and the session tags (which win over a role tag with the same key)", async () => {
    await env.iam.send(
      new CreateRoleCommand({
        RoleName: 'tagged',
        Tags: [
          { Key: 'team', Value: 'blue' },
          { Key: 'dept', Value: 'eng' },
        ],
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
        }),
      }),
    );
    await env.iam.send(new CreateRoleCommand({ RoleName: 'target', AssumeRolePolicyDocument: trusting() }));
    await env.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'tagged',
        PolicyName: 'by-principal-tag',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red', 'aws:PrincipalTag/dept': 'eng' } } },
            { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
          ],
        }),
      }),
    );
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/tagged`;

    // The role's own tags: team=blue, dept=eng.
    const plain = await env.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'plain' }));
    const asRole = env.client(IAMClient, signedWith(plain.Credentials));
    await asRole.send(new ListRolesCommand({}));
    await rejectsWith(
      asRole.send(new GetRoleCommand({ RoleName: 'target' })),
      'AccessDenied',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/tagged/plain is not authorized to perform: iam:GetRole on resource: arn:aws:iam::${ACCOUNT}:role/target because no identity-based policy allows the iam:GetRole action`,
      403,
    );

    // A session tag team=red replaces the role's team=blue; dept=eng still comes from the role.
    const red = await env.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'red', Tags: [{ Key: 'Team', Value: 'red' }] }));
    const asRed = env.client(IAMClient, signedWith(red.Credentials));
    assert.equal((await asRed.send(new GetRoleCommand({ RoleName: 'target' }))).Role?.RoleName, 'target');
    await rejectsWith(asRed.send(new ListRolesCommand({})), 'AccessDenied', /because no identity-based policy allows the iam:ListRoles action$/, 403);
  });
});

function trusting(): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
}
