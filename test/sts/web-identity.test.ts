// STS AssumeRoleWithWebIdentity through the AWS SDK (which sends it unsigned), the AWS CLI and `linkedrole oidc`:
// tokens signed with keys the test controls (jose), verified against the issuer's registered JWKS; each check AWS
// makes (form, issuer, key, signature, expiry, audience, trust policy with the provider's keys, session tags,
// duration) refused with AWS's code and text; the session's later calls decided with the web identity's keys.
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IssuerKeys, issuerKeysDir } from '../../src/services/sts/web-identity.js';
import { awsCliJson, awsCli } from '../support/aws-cli.js';
import { linkedrole } from '../support/cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const ISSUER = 'https://idp.example.com/tenant';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/idp.example.com/tenant`;
const GITHUB = 'https://token.actions.githubusercontent.com';
const GITHUB_PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

interface SigningKey {
  kid: string;
  alg: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  jwk: JWK;
}

async function signingKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A token signed with `key`: iss, sub, aud and a one-hour expiry unless the claims say otherwise. */
async function mint(key: SigningKey, claims: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISSUER, sub: 'alice-0001', aud: 'my-app', iat: now, exp: now + 3600, ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}

function trust(provider: string, conditions?: Record<string, Record<string, string | string[]>>, actions: string[] = ['sts:AssumeRoleWithWebIdentity']): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: actions, ...(conditions ? { Condition: conditions } : {}) }],
  });
}

describe('STS AssumeRoleWithWebIdentity', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient, trail: CloudTrailClient } });
  let key: SigningKey;
  let github: SigningKey;
  let stranger: SigningKey;
  const assume = (token: string, roleName = 'web-app', extra: Partial<ConstructorParameters<typeof AssumeRoleWithWebIdentityCommand>[0]> = {}) =>
    env.sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, RoleSessionName: 'alice', WebIdentityToken: token, ...extra }));

  before(async () => {
    key = await signingKey('key-1');
    github = await signingKey('gh-1', 'ES384');
    // Same kid, another key: a token it signs must fail the signature check.
    stranger = await signingKey('key-1');
    const keys = new IssuerKeys(issuerKeysDir(env.server.dataDir));
    keys.register(ISSUER, { keys: [key.jwk] });
    keys.register(GITHUB, { keys: [github.jwk] });
    await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: ISSUER, ClientIDList: ['my-app', 'other-app'] }));
    await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }));
    await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://keyless.example.com', ClientIDList: ['my-app'] }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'web-app', AssumeRolePolicyDocument: trust(PROVIDER, { StringEquals: { 'idp.example.com/tenant:aud': 'my-app' } }) }));
    // Later calls: reading roles is allowed only to the web identity alice, through the session's keys.
    await env.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'web-app',
        PolicyName: 'per-subject',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'idp.example.com/tenant:sub': 'alice-0001', 'aws:FederatedProvider': PROVIDER } } },
            { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
          ],
        }),
      }),
    );
    await env.iam.send(new CreateRoleCommand({ RoleName: 'only-bob', AssumeRolePolicyDocument: trust(PROVIDER, { StringEquals: { 'idp.example.com/tenant:sub': 'bob' } }) }));
    await env.iam.send(
      new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: trust(PROVIDER, { StringEquals: { 'aws:RequestTag/team': 'blue' } }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']) }),
    );
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'tagged', PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }] }) }));
    await env.iam.send(
      new CreateRoleCommand({
        RoleName: 'deploy',
        AssumeRolePolicyDocument: trust(GITHUB_PROVIDER, {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo/app:*', 'token.actions.githubusercontent.com:repository': 'octo/app' },
        }),
      }),
    );
  });

  it('exchanges a valid token for a role session (the SDK sends the call unsigned), which signs later calls as the assumed role', async () => {
    const out = await assume(await mint(key));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/web-app/alice`);
    assert.equal(out.SubjectFromWebIdentityToken, 'alice-0001');
    assert.equal(out.Audience, 'my-app');
    assert.equal(out.Provider, PROVIDER);
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(out.PackedPolicySize, undefined);
    const credentials = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    const who = await env.client(STSClient, credentials).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, out.AssumedRoleUser?.Arn);
    // The web identity's keys decide the session's later calls: sub and aws:FederatedProvider allow GetRole,
    // and with no session tag team=blue ListRoles is refused.
    const iam = env.client(IAMClient, credentials);
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'web-app' }))).Role?.RoleName, 'web-app');
    await rejectsWith(iam.send(new ListRolesCommand({})), 'AccessDenied', /is not authorized to perform: iam:ListRoles on resource: \* because no identity-based policy allows/, 403);
    const role = await env.iam.send(new GetRoleCommand({ RoleName: 'web-app' }));
    assert.ok(role.Role?.RoleLastUsed?.LastUsedDate instanceof Date);
  });

  it('records each trust decision: CloudTrail names the caller a WebIdentityUser of the provider, with the token\'s subject', async () => {
    await assume(await mint(key, { sub: 'audited-subject' }));
    await assert.rejects(assume(await mint(key, { sub: 'audited-subject' }), 'only-bob'));
    const { Events } = await env.trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'audited-subject' }] }));
    const records = (Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!));
    assert.deepEqual(records.map((r) => [r.eventName, r.errorCode ?? 'ok', r.userIdentity.type, r.userIdentity.identityProvider]).sort(), [
      ['AssumeRoleWithWebIdentity', 'AccessDenied', 'WebIdentityUser', PROVIDER],
      ['AssumeRoleWithWebIdentity', 'ok', 'WebIdentityUser', PROVIDER],
    ]);
  });

  it('on the wire: only the operations whose model needs no authentication are answered unsigned', async () => {
    const post = (params: Record<string, string>) =>
      fetch(env.server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Version: '2011-06-15', ...params }).toString() });
    const exchanged = await post({ Action: 'AssumeRoleWithWebIdentity', RoleArn: `arn:aws:iam::${ACCOUNT}:role/web-app`, RoleSessionName: 'raw', WebIdentityToken: await mint(key) });
    assert.equal(exchanged.status, 200);
    assert.match(await exchanged.text(), /<Arn>arn:aws:sts::123456789012:assumed-role\/web-app\/raw<\/Arn>/);
    const refused = await post({ Action: 'AssumeRoleWithWebIdentity', RoleArn: `arn:aws:iam::${ACCOUNT}:role/web-app`, RoleSessionName: 'raw', WebIdentityToken: 'not-a-jwt' });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /<Code>InvalidIdentityToken<\/Code>/);
    for (const Action of ['GetCallerIdentity', 'AssumeRole', 'ListRoles']) {
      const unsigned = await post({ Action, RoleArn: `arn:aws:iam::${ACCOUNT}:role/web-app`, RoleSessionName: 'raw' });
      assert.equal(unsigned.status, 403, Action);
      assert.match(await unsigned.text(), /<Code>MissingAuthenticationToken<\/Code>/, Action);
    }
  });

  it('takes a token whose azp (authorized party) is a client ID even when its aud is not', async () => {
    const out = await assume(await mint(key, { aud: ['someone-else'], azp: 'my-app' }));
    assert.equal(out.Audience, 'my-app');
  });

  const refusals: [string, () => Promise<string>, string, string, string | RegExp, number][] = [
    ['not a JWT', async () => 'definitely-not-a-jwt', 'web-app', 'InvalidIdentityToken', 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)', 400],
    ['an issuer with no provider in the account', () => mint(key, { iss: 'https://unknown.example.com' }), 'web-app', 'InvalidIdentityToken', 'No OpenIDConnect provider found in your account for https://unknown.example.com', 400],
    [
      'an issuer whose keys are not registered',
      () => mint(key, { iss: 'https://keyless.example.com' }),
      'web-app',
      'InvalidIdentityToken',
      "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
      400,
    ],
    ['a kid the JWKS does not have', () => mint({ ...key, kid: 'key-9' }), 'web-app', 'InvalidIdentityToken', /Couldn't retrieve verification key/, 400],
    ['a signature by another key', () => mint(stranger), 'web-app', 'InvalidIdentityToken', /could not be validated/, 400],
    ['an expired token', () => mint(key, { exp: 1_700_000_000, iat: 1_699_990_000 }), 'web-app', 'ExpiredTokenException', /^Token expired: current date\/time \d+ must be before the expiration date\/time1700000000$/, 400],
    ['a token not valid yet', () => mint(key, { nbf: Math.floor(Date.now() / 1000) + 3600 }), 'web-app', 'InvalidIdentityToken', /not yet valid/, 400],
    ['an audience not among the client IDs', () => mint(key, { aud: 'stranger-app' }), 'web-app', 'InvalidIdentityToken', 'Incorrect token audience', 400],
    ['an audience that is not a string', () => mint(key, { aud: 42 }), 'web-app', 'InvalidIdentityToken', 'Incorrect token audience', 400],
    ['no audience', () => mint(key, { aud: undefined }), 'web-app', 'InvalidIdentityToken', 'Incorrect token audience', 400],
    ['an unsigned token (alg none)', async () => `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'key-1' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: ISSUER, sub: 'x', aud: 'my-app', exp: 9999999999 })).toString('base64url')}.`, 'web-app', 'InvalidIdentityToken', /could not be validated|Couldn't retrieve verification key/, 400],
    ['an HMAC token signed with the public key as secret', async () => new SignJWT({ iss: ISSUER, sub: 'x', aud: 'my-app', exp: Math.floor(Date.now() / 1000) + 600 }).setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).sign(new TextEncoder().encode(JSON.stringify(key.jwk))), 'web-app', 'InvalidIdentityToken', /could not be validated|Couldn't retrieve verification key/, 400],
    ['a non-integer exp', () => mint(key, { exp: Math.floor(Date.now() / 1000) + 600.5 }), 'web-app', 'InvalidIdentityToken', 'Timestamps in the token must be formatted as either an integer or a long integer.', 400],
    ['a tags claim that is not an object', () => mint(key, { 'https://aws.amazon.com/tags': 'team=blue' }), 'tagged', 'InvalidIdentityToken', /principal_tags/, 400],
    ['a trust policy whose sub condition fails', () => mint(key), 'only-bob', 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403],
    ['a role that does not exist', () => mint(key), 'no-such-role', 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403],
    ['session tags the trust policy does not let it pass (no sts:TagSession)', () => mint(key, { 'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'] } } }), 'web-app', 'AccessDenied', 'Not authorized to perform sts:TagSession', 403],
  ];
  for (const [name, token, roleName, code, message, status] of refusals) {
    it(`refuses ${name}: ${code}`, async () => {
      await rejectsWith(assume(await token(), roleName), code, message, status);
    });
  }

  it('refuses a DurationSeconds over the role\'s maximum, and a malformed RoleArn', async () => {
    await rejectsWith(assume(await mint(key), 'web-app', { DurationSeconds: 7200 }), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
    await rejectsWith(
      env.sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: 'nothing-valid-in-here', RoleSessionName: 'alice', WebIdentityToken: await mint(key) })),
      'ValidationError',
      'nothing-valid-in-here is invalid',
      400,
    );
  });

  it('passes the token\'s session tags (the https://aws.amazon.com/tags claim) as aws:PrincipalTag/*, with sts:TagSession allowed', async () => {
    const out = await assume(await mint(key, { 'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'] }, transitive_tag_keys: ['team'] } }), 'tagged');
    assert.ok((out.PackedPolicySize ?? 0) > 0);
    const iam = env.client(IAMClient, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! });
    assert.ok(Array.isArray((await iam.send(new ListRolesCommand({}))).Roles));
    // Another team's tag is refused by the trust policy's aws:RequestTag condition.
    await rejectsWith(assume(await mint(key, { 'https://aws.amazon.com/tags': { principal_tags: { team: ['red'] } } }), 'tagged'), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
  });

  it('narrows the session with an inline session policy', async () => {
    const out = await assume(await mint(key), 'web-app', { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] }) });
    assert.ok((out.PackedPolicySize ?? 0) > 0);
    const iam = env.client(IAMClient, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! });
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'web-app' })), 'AccessDenied', /because no session policy allows the iam:GetRole action/, 403);
  });

  it("decides the provider's documented claims: token.actions.githubusercontent.com:repository (an ES384 key)", async () => {
    const gh = (claims: Record<string, unknown>) => mint(github, { iss: GITHUB, aud: 'sts.amazonaws.com', ...claims });
    const out = await assume(await gh({ sub: 'repo:octo/app:ref:refs/heads/main', repository: 'octo/app' }), 'deploy');
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/alice`);
    await rejectsWith(assume(await gh({ sub: 'repo:octo/app:ref:refs/heads/main', repository: 'octo/other' }), 'deploy'), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
    await rejectsWith(assume(await gh({ sub: 'repo:evil/app:ref:refs/heads/main', repository: 'octo/app' }), 'deploy'), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
  });

  it('offers the trust policy the role\'s tags (aws:ResourceTag/*), sts:RoleSessionName and the token\'s source identity (sts:SetSourceIdentity)', async () => {
    await env.iam.send(
      new CreateRoleCommand({
        RoleName: 'keys',
        Tags: [{ Key: 'team', Value: 'blue' }],
        AssumeRolePolicyDocument: trust(
          PROVIDER,
          { StringEquals: { 'aws:ResourceTag/team': 'blue', 'iam:ResourceTag/team': 'blue', 'sts:RoleSessionName': 'alice', 'sts:SourceIdentity': 'alice@example.com' } },
          ['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity'],
        ),
      }),
    );
    const token = await mint(key, { 'https://aws.amazon.com/source_identity': 'alice@example.com' });
    assert.equal((await assume(token, 'keys')).SourceIdentity, 'alice@example.com');
    await rejectsWith(assume(token, 'keys', { RoleSessionName: 'mallory' }), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
    await rejectsWith(assume(await mint(key, { 'https://aws.amazon.com/source_identity': 'bob@example.com' }), 'keys'), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
    // Without sts:SetSourceIdentity in the trust policy, a token with a source identity is refused.
    await rejectsWith(assume(token), 'AccessDenied', 'Not authorized to perform sts:SetSourceIdentity', 403);
  });

  describe('with `linkedrole oidc` and the AWS CLI', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'linkedrole-oidc-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('keygen registers the issuer, mint signs a token, and `aws sts assume-role-with-web-identity` exchanges it', async () => {
      const issuer = 'https://cli-idp.example.com';
      const keyFile = join(dir, 'key.json');
      const made = await linkedrole(['oidc', 'keygen', '--issuer', issuer, '--out', keyFile, '--alg', 'ES256', '--data-dir', env.server.dataDir]);
      assert.equal(made.code, 0, made.stderr);
      assert.equal(JSON.parse(made.stdout).jwks.keys.length, 1);
      assert.ok('d' in JSON.parse(readFileSync(keyFile, 'utf8')).jwk, 'the key file holds the private key');
      await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['cli-app'] }));
      await env.iam.send(new CreateRoleCommand({ RoleName: 'cli-role', AssumeRolePolicyDocument: trust(`arn:aws:iam::${ACCOUNT}:oidc-provider/cli-idp.example.com`, { StringEquals: { 'cli-idp.example.com:sub': 'carol' } }) }));
      const minted = await linkedrole(['oidc', 'mint', '--key', keyFile, '--sub', 'carol', '--aud', 'cli-app']);
      assert.equal(minted.code, 0, minted.stderr);
      const token = minted.stdout.trim();
      const out = await awsCliJson(env.server.url, ['sts', 'assume-role-with-web-identity', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/cli-role`, '--role-session-name', 'carol', '--web-identity-token', token]);
      assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/cli-role/carol`);
      assert.equal(out.SubjectFromWebIdentityToken, 'carol');
      // The AWS CLI's own web identity credentials (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, as on EKS or in
      // GitHub Actions): botocore calls AssumeRoleWithWebIdentity itself, then signs with the session.
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, token);
      const who = await awsCliJson(env.server.url, ['sts', 'get-caller-identity'], {
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/cli-role`,
        AWS_ROLE_SESSION_NAME: 'carol',
        AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        AWS_ENDPOINT_URL_STS: env.server.url,
        // botocore caches these credentials under ~/.aws/cli/cache: a home of the test's own keeps runs apart.
        HOME: dir,
      });
      assert.equal(who.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/cli-role/carol`);
      // An expired token from the CLI is refused by the server, whoever minted it.
      const expired = await linkedrole(['oidc', 'mint', '--key', keyFile, '--sub', 'carol', '--aud', 'cli-app', '--expires-in', '-60']);
      const refused = await awsCli(env.server.url, ['sts', 'assume-role-with-web-identity', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/cli-role`, '--role-session-name', 'carol', '--web-identity-token', expired.stdout.trim()]);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /\(ExpiredTokenException\).*Token expired/);
      // A rotation with --add keeps the old key registered; without it the old key's tokens stop working.
      const second = await linkedrole(['oidc', 'keygen', '--issuer', issuer, '--out', join(dir, 'key2.json'), '--add', '--data-dir', env.server.dataDir]);
      assert.equal(JSON.parse(second.stdout).jwks.keys.length, 2);
      await linkedrole(['oidc', 'keygen', '--issuer', issuer, '--out', join(dir, 'key3.json'), '--data-dir', env.server.dataDir]);
      await rejectsWith(
        env.sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/cli-role`, RoleSessionName: 'carol', WebIdentityToken: token })),
        'InvalidIdentityToken',
        /Couldn't retrieve verification key/,
        400,
      );
    });

    it('register refuses a JWKS holding a private key', async () => {
      const file = join(dir, 'key.json');
      const jwks = join(dir, 'private-jwks.json');
      writeFileSync(jwks, JSON.stringify({ keys: [JSON.parse(readFileSync(file, 'utf8')).jwk] }));
      const result = await linkedrole(['oidc', 'register', '--issuer', 'https://x.example.com', '--jwks', jwks, '--data-dir', env.server.dataDir]);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /private key/);
    });
  });
});
