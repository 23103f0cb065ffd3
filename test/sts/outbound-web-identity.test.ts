// Outbound web identity federation through the AWS SDK and the AWS CLI: IAM's Enable/Disable/GetInfo, STS
// GetWebIdentityToken's JWT (RS256 and ES384) verified by a relying party with jose against the discovery documents
// the server publishes, its claims, its permission and condition keys, and its refusals.
import {
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DisableOutboundWebIdentityFederationCommand,
  EnableOutboundWebIdentityFederationCommand,
  GetOutboundWebIdentityFederationInfoCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const AWS_CLAIMS = 'https://sts.amazonaws.com/';

describe('outbound web identity federation', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient } });
  let issuer = '';

  /** A relying party's verification: the issuer's discovery document, its JWKS, then the token. */
  async function verify(token: string, audience: string) {
    const host = new URL(issuer).host;
    const discovery = (await (await fetch(`${env.server.url}/outbound-federation/${host}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    assert.equal(discovery.issuer, issuer);
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer, audience });
    return payload as Record<string, unknown> & { sub: string; iat: number; exp: number; jti: string };
  }

  it('is off until enabled: GetOutboundWebIdentityFederationInfo FeatureDisabled, GetWebIdentityToken refused', async () => {
    await rejectsWith(env.iam.send(new GetOutboundWebIdentityFederationInfoCommand({})), 'FeatureDisabled', 'Outbound web identity federation is not enabled for this account.', 404);
    await rejectsWith(
      env.sts.send(new GetWebIdentityTokenCommand({ Audience: ['https://api.example.com'], SigningAlgorithm: 'RS256' })),
      'OutboundWebIdentityFederationDisabledException',
      /not enabled for this account/,
      403,
    );
    await rejectsWith(env.iam.send(new DisableOutboundWebIdentityFederationCommand({})), 'FeatureDisabled', 'Outbound web identity federation is already disabled for this account.', 404);
  });

  it('EnableOutboundWebIdentityFederation makes the account\'s issuer once; a second call is FeatureEnabled', async () => {
    const enabled = await env.iam.send(new EnableOutboundWebIdentityFederationCommand({}));
    issuer = enabled.IssuerIdentifier!;
    assert.match(issuer, /^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$/);
    await rejectsWith(env.iam.send(new EnableOutboundWebIdentityFederationCommand({})), 'FeatureEnabled', 'Outbound web identity federation is already enabled for this account.', 409);
    assert.deepEqual(await env.iam.send(new GetOutboundWebIdentityFederationInfoCommand({})).then(({ IssuerIdentifier, JwtVendingEnabled }) => ({ IssuerIdentifier, JwtVendingEnabled })), {
      IssuerIdentifier: issuer,
      JwtVendingEnabled: true,
    });
  });

  it('GetWebIdentityToken: a JWT a relying party verifies, with AWS\'s claims, for each signing algorithm', async () => {
    const cases: [string, number | undefined, string[]][] = [
      ['RS256', undefined, ['https://api.example.com']],
      ['ES384', 60, ['https://a.example.com', 'https://b.example.com']],
    ];
    for (const [algorithm, duration, audience] of cases) {
      const out = await env.sts.send(new GetWebIdentityTokenCommand({ Audience: audience, SigningAlgorithm: algorithm, DurationSeconds: duration, Tags: [{ Key: 'job', Value: 'nightly' }] }));
      assert.equal(decodeProtectedHeader(out.WebIdentityToken!).alg, algorithm);
      const claims = await verify(out.WebIdentityToken!, audience[0]);
      assert.equal(claims.sub, `arn:aws:iam::${ACCOUNT}:root`);
      assert.deepEqual(claims.aud, audience.length === 1 ? audience[0] : audience);
      assert.equal(claims.exp - claims.iat, duration ?? 300);
      assert.equal(out.Expiration!.getTime(), claims.exp * 1000);
      assert.deepEqual(claims[AWS_CLAIMS], { aws_account: ACCOUNT, source_region: 'us-east-1', request_tags: { job: 'nightly' } });
    }
    // A token is not valid for another audience.
    const out = await env.sts.send(new GetWebIdentityTokenCommand({ Audience: ['https://api.example.com'], SigningAlgorithm: 'RS256' }));
    await assert.rejects(verify(out.WebIdentityToken!, 'https://elsewhere.example.com'), /unexpected "aud" claim value/);
  });

  it('refuses a signing algorithm other than RS256 and ES384, and a duration outside 60..3600', async () => {
    await rejectsWith(
      env.sts.send(new GetWebIdentityTokenCommand({ Audience: ['x'], SigningAlgorithm: 'HS256' })),
      'ValidationError',
      "1 validation error detected: Value 'HS256' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RS256, ES384]",
      400,
    );
    await rejectsWith(env.sts.send(new GetWebIdentityTokenCommand({ Audience: ['x'], SigningAlgorithm: 'RS256', DurationSeconds: 3601 })), 'ValidationError', /durationSeconds/, 400);
  });

  describe('for IAM principals', () => {
    let user: STSClient;
    before(async () => {
      await env.iam.send(new CreateUserCommand({ UserName: 'builder', Tags: [{ Key: 'team', Value: 'ci' }] }));
      await env.iam.send(
        new PutUserPolicyCommand({
          UserName: 'builder',
          PolicyName: 'tokens-for-api',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'sts:GetWebIdentityToken',
                Resource: '*',
                Condition: { 'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['https://api.example.com'] }, StringEquals: { 'sts:SigningAlgorithm': 'ES384' } },
              },
              { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
            ],
          }),
        }),
      );
      const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'builder' }));
      user = env.client(STSClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    });

    it('a user gets a token whose sub is its ARN and principal_tags its tags, only as its policy allows (sts:IdentityTokenAudience, sts:SigningAlgorithm)', async () => {
      const out = await user.send(new GetWebIdentityTokenCommand({ Audience: ['https://api.example.com'], SigningAlgorithm: 'ES384' }));
      const claims = await verify(out.WebIdentityToken!, 'https://api.example.com');
      assert.equal(claims.sub, `arn:aws:iam::${ACCOUNT}:user/builder`);
      assert.deepEqual(claims[AWS_CLAIMS], { aws_account: ACCOUNT, source_region: 'us-east-1', principal_tags: { team: 'ci' } });
      const refusal = `User: arn:aws:iam::${ACCOUNT}:user/builder is not authorized to perform: sts:GetWebIdentityToken on resource: * because no identity-based policy allows the sts:GetWebIdentityToken action`;
      await rejectsWith(user.send(new GetWebIdentityTokenCommand({ Audience: ['https://other.example.com'], SigningAlgorithm: 'ES384' })), 'AccessDenied', refusal, 403);
      await rejectsWith(user.send(new GetWebIdentityTokenCommand({ Audience: ['https://api.example.com'], SigningAlgorithm: 'RS256' })), 'AccessDenied', refusal, 403);
    });

    it("a role session's token names its role, and may not outlive the session (SessionDurationEscalationException)", async () => {
      await env.iam.send(new TagUserCommand({ UserName: 'builder', Tags: [{ Key: 'unused', Value: 'x' }] }));
      await env.iam.send(
        new CreateRoleCommand({
          RoleName: 'token-role',
          AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/builder` }, Action: 'sts:AssumeRole' }] }),
          Tags: [{ Key: 'env', Value: 'prod' }],
        }),
      );
      await env.iam.send(new PutRolePolicyCommand({ RoleName: 'token-role', PolicyName: 'tokens', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*' }] }) }));
      const { Credentials } = await user.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/token-role`, RoleSessionName: 'ci', DurationSeconds: 900 }));
      const session = env.client(STSClient, { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
      const out = await session.send(new GetWebIdentityTokenCommand({ Audience: ['https://api.example.com'], SigningAlgorithm: 'RS256', DurationSeconds: 600 }));
      const claims = await verify(out.WebIdentityToken!, 'https://api.example.com');
      assert.equal(claims.sub, `arn:aws:iam::${ACCOUNT}:role/token-role`);
      assert.deepEqual((claims[AWS_CLAIMS] as { principal_tags?: unknown }).principal_tags, { env: 'prod' });
      await rejectsWith(
        session.send(new GetWebIdentityTokenCommand({ Audience: ['https://api.example.com'], SigningAlgorithm: 'RS256', DurationSeconds: 3600 })),
        'SessionDurationEscalationException',
        'The requested token duration would extend the session beyond its original expiration time.',
        403,
      );
    });
  });

  it("a token of this server's issuer is taken by AssumeRoleWithWebIdentity, its keys known without registering them", async () => {
    const host = new URL(issuer).host;
    await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['urn:example:loop'] }));
    await env.iam.send(
      new CreateRoleCommand({
        RoleName: 'from-own-issuer',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${host}:sub`]: `arn:aws:iam::${ACCOUNT}:root` } } }],
        }),
      }),
    );
    const { WebIdentityToken } = await env.sts.send(new GetWebIdentityTokenCommand({ Audience: ['urn:example:loop'], SigningAlgorithm: 'ES384' }));
    const out = await env.sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/from-own-issuer`, RoleSessionName: 'loop', WebIdentityToken }));
    assert.equal(out.SubjectFromWebIdentityToken, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/from-own-issuer/loop`);
  });

  it('works from the AWS CLI; disabling stops new tokens and keeps the issuer for a later enable', async () => {
    const endpoint = env.server.url;
    const out = await awsCliJson(endpoint, ['sts', 'get-web-identity-token', '--audience', 'urn:example:cli-relying-party', '--signing-algorithm', 'ES384']);
    assert.equal((await verify(out.WebIdentityToken, 'urn:example:cli-relying-party')).sub, `arn:aws:iam::${ACCOUNT}:root`);
    await awsCliJson(endpoint, ['iam', 'disable-outbound-web-identity-federation']);
    const info = await awsCliJson(endpoint, ['iam', 'get-outbound-web-identity-federation-info']);
    assert.deepEqual(info, { IssuerIdentifier: issuer, JwtVendingEnabled: false });
    await rejectsWith(env.sts.send(new GetWebIdentityTokenCommand({ Audience: ['x'], SigningAlgorithm: 'RS256' })), 'OutboundWebIdentityFederationDisabledException', /not enabled/, 403);
    // Tokens already issued still verify: the keys stay published.
    assert.equal((await verify(out.WebIdentityToken, 'urn:example:cli-relying-party')).sub, `arn:aws:iam::${ACCOUNT}:root`);
    const again = await awsCliJson(endpoint, ['iam', 'enable-outbound-web-identity-federation']);
    assert.equal(again.IssuerIdentifier, issuer);
    // An issuer no account has: 404.
    assert.equal((await fetch(`${endpoint}/outbound-federation/nobody.tokens.sts.global.api.aws/.well-known/jwks.json`)).status, 404);
  });
});
