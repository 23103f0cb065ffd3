// STS over the Query protocol: GetCallerIdentity, AssumeRole with the trust policy decided by the
// engine, temporary credentials accepted until they expire, RoleLastUsed, role chaining.
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsCliJson } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

const ACCOUNT = '123456789012';
const trusting = (principal: Record<string, string>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

type AwsFailure = Error & { $metadata: { httpStatusCode?: number } };

function expectError(name: string, message: string | RegExp, status: number) {
  return (error: AwsFailure) => {
    assert.equal(error.name, name);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    assert.equal(error.$metadata.httpStatusCode, status);
    return true;
  };
}

describe('STS', () => {
  let server: TestServer;
  let iam: IAMClient;
  let sts: STSClient;
  const clients: { destroy(): void }[] = [];
  const stsWith = (credentials: AssumeRoleCommandOutput['Credentials'], overrides: { sessionToken?: string } = {}) => {
    const client = new STSClient(
      server.clientConfig({ accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey!, sessionToken: overrides.sessionToken ?? credentials!.SessionToken! }),
    );
    clients.push(client);
    return client;
  };
  const iamWith = (credentials: AssumeRoleCommandOutput['Credentials']) => {
    const client = new IAMClient(server.clientConfig({ accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey!, sessionToken: credentials!.SessionToken! }));
    clients.push(client);
    return client;
  };

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient(server.clientConfig());
    sts = new STSClient(server.clientConfig());
    await iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'long-sessions', MaxSessionDuration: 7200, AssumeRolePolicyDocument: trusting({ AWS: ACCOUNT }) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'lambda-only', AssumeRolePolicyDocument: trusting({ Service: 'lambda.amazonaws.com' }) }));
  });
  after(async () => {
    for (const client of [iam, sts, ...clients]) client.destroy();
    await server.stop();
  });

  it('GetCallerIdentity answers the account root for the default test key', async () => {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, ACCOUNT);
    assert.equal(identity.Arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(identity.UserId, ACCOUNT);
  });

  it('AssumeRole returns temporary credentials that sign requests as the assumed role', async () => {
    const before = Date.now();
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/deployer`, RoleSessionName: 'ci-run-1' }));
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'deployer' }))).Role!;
    const credentials = assumed.Credentials!;
    assert.match(credentials.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(credentials.SecretAccessKey!.length, 40);
    assert.ok(credentials.SessionToken!.length > 100);
    const lifetime = credentials.Expiration!.getTime() - before;
    assert.ok(lifetime > 3595_000 && lifetime <= 3601_000, `expires in about an hour, not ${lifetime} ms`);
    assert.equal(assumed.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-run-1`);
    assert.equal(assumed.AssumedRoleUser?.AssumedRoleId, `${role.RoleId}:ci-run-1`);
    assert.equal(assumed.PackedPolicySize, undefined);

    const identity = await stsWith(credentials).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-run-1`);
    assert.equal(identity.UserId, `${role.RoleId}:ci-run-1`);
    assert.equal(identity.Account, ACCOUNT);
  });

  it('records RoleLastUsed (date and region) on every assumption', async () => {
    const west = new STSClient(server.clientConfig({ region: 'eu-west-1' }));
    clients.push(west);
    const started = Date.now();
    await west.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/long-sessions`, RoleSessionName: 'last-used' }));
    const lastUsed = (await iam.send(new GetRoleCommand({ RoleName: 'long-sessions' }))).Role!.RoleLastUsed!;
    assert.equal(lastUsed.Region, 'eu-west-1');
    assert.ok(lastUsed.LastUsedDate!.getTime() >= Math.floor(started / 1000) * 1000);
  });

  it('DurationSeconds sets the expiry, bounded by the role MaxSessionDuration', async () => {
    const short = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/deployer`, RoleSessionName: 'short', DurationSeconds: 900 }));
    const lifetime = short.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(lifetime > 890_000 && lifetime <= 901_000, `${lifetime}`);
    const long = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/long-sessions`, RoleSessionName: 'long', DurationSeconds: 7200 }));
    assert.ok(long.Credentials!.Expiration!.getTime() - Date.now() > 7190_000);
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/deployer`, RoleSessionName: 'too-long', DurationSeconds: 7200 })),
      expectError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400),
    );
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/deployer`, RoleSessionName: 'too-short', DurationSeconds: 60 })),
      expectError('ValidationError', "1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", 400),
    );
  });

  it('refuses a caller the trust policy does not name, a missing role, and a role ARN with the wrong path', async () => {
    for (const roleArn of [`arn:aws:iam::${ACCOUNT}:role/lambda-only`, `arn:aws:iam::${ACCOUNT}:role/no-such-role`, `arn:aws:iam::${ACCOUNT}:role/some/path/deployer`]) {
      await assert.rejects(
        sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'nope' })),
        expectError('AccessDenied', `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403),
      );
    }
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:user/not-a-role', RoleSessionName: 'nope' })), expectError('ValidationError', 'Request ARN is invalid', 400));
  });

  it('refuses any customer, even the root user, a service-linked role: only its service may assume it', async () => {
    const created = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' }));
    const roleArn = created.Role!.Arn!;
    assert.equal(roleArn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/app-integrations.amazonaws.com/AWSServiceRoleForAppIntegrations`);
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'hijack' })),
      expectError('AccessDenied', `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403),
    );
    const after = (await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAppIntegrations' }))).Role!;
    assert.deepEqual(after.RoleLastUsed, {}, 'a refused assumption is no use of the role');
  });

  it('refuses a session key with a wrong or missing session token', async () => {
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/deployer`, RoleSessionName: 'token-check' }));
    const invalid = expectError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    await assert.rejects(stsWith(assumed.Credentials, { sessionToken: 'IQoJb3JpZ2luX2VjEwrong' }).send(new GetCallerIdentityCommand({})), invalid);
    const noToken = new STSClient(server.clientConfig({ accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey! }));
    clients.push(noToken);
    await assert.rejects(noToken.send(new GetCallerIdentityCommand({})), invalid);
    const wrongSecret = new STSClient(server.clientConfig({ accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: 'x'.repeat(40), sessionToken: assumed.Credentials!.SessionToken! }));
    clients.push(wrongSecret);
    await assert.rejects(wrongSecret.send(new GetCallerIdentityCommand({})), { name: 'SignatureDoesNotMatch' });
  });

  it('a session acts with its role policies: allowed what they allow, AccessDenied otherwise', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/reader`, RoleSessionName: 'reading' }));
    const reader = iamWith(assumed.Credentials);
    assert.equal((await reader.send(new GetRoleCommand({ RoleName: 'deployer' }))).Role?.RoleName, 'deployer');
    await assert.rejects(
      reader.send(new CreateRoleCommand({ RoleName: 'sneaky', AssumeRolePolicyDocument: trusting({ Service: 'ec2.amazonaws.com' }) })),
      expectError(
        'AccessDenied',
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/reader/reading is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${ACCOUNT}:role/sneaky because no identity-based policy allows the iam:CreateRole action`,
        403,
      ),
    );
    // The refusal is in the audit trail with its explanation (the statements considered and why none allowed).
    const [refusal] = await server.app.audit.query({ accountId: ACCOUNT, principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/reading`, decision: 'denied' });
    assert.equal(refusal.action, 'iam:CreateRole');
    assert.match(JSON.parse(refusal.detail).explanation, /iam:CreateRole/);
  });

  it('role chaining: needs sts:AssumeRole in the first role policies, and is limited to one hour', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'hop-1', AssumeRolePolicyDocument: trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'hop-2', MaxSessionDuration: 7200, AssumeRolePolicyDocument: trusting({ AWS: `arn:aws:iam::${ACCOUNT}:role/hop-1` }) }));
    const first = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/hop-1`, RoleSessionName: 'first' }));
    const hop = stsWith(first.Credentials);
    await assert.rejects(
      hop.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/hop-2`, RoleSessionName: 'second' })),
      expectError(
        'AccessDenied',
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/hop-1/first is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/hop-2 because no identity-based policy allows the sts:AssumeRole action`,
        403,
      ),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'hop-1',
        PolicyName: 'chain',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/hop-*` }] }),
      }),
    );
    await assert.rejects(
      hop.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/hop-2`, RoleSessionName: 'second', DurationSeconds: 7200 })),
      expectError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400),
    );
    const second = await hop.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/hop-2`, RoleSessionName: 'second' }));
    const identity = await stsWith(second.Credentials).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/hop-2/second`);
  });

  it('the AWS CLI: assume-role, then get-caller-identity with the session, and a refusal with its code', async () => {
    const assumed = await awsCliJson<{ Credentials: Record<string, string>; AssumedRoleUser: { Arn: string } }>(server.url, [
      'sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/deployer`, '--role-session-name', 'from-cli', '--duration-seconds', '900',
    ]);
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/from-cli`);
    const identity = await awsCliJson<{ Arn: string }>(server.url, ['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: assumed.Credentials.SessionToken,
    });
    assert.equal(identity.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/from-cli`);
    const refused = await awsCli(server.url, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/lambda-only`, '--role-session-name', 'from-cli']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`An error occurred \\(AccessDenied\\) when calling the AssumeRole operation: User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/lambda-only`));
  });

  it('session tags and a source identity need sts:TagSession and sts:SetSourceIdentity in the trust policy', async () => {
    const tags = [{ Key: 'team', Value: 'core' }];
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/deployer`, RoleSessionName: 'tagged', Tags: tags })),
      expectError('AccessDenied', `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:TagSession on resource: arn:aws:iam::${ACCOUNT}:role/deployer`, 403),
    );
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/deployer`, RoleSessionName: 'sourced', SourceIdentity: 'alice' })),
      expectError('AccessDenied', `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:SetSourceIdentity on resource: arn:aws:iam::${ACCOUNT}:role/deployer`, 403),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'taggable',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }],
        }),
      }),
    );
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/taggable`, RoleSessionName: 'tagged', Tags: tags, SourceIdentity: 'alice' }));
    assert.equal(assumed.SourceIdentity, 'alice');
    assert.ok((assumed.PackedPolicySize ?? 0) > 0);
  });

  it('a session policy narrows the session and is reported in PackedPolicySize', async () => {
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/reader`,
        RoleSessionName: 'narrowed',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: `arn:aws:iam::${ACCOUNT}:role/deployer` }] }),
      }),
    );
    assert.ok((assumed.PackedPolicySize ?? 0) > 0);
    const narrowed = iamWith(assumed.Credentials);
    await narrowed.send(new GetRoleCommand({ RoleName: 'deployer' }));
    await assert.rejects(narrowed.send(new GetRoleCommand({ RoleName: 'lambda-only' })), { name: 'AccessDenied' });
    // AWS names the policy type that refused: the session policy where only it does not allow, else the
    // identity-based policies (the role's), as the IAM User Guide's access-denied messages do.
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/reader/narrowed`;
    const refusals: [call: () => Promise<unknown>, message: string][] = [
      [
        () => narrowed.send(new GetRoleCommand({ RoleName: 'lambda-only' })),
        `User: ${session} is not authorized to perform: iam:GetRole on resource: arn:aws:iam::${ACCOUNT}:role/lambda-only because no session policy allows the iam:GetRole action`,
      ],
      [
        () => narrowed.send(new CreateRoleCommand({ RoleName: 'narrowed-new', AssumeRolePolicyDocument: trusting({ Service: 'ec2.amazonaws.com' }) })),
        `User: ${session} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${ACCOUNT}:role/narrowed-new because no identity-based policy allows the iam:CreateRole action`,
      ],
    ];
    for (const [call, message] of refusals) await assert.rejects(call(), { name: 'AccessDenied', message });
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/reader`, RoleSessionName: 'bad-policy', Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}' })),
      { name: 'MalformedPolicyDocumentException' },
    );
  });
});

describe('STS session expiry', () => {
  let offsetMs = 0;
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ clock: () => new Date(Date.now() + offsetMs) });
  });
  after(async () => server.stop());

  it('accepts session credentials until they expire, then answers ExpiredToken', async () => {
    const iam = new IAMClient(server.clientConfig());
    const sts = new STSClient(server.clientConfig());
    await iam.send(new CreateRoleCommand({ RoleName: 'brief', AssumeRolePolicyDocument: trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }));
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/brief`, RoleSessionName: 'brief', DurationSeconds: 900 }));
    const config = server.clientConfig({ accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! });
    const session = new STSClient(config);
    assert.match((await session.send(new GetCallerIdentityCommand({}))).Arn!, /assumed-role\/brief\/brief$/);
    // Sixteen minutes later (the client's clock moves with the server's, so the signature stays current).
    offsetMs = 16 * 60 * 1000;
    const later = new STSClient({ ...config, systemClockOffset: offsetMs });
    await assert.rejects(later.send(new GetCallerIdentityCommand({})), expectError('ExpiredToken', 'The security token included in the request is expired', 403));
    for (const client of [iam, sts, session, later]) client.destroy();
  });
});
