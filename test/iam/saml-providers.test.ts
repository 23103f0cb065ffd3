// IAM SAML providers through the SDK and the AWS CLI: the metadata's parts IAM reads (entityID, signing
// certificates, validUntil), AWS's refusals of metadata it cannot use, private keys and the encryption
// mode, tags (with their quota and case-insensitive keys), and that a refusal changes nothing.
import {
  CreateSAMLProviderCommand,
  DeleteSAMLProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand,
  TagSAMLProviderCommand,
  UntagSAMLProviderCommand,
  UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateIdpKeys, idpMetadata } from '../../src/cli/saml.js';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`;
const idp = generateIdpKeys('idp-one');
const other = generateIdpKeys('idp-two');
const metadata = idpMetadata({ entityId: 'https://idp.example.com/one', certificates: [idp.certificate] });
const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PARSE_ERROR = 'Could not parse metadata';

describe('IAM SAML providers', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('creates, gets, lists, updates and deletes a provider', async () => {
    const created = await env.iam.send(new CreateSAMLProviderCommand({ Name: 'Corp', SAMLMetadataDocument: metadata, Tags: [{ Key: 'team', Value: 'blue' }] }));
    assert.equal(created.SAMLProviderArn, arn('Corp'));
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'blue' }]);
    const got = await env.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn('Corp') }));
    assert.equal(got.SAMLMetadataDocument, metadata);
    assert.match(got.SAMLProviderUUID!, /^[A-Z0-9]{22,64}$/);
    assert.ok(got.CreateDate instanceof Date);
    assert.equal(got.ValidUntil, undefined, 'the metadata has no validUntil');
    assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'blue' }]);
    const listed = await env.iam.send(new ListSAMLProvidersCommand({}));
    assert.deepEqual(listed.SAMLProviderList?.map((p) => p.Arn), [arn('Corp')]);

    const until = new Date('2031-01-02T03:04:05.000Z');
    const newer = idpMetadata({ entityId: 'https://idp.example.com/one', certificates: [idp.certificate, other.certificate], validUntil: until });
    assert.equal((await env.iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn('Corp'), SAMLMetadataDocument: newer }))).SAMLProviderArn, arn('Corp'));
    const updated = await env.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn('Corp') }));
    assert.equal(updated.SAMLMetadataDocument, newer);
    assert.equal(updated.ValidUntil?.toISOString(), until.toISOString());
    assert.equal(updated.SAMLProviderUUID, got.SAMLProviderUUID);

    await rejectsWith(env.iam.send(new CreateSAMLProviderCommand({ Name: 'Corp', SAMLMetadataDocument: metadata })), 'EntityAlreadyExists', 'SAMLProvider named Corp already exists', 409);
    await env.iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn('Corp') }));
    await rejectsWith(env.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn('Corp') })), 'NoSuchEntity', `Manifest not found for arn ${arn('Corp')}`, 404);
    await rejectsWith(env.iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn('Corp') })), 'NoSuchEntity', `Manifest not found for arn ${arn('Corp')}`, 404);
    assert.deepEqual((await env.iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList, []);
  });

  // Each document is one mistake away from a good one; every one is refused and nothing is created.
  const wrongCertificate = Buffer.from('not a certificate at all, only text long enough').toString('base64');
  const badDocuments: [string, string][] = [
    ['not XML', `${'x'.repeat(1200)}`],
    ['an unclosed element', metadata.replace('</md:EntityDescriptor>', '')],
    ['another root element', metadata.replace(/md:EntityDescriptor/g, 'md:EntitiesDescriptor')],
    ['the root in another namespace', metadata.replace('urn:oasis:names:tc:SAML:2.0:metadata', 'urn:example:metadata')],
    ['no entityID', metadata.replace(/entityID="[^"]*"/, '')],
    ['no IDPSSODescriptor', metadata.replace(/md:IDPSSODescriptor/g, 'md:SPSSODescriptor')],
    ['only an encryption key', metadata.replace('use="signing"', 'use="encryption"')],
    ['a certificate that is not one', metadata.replace(/<ds:X509Certificate>[^<]*</, `<ds:X509Certificate>${wrongCertificate.repeat(20)}<`)],
    ['an unreadable validUntil', metadata.replace('entityID=', 'validUntil="tomorrow" entityID=')],
  ];
  for (const [what, document] of badDocuments) {
    it(`refuses metadata with ${what}`, async () => {
      await rejectsWith(env.iam.send(new CreateSAMLProviderCommand({ Name: 'Bad', SAMLMetadataDocument: document })), 'InvalidInput', PARSE_ERROR, 400);
      await rejectsWith(env.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn('Bad') })), 'NoSuchEntity', /Manifest not found/, 404);
    });
  }

  it('validates names, ARNs and the document size as the model does', async () => {
    await rejectsWith(env.iam.send(new CreateSAMLProviderCommand({ Name: 'bad name', SAMLMetadataDocument: metadata })), 'ValidationError', /name/i, 400);
    await rejectsWith(env.iam.send(new CreateSAMLProviderCommand({ Name: 'Short', SAMLMetadataDocument: '<x/>' })), 'ValidationError', /sAMLMetadataDocument|SAMLMetadataDocument/, 400);
    await rejectsWith(env.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${ACCOUNT}:role/NotAProvider` })), 'InvalidInput', /is not valid/, 400);
    await rejectsWith(env.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: 'arn:aws:iam::111122223333:saml-provider/Elsewhere' })), 'NoSuchEntity', /Manifest not found/, 404);
  });

  it('keeps private keys and the assertion encryption mode', async () => {
    const key = rsaKey();
    const created = await env.iam.send(new CreateSAMLProviderCommand({ Name: 'Encrypted', SAMLMetadataDocument: metadata, AssertionEncryptionMode: 'Required', AddPrivateKey: key }));
    const got = await env.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: created.SAMLProviderArn }));
    assert.equal(got.AssertionEncryptionMode, 'Required');
    assert.equal(got.PrivateKeyList?.length, 1);
    const first = got.PrivateKeyList![0].KeyId!;
    assert.match(first, /^[A-Z0-9]{22,64}$/);
    await env.iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: created.SAMLProviderArn, AddPrivateKey: rsaKey() }));
    await rejectsWith(env.iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: created.SAMLProviderArn, AddPrivateKey: rsaKey() })), 'LimitExceeded', /PrivateKeysPerSAMLProvider: 2/, 409);
    await env.iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: created.SAMLProviderArn, RemovePrivateKey: first, AssertionEncryptionMode: 'Allowed' }));
    const after = await env.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: created.SAMLProviderArn }));
    assert.equal(after.AssertionEncryptionMode, 'Allowed');
    assert.deepEqual(after.PrivateKeyList?.map((k) => k.KeyId).includes(first), false);
    assert.equal(after.PrivateKeyList?.length, 1);
    await rejectsWith(env.iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: created.SAMLProviderArn, RemovePrivateKey: first })), 'InvalidInput', /does not exist/, 400);
    await rejectsWith(env.iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: created.SAMLProviderArn, AddPrivateKey: 'not a key' })), 'InvalidInput', /not a valid RSA private key/, 400);
    await rejectsWith(
      env.iam.send(new CreateSAMLProviderCommand({ Name: 'NoKey', SAMLMetadataDocument: metadata, AssertionEncryptionMode: 'Required' })),
      'InvalidInput',
      /private key is required/,
      400,
    );
  });

  it('tags a provider: merge by case-insensitive key, untag, the quota of 50', async () => {
    const { SAMLProviderArn } = await env.iam.send(new CreateSAMLProviderCommand({ Name: 'Tagged', SAMLMetadataDocument: metadata }));
    await env.iam.send(new TagSAMLProviderCommand({ SAMLProviderArn, Tags: [{ Key: 'Team', Value: 'blue' }, { Key: 'stage', Value: 'dev' }] }));
    await env.iam.send(new TagSAMLProviderCommand({ SAMLProviderArn, Tags: [{ Key: 'team', Value: 'red' }] }));
    // Sorted by key, as AWS documents GetSAMLProvider's tags.
    assert.deepEqual((await env.iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn }))).Tags, [{ Key: 'stage', Value: 'dev' }, { Key: 'team', Value: 'red' }]);
    assert.deepEqual((await env.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn }))).Tags, [{ Key: 'stage', Value: 'dev' }, { Key: 'team', Value: 'red' }]);
    await env.iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn, TagKeys: ['STAGE'] }));
    assert.deepEqual((await env.iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn }))).Tags, [{ Key: 'team', Value: 'red' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejectsWith(env.iam.send(new TagSAMLProviderCommand({ SAMLProviderArn, Tags: many })), 'LimitExceeded', 'Cannot exceed quota for TagsPerSAMLProvider: 50', 409);
    assert.equal((await env.iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn }))).Tags?.length, 1);
    await rejectsWith(env.iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn('Missing'), Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntity', /Manifest not found/, 404);
  });

  it('serves the AWS CLI', async () => {
    const created = await awsCliJson(env.server.url, ['iam', 'create-saml-provider', '--name', 'FromCli', '--saml-metadata-document', metadata]);
    assert.equal(created.SAMLProviderArn, arn('FromCli'));
    const listed = await awsCliJson(env.server.url, ['iam', 'list-saml-providers']);
    assert.ok(listed.SAMLProviderList.some((p: { Arn: string }) => p.Arn === arn('FromCli')));
    const got = await awsCliJson(env.server.url, ['iam', 'get-saml-provider', '--saml-provider-arn', arn('FromCli')]);
    assert.equal(got.SAMLMetadataDocument, metadata);
    await awsCliJson(env.server.url, ['iam', 'delete-saml-provider', '--saml-provider-arn', arn('FromCli')]);
  });
});
