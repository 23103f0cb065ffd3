// STS AssumeRoleWithSAML through the SDK (unsigned, as the SDK sends it), the AWS CLI and `linkedrole saml`:
// assertions minted with keys the test controls, verified as any IdP's; each refusal one mistake away from a
// good assertion (unsigned, another key, tampered, wrapped, another issuer, late, wrong audience or recipient,
// a role the assertion does not name); the trust policy's SAML condition keys, one row each; session tags and
// source identity from the assertion; and the session's later calls.
import { CreateRoleCommand, CreateSAMLProviderCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AWS_SAML_ENDPOINT, generateIdpKeys, idpMetadata, mintSamlResponse, samlResponseXml, signElement, type MintOptions } from '../../src/cli/saml.js';
import { ATTRIBUTE_KEYS, samlNameQualifier } from '../../src/services/sts/saml.js';
import { awsCliJson } from '../support/aws-cli.js';
import { linkedrole } from '../support/cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const ISSUER = 'https://idp.example.com/saml';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/Corp`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/SamlRole`;
const idp = generateIdpKeys('corp-idp');
const stranger = generateIdpKeys('stranger');
const SIGNATURE_INVALID = 'Response signature invalid';
const NOT_AUTHORIZED = 'Not authorized to perform sts:AssumeRoleWithSAML';

const trust = (condition?: Record<string, Record<string, string | string[]>>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Condition: { StringEquals: { 'saml:aud': AWS_SAML_ENDPOINT }, ...condition },
      },
    ],
  });

const good = (overrides: Partial<MintOptions> = {}): MintOptions => ({
  keys: idp,
  issuer: ISSUER,
  subject: 'alice@example.com',
  roles: [`${ROLE},${PROVIDER}`],
  sessionName: 'alice',
  ...overrides,
});

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
const encode = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

describe('STS AssumeRoleWithSAML', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient } });
  const assume = (assertion: string, extra: Partial<{ RoleArn: string; PrincipalArn: string; DurationSeconds: number; Policy: string }> = {}) =>
    env.sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: ROLE, PrincipalArn: PROVIDER, SAMLAssertion: assertion, ...extra }));

  before(async () => {
    await env.iam.send(new CreateSAMLProviderCommand({ Name: 'Corp', SAMLMetadataDocument: idpMetadata({ entityId: ISSUER, certificates: [idp.certificate] }) }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'SamlRole', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 7200, Tags: [{ Key: 'owner', Value: 'identity-team' }] }));
    await env.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'SamlRole',
        PolicyName: 'read-roles-of-my-team',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }],
        }),
      }),
    );
  });

  it('makes a role session from a signed assertion, answering its SAML fields', async () => {
    const out = await assume(mintSamlResponse(good({ nameQualifier: undefined })));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/SamlRole/alice`);
    assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:alice$/);
    assert.equal(out.Subject, 'alice@example.com');
    assert.equal(out.SubjectType, 'persistent');
    assert.equal(out.Issuer, ISSUER);
    assert.equal(out.Audience, AWS_SAML_ENDPOINT);
    assert.equal(out.NameQualifier, samlNameQualifier(ISSUER, ACCOUNT, 'Corp'));
    assert.equal(out.NameQualifier, (await import('node:crypto')).createHash('sha1').update(`${ISSUER}${ACCOUNT}/Corp`).digest('base64'));
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
    const lifetime = out.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(lifetime > 3500_000 && lifetime <= 3600_000, `one hour by default, not ${lifetime}`);
    const session = env.client(STSClient, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! });
    assert.equal((await session.send(new GetCallerIdentityCommand({}))).Arn, out.AssumedRoleUser!.Arn);
    const role = await env.iam.send(new GetRoleCommand({ RoleName: 'SamlRole' }));
    assert.ok(role.Role?.RoleLastUsed?.LastUsedDate, 'RoleLastUsed is recorded');
    // The trust decision is in the audit trail, CloudTrail's SAMLUser through the provider.
    const { Events } = await env.client(CloudTrailClient).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRoleWithSAML' }] }));
    const identity = JSON.parse(Events![0].CloudTrailEvent!).userIdentity;
    assert.deepEqual([identity.type, identity.userName, identity.identityProvider], ['SAMLUser', 'alice@example.com', PROVIDER]);
  });

  it('accepts the response signed instead of the assertion, both signed, and the Role pair in either order', async () => {
    for (const options of [good({ sign: 'response' }), good({ sign: 'both' }), good({ roles: [`${PROVIDER},${ROLE}`] }), good({ roles: ['arn:aws:iam::123456789012:role/Other,' + PROVIDER, `${ROLE},${PROVIDER}`] })]) {
      assert.equal((await assume(mintSamlResponse(options))).Subject, 'alice@example.com');
    }
    assert.equal((await assume(mintSamlResponse(good({ subjectFormat: 'transient' })))).SubjectType, 'transient');
    assert.equal((await assume(mintSamlResponse(good({ subjectFormat: 'emailAddress' })))).SubjectType, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
    assert.equal((await assume(mintSamlResponse(good({ audience: 'urn:amazon:webservices' })))).Audience, AWS_SAML_ENDPOINT, 'the legacy audience; saml:aud is the Recipient');
    const regional = mintSamlResponse(good({ recipient: 'https://us-west-2.signin.aws.amazon.com/saml', audience: 'https://us-west-2.signin.aws.amazon.com/saml' }));
    // A regional endpoint is accepted as audience and recipient; saml:aud then differs from the trust policy's.
    await rejectsWith(assume(regional), 'AccessDenied', NOT_AUTHORIZED, 403);
  });

  // Each assertion is one mistake away from a good one.
  const late = new Date(Date.now() - 6 * 60_000);
  const refusals: [string, () => string, string, string | RegExp, number, Partial<{ RoleArn: string; PrincipalArn: string }>?][] = [
    ['unsigned', () => mintSamlResponse(good({ sign: 'none' })), 'InvalidIdentityToken', SIGNATURE_INVALID, 400],
    ['signed by a key the provider does not have', () => mintSamlResponse(good({ keys: stranger })), 'InvalidIdentityToken', SIGNATURE_INVALID, 400],
    ['signed by another key but naming the IdP\'s certificate', () => mintSamlResponse(good({ keys: { privateKey: stranger.privateKey, certificate: idp.certificate } })), 'InvalidIdentityToken', SIGNATURE_INVALID, 400],
    ['whose response signature is another key\'s (its assertion\'s is good)', () => {
      const { xml, responseId, assertionId } = samlResponseXml(good());
      return encode(signElement(signElement(xml, assertionId, idp), responseId, stranger));
    }, 'InvalidIdentityToken', SIGNATURE_INVALID, 400],
    ['tampered after signing (another subject)', () => encode(decode(mintSamlResponse(good())).replace('alice@example.com', 'mallory@example.com')), 'InvalidIdentityToken', SIGNATURE_INVALID, 400],
    ['tampered after signing (another role session name)', () => encode(decode(mintSamlResponse(good({ sign: 'response' }))).replace('>alice<', '>mallory<')), 'InvalidIdentityToken', SIGNATURE_INVALID, 400],
    ['from another issuer', () => mintSamlResponse(good({ issuer: 'https://evil.example.com/saml' })), 'InvalidIdentityToken', 'Issuer not present in specified provider', 400],
    ['issued more than 5 minutes ago', () => mintSamlResponse(good({ issueInstant: late, lifetimeSeconds: 3600 })), 'ExpiredTokenException', 'Token must be redeemed within 5 minutes of issuance', 400],
    ['past its NotOnOrAfter', () => mintSamlResponse(good({ issueInstant: new Date(Date.now() - 120_000), lifetimeSeconds: 60 })), 'ExpiredTokenException', 'Response has expired', 400],
    ['not valid yet', () => mintSamlResponse(good({ issueInstant: new Date(Date.now() + 120_000) })), 'InvalidIdentityToken', /not valid yet/, 400],
    ['for another audience', () => mintSamlResponse(good({ audience: 'https://app.example.com' })), 'InvalidIdentityToken', /Audience/, 400],
    ['for another recipient', () => mintSamlResponse(good({ recipient: 'https://app.example.com/acs' })), 'InvalidIdentityToken', /Recipient/, 400],
    ['naming another role', () => mintSamlResponse(good({ roles: [`arn:aws:iam::${ACCOUNT}:role/Other,${PROVIDER}`] })), 'AccessDenied', NOT_AUTHORIZED, 403],
    ['naming the role with another provider', () => mintSamlResponse(good({ roles: [`${ROLE},arn:aws:iam::${ACCOUNT}:saml-provider/Other`] })), 'AccessDenied', NOT_AUTHORIZED, 403],
    ['without a RoleSessionName', () => mintSamlResponse(good({ sessionName: undefined })), 'InvalidIdentityToken', 'RoleSessionName is required in AuthnResponse', 400],
    ['with a RoleSessionName AWS does not accept', () => mintSamlResponse(good({ sessionName: 'a b' })), 'InvalidIdentityToken', /Invalid RoleSessionName/, 400],
    ['whose SessionNotOnOrAfter has passed', () => mintSamlResponse(good({ issueInstant: new Date(Date.now() - 60_000), sessionLifetimeSeconds: 30 })), 'ExpiredTokenException', 'Response has expired', 400],
    ['not base64 XML', () => Buffer.from('not xml at all').toString('base64'), 'InvalidIdentityToken', /not a well-formed XML document/, 400],
    ['for a provider that does not exist', () => mintSamlResponse(good({ roles: [`${ROLE},arn:aws:iam::${ACCOUNT}:saml-provider/Missing`] })), 'InvalidIdentityToken', "Specified provider doesn't exist", 400, { PrincipalArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Missing` }],
    ['for a role that does not exist', () => mintSamlResponse(good({ roles: [`arn:aws:iam::${ACCOUNT}:role/Missing,${PROVIDER}`] })), 'AccessDenied', NOT_AUTHORIZED, 403, { RoleArn: `arn:aws:iam::${ACCOUNT}:role/Missing` }],
  ];
  for (const [what, make, code, message, status, extra] of refusals) {
    it(`refuses an assertion ${what}`, async () => {
      await rejectsWith(assume(make(), extra), code, message, status);
    });
  }

  describe('XML signature wrapping', () => {
    it('refuses a second, unsigned assertion beside the signed one', async () => {
      const xml = decode(mintSamlResponse(good()));
      const evil = samlResponseXml(good({ subject: 'mallory', sessionName: 'mallory' })).xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
      await rejectsWith(assume(encode(xml.replace('</samlp:Response>', `${evil}</samlp:Response>`))), 'InvalidIdentityToken', /exactly one Assertion/, 400);
    });

    it('refuses an unsigned assertion wrapping the signed one (the signature moved into it)', async () => {
      const xml = decode(mintSamlResponse(good()));
      const signed = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
      const signature = signed.match(/<ds:Signature[\s\S]*<\/ds:Signature>/)![0];
      const evil = samlResponseXml(good({ subject: 'mallory', sessionName: 'mallory' })).xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
      // The evil assertion is the one the Response holds; it carries the real signature, whose reference
      // points at the genuine assertion hidden inside it.
      const wrapped = evil.replace(/(<saml:Issuer>[^<]*<\/saml:Issuer>)/, `$1${signature}<saml:Advice>${signed.replace(signature, '')}</saml:Advice>`);
      const attacked = xml.replace(signed, wrapped);
      await rejectsWith(assume(encode(attacked)), 'InvalidIdentityToken', SIGNATURE_INVALID, 400);
    });

    it('refuses an evil assertion with the genuine one\'s ID, the genuine one hidden elsewhere', async () => {
      const xml = decode(mintSamlResponse(good()));
      const signed = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
      const id = /<saml:Assertion ID="([^"]+)"/.exec(signed)![1];
      const signature = signed.match(/<ds:Signature[\s\S]*<\/ds:Signature>/)![0];
      const evil = samlResponseXml(good({ subject: 'mallory', sessionName: 'mallory' }))
        .xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0]
        .replace(/ID="[^"]+"/, `ID="${id}"`)
        .replace(/(<saml:Issuer>[^<]*<\/saml:Issuer>)/, `$1${signature}`);
      const attacked = xml.replace(signed, evil).replace('<samlp:Status>', `<samlp:Extensions>${signed}</samlp:Extensions><samlp:Status>`);
      await rejectsWith(assume(encode(attacked)), 'InvalidIdentityToken', SIGNATURE_INVALID, 400);
    });

    it('reads the NameID as signed when a comment splits it (comments are outside the signature)', async () => {
      const xml = decode(mintSamlResponse(good({ subject: 'alice@example.com.evil.com' })));
      const out = await assume(encode(xml.replace('alice@example.com.evil.com', 'alice@example.com<!---->.evil.com')));
      assert.equal(out.Subject, 'alice@example.com.evil.com');
    });

    it('refuses a signed response whose signature covers another response', async () => {
      const { xml, responseId } = samlResponseXml(good());
      const signedOther = signElement(xml, responseId, idp);
      const signature = signedOther.match(/<ds:Signature[\s\S]*<\/ds:Signature>/)![0];
      // The signature of the genuine response placed on an evil one (another subject, same IDs).
      const evil = xml.replace('alice@example.com', 'mallory@example.com').replace(/(<saml:Issuer>[^<]*<\/saml:Issuer>)/, `$1${signature}`);
      await rejectsWith(assume(encode(evil)), 'InvalidIdentityToken', SIGNATURE_INVALID, 400);
    });
  });

  it('lasts DurationSeconds or until SessionNotOnOrAfter, whichever is shorter, within the role\'s maximum', async () => {
    await rejectsWith(assume(mintSamlResponse(good()), { DurationSeconds: 10800 }), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
    const left = (out: { Credentials?: { Expiration?: Date } }) => out.Credentials!.Expiration!.getTime() - Date.now();
    const long = await assume(mintSamlResponse(good({ sessionDuration: 900 })), { DurationSeconds: 7200 });
    assert.ok(left(long) > 7100_000, 'the SessionDuration attribute (the console\'s) does not shorten API credentials');
    const capped = await assume(mintSamlResponse(good({ sessionLifetimeSeconds: 1200 })), { DurationSeconds: 7200 });
    assert.ok(left(capped) <= 1200_000 && left(capped) > 1100_000, `SessionNotOnOrAfter caps the session: ${left(capped)}`);
    const shorter = await assume(mintSamlResponse(good({ sessionLifetimeSeconds: 7200 })), { DurationSeconds: 900 });
    assert.ok(left(shorter) <= 900_000);
  });

  // Each row: a trust condition on one SAML key, met by the assertion, then not met by a one-character change.
  const eduAffiliation = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1';
  const keyRows: [string, string | string[], string, Partial<MintOptions>, Partial<MintOptions>][] = [
    ['saml:sub', 'StringEquals', 'alice@example.com', {}, { subject: 'alice@example.con' }],
    ['saml:sub_type', 'StringEquals', 'persistent', {}, { subjectFormat: 'transient' }],
    ['saml:iss', 'StringEquals', ISSUER, {}, {}],
    ['saml:namequalifier', 'StringEquals', samlNameQualifier(ISSUER, ACCOUNT, 'Corp'), {}, {}],
    ['saml:doc', 'StringEquals', `${ACCOUNT}/Corp`, {}, {}],
    ['saml:edupersonaffiliation', 'ForAnyValue:StringEquals', 'staff', { attributes: { [eduAffiliation]: ['member', 'staff'] } }, { attributes: { [eduAffiliation]: ['member', 'stuff'] } }],
    ['saml:mail', 'StringEquals', 'alice@example.com', { attributes: { 'urn:oid:0.9.2342.19200300.100.1.3': ['alice@example.com'] } }, { attributes: { 'urn:oid:0.9.2342.19200300.100.1.3': ['alice@example.org'] } }],
    ['saml:cn', 'StringEquals', 'Alice', { attributes: { 'urn:oid:2.5.4.3': ['Alice'] } }, { attributes: { 'urn:oid:2.5.4.3': ['Alicf'] } }],
    ['sts:RoleSessionName', 'StringEquals', 'alice', {}, { sessionName: 'alicf' }],
    ['sts:SourceIdentity', 'StringEquals', 'alice-src', { sourceIdentity: 'alice-src' }, { sourceIdentity: 'alice-srd' }],
    ['aws:RequestTag/team', 'StringEquals', 'blue', { principalTags: { team: 'blue' } }, { principalTags: { team: 'bluf' } }],
    ['aws:TagKeys', 'ForAnyValue:StringEquals', 'team', { principalTags: { team: 'blue' } }, { principalTags: { tean: 'blue' } }],
    ['sts:TransitiveTagKeys', 'ForAnyValue:StringEquals', 'team', { principalTags: { team: 'blue', tean: 'x' }, transitiveTagKeys: ['team'] }, { principalTags: { team: 'blue', tean: 'x' }, transitiveTagKeys: ['tean'] }],
    ['saml:aud', 'StringEquals', AWS_SAML_ENDPOINT, {}, { recipient: 'https://eu-west-1.signin.aws.amazon.com/saml' }],
    ['aws:ResourceTag/owner', 'StringEquals', 'identity-team', {}, {}],
    ['iam:ResourceTag/owner', 'StringEquals', 'identity-team', {}, {}],
    // Every attribute AWS turns into a key, by its OID name.
    ...Object.entries(ATTRIBUTE_KEYS).flatMap(([oid, keys]) =>
      keys.map((key): [string, string, string, Partial<MintOptions>, Partial<MintOptions>] => [key, 'StringEquals', `value-of-${oid}`, { attributes: { [oid]: [`value-of-${oid}`] } }, { attributes: { [oid]: [`value-of-${oid}-`] } }]),
    ),
  ];
  for (const [key, operator, value, right, wrong] of keyRows) {
    it(`decides the trust policy on ${key}`, async () => {
      const op = Array.isArray(operator) ? operator[0] : operator;
      await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'SamlRole', PolicyDocument: trust({ [op]: { [key]: value } }) }));
      try {
        assert.ok((await assume(mintSamlResponse(good(right)))).Credentials);
        // saml:iss, saml:namequalifier and saml:doc change with the provider: the wrong case is a condition value one character off.
        if (Object.keys(wrong).length === 0) {
          await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'SamlRole', PolicyDocument: trust({ [op]: { [key]: `${value}x` } }) }));
          await rejectsWith(assume(mintSamlResponse(good(right))), 'AccessDenied', NOT_AUTHORIZED, 403);
        } else {
          await rejectsWith(assume(mintSamlResponse(good({ ...right, ...wrong }))), 'AccessDenied', NOT_AUTHORIZED, 403);
        }
      } finally {
        await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'SamlRole', PolicyDocument: trust() }));
      }
    });
  }

  it('needs sts:TagSession for session tags and sts:SetSourceIdentity for a source identity', async () => {
    const only = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithSAML' }] });
    await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'SamlRole', PolicyDocument: only }));
    try {
      assert.ok((await assume(mintSamlResponse(good()))).Credentials);
      await rejectsWith(assume(mintSamlResponse(good({ principalTags: { team: 'blue' } }))), 'AccessDenied', 'Not authorized to perform sts:TagSession', 403);
      await rejectsWith(assume(mintSamlResponse(good({ sourceIdentity: 'alice-src' }))), 'AccessDenied', 'Not authorized to perform sts:SetSourceIdentity', 403);
    } finally {
      await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'SamlRole', PolicyDocument: trust() }));
    }
  });

  it('gives the session the assertion\'s PrincipalTag attributes as session tags, and its source identity', async () => {
    const asSession = async (options: Partial<MintOptions>) => {
      const out = await assume(mintSamlResponse(good(options)));
      return { out, iam: env.client(IAMClient, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! }) };
    };
    const blue = await asSession({ principalTags: { team: 'blue' }, sourceIdentity: 'alice-src', transitiveTagKeys: ['team'] });
    assert.equal(blue.out.SourceIdentity, 'alice-src');
    assert.ok(blue.out.PackedPolicySize! >= 1);
    assert.equal((await blue.iam.send(new GetRoleCommand({ RoleName: 'SamlRole' }))).Role?.RoleName, 'SamlRole');
    const red = await asSession({ principalTags: { team: 'red' } });
    await rejectsWith(red.iam.send(new GetRoleCommand({ RoleName: 'SamlRole' })), 'AccessDenied', /is not authorized to perform: iam:GetRole/, 403);
    await rejectsWith(assume(mintSamlResponse(good({ principalTags: { team: 'blue' }, transitiveTagKeys: ['stage'] }))), 'InvalidParameterValue', 'The specified transitive tag key must be included in the requested tags.', 400);
  });

  it('limits the session by the Policy passed', async () => {
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] });
    const out = await assume(mintSamlResponse(good({ principalTags: { team: 'blue' } })), { Policy: deny });
    const iam = env.client(IAMClient, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! });
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'SamlRole' })), 'AccessDenied', /because no session policy allows the iam:GetRole action/, 403);
    await rejectsWith(assume(mintSamlResponse(good()), { Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' }), 'MalformedPolicyDocument', /./, 400);
  });

  describe('through the AWS CLI and `linkedrole saml`', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'linkedrole-saml-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('keygen, metadata and mint make an IdP the server trusts; the CLI assumes the role unsigned', async () => {
      const key = join(dir, 'idp.key');
      const cert = join(dir, 'idp.crt');
      assert.equal((await linkedrole(['saml', 'keygen', '--key-out', key, '--cert-out', cert, '--common-name', 'cli-idp'])).code, 0);
      const metadata = await linkedrole(['saml', 'metadata', '--entity-id', 'https://cli-idp.example.com', '--cert', cert]);
      assert.equal(metadata.code, 0, metadata.stderr);
      await env.iam.send(new CreateSAMLProviderCommand({ Name: 'CliIdp', SAMLMetadataDocument: metadata.stdout }));
      const provider = `arn:aws:iam::${ACCOUNT}:saml-provider/CliIdp`;
      await env.iam.send(
        new CreateRoleCommand({
          RoleName: 'CliSamlRole',
          AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'saml:sub': 'bob' } } }] }),
        }),
      );
      const role = `arn:aws:iam::${ACCOUNT}:role/CliSamlRole`;
      const minted = await linkedrole(['saml', 'mint', '--key', key, '--cert', cert, '--issuer', 'https://cli-idp.example.com', '--subject', 'bob', '--role', `${role},${provider}`, '--session-name', 'bob', '--json']);
      assert.equal(minted.code, 0, minted.stderr);
      const { SAMLResponse, metadata: printed } = JSON.parse(minted.stdout);
      assert.ok(printed.includes(readFileSync(cert, 'utf8').split('\n')[1]), 'the printed metadata carries the certificate');
      const out = await awsCliJson(env.server.url, ['sts', 'assume-role-with-saml', '--role-arn', role, '--principal-arn', provider, '--saml-assertion', SAMLResponse], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
      assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/CliSamlRole/bob`);
      assert.equal(out.Subject, 'bob');
      assert.equal(out.Issuer, 'https://cli-idp.example.com');
    });
  });
});
