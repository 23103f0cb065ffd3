// Server and signing certificates through the SDK and the AWS CLI, with certificates made at test time by the
// openssl CLI: a root, an intermediate it signs and a leaf the intermediate signs (a good chain), an expired
// leaf, unrelated keys and certificates (mismatched key, broken chains). Each bad upload is refused with its AWS
// error and stores nothing; names are unique in any case, paths, paging, renames, tags, quotas, and the users'
// signing certificates (duplicates across users, two per user, status, the calling user's own).
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteServerCertificateCommand,
  DeleteSigningCertificateCommand,
  DeleteUserCommand,
  GetServerCertificateCommand,
  IAMClient,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListSigningCertificatesCommand,
  PutUserPolicyCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UpdateSigningCertificateCommand,
  UpdateUserCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ServerCertificates } from '../../src/services/iam/certificates.js';
import { awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const run = promisify(execFile);
const ACCOUNT = '123456789012';

interface Pki {
  dir: string;
  root: string;
  intermediate: string;
  leaf: string;
  leafKey: string;
  expired: string;
  expiredKey: string;
  otherKey: string;
  encryptedKey: string;
  ec: string;
  ecKey: string;
  stranger: string;
  signing: string[];
}

/** Makes the certificates with the openssl CLI (asynchronously: the server runs in this process). */
async function makePki(): Promise<Pki> {
  const dir = await mkdtemp(join(tmpdir(), 'linkedrole-certs-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await writeFile(at('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  const selfSigned = (name: string, cn: string) => openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', `/CN=${cn}`, '-days', '30');
  const signed = async (name: string, cn: string, issuer: string, days: string, ext?: string) => {
    await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    await openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', days, ...(ext ? ['-extfile', ext] : []));
  };
  await selfSigned('root', 'Test Root');
  await signed('intermediate', 'Test Intermediate', 'root', '30', 'ca.ext');
  await signed('leaf', 'www.example.com', 'intermediate', '30');
  await signed('expired', 'old.example.com', 'intermediate', '-1');
  await selfSigned('stranger', 'Stranger');
  await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other.key');
  await openssl('pkey', '-in', 'leaf.key', '-aes256', '-passout', 'pass:secret', '-out', 'leaf-encrypted.key');
  await openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ec.key', '-out', 'ec.pem', '-subj', '/CN=ec.example.com', '-days', '30');
  for (const n of [1, 2, 3]) await selfSigned(`signing${n}`, `Signer ${n}`);
  const read = (name: string) => readFile(at(name), 'utf8');
  return {
    dir,
    root: await read('root.pem'),
    intermediate: await read('intermediate.pem'),
    leaf: await read('leaf.pem'),
    leafKey: await read('leaf.key'),
    expired: await read('expired.pem'),
    expiredKey: await read('expired.key'),
    otherKey: await read('other.key'),
    encryptedKey: await read('leaf-encrypted.key'),
    ec: await read('ec.pem'),
    ecKey: await read('ec.key'),
    stranger: await read('stranger.pem'),
    signing: [await read('signing1.pem'), await read('signing2.pem'), await read('signing3.pem')],
  };
}

describe('server and signing certificates', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });
  let pki: Pki;
  before(async () => {
    pki = await makePki();
  });
  after(async () => {
    if (pki) await rm(pki.dir, { recursive: true, force: true });
  });

  const upload = (name: string, extra: Partial<{ CertificateBody: string; PrivateKey: string; CertificateChain: string; Path: string }> = {}) =>
    env.iam.send(new UploadServerCertificateCommand({ ServerCertificateName: name, CertificateBody: pki.leaf, PrivateKey: pki.leafKey, ...extra }));

  it('uploads a certificate with its key and chain under a path, with tags; gets, lists, renames, tags and deletes it', async () => {
    const chain = pki.intermediate + pki.root;
    const made = await env.iam.send(
      new UploadServerCertificateCommand({ ServerCertificateName: 'web', CertificateBody: pki.leaf, PrivateKey: pki.leafKey, CertificateChain: chain, Path: '/cloudfront/', Tags: [{ Key: 'team', Value: 'web' }] }),
    );
    const meta = made.ServerCertificateMetadata!;
    assert.equal(meta.Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/cloudfront/web`);
    assert.equal(meta.Path, '/cloudfront/');
    assert.match(meta.ServerCertificateId!, /^ASCA[A-Z2-7]{17}$/);
    assert.equal(meta.Expiration?.toISOString(), new Date(new X509Certificate(pki.leaf).validTo).toISOString());
    assert.ok(meta.UploadDate instanceof Date);
    assert.deepEqual(made.Tags, [{ Key: 'team', Value: 'web' }]);

    const got = (await env.iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'WEB' }))).ServerCertificate!;
    assert.equal(got.CertificateBody, pki.leaf);
    assert.equal(got.CertificateChain, chain);
    assert.equal(got.ServerCertificateMetadata?.ServerCertificateId, meta.ServerCertificateId);
    assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'web' }]);
    assert.ok(!('PrivateKey' in got), 'the private key is never returned');
    await rejectsWith(upload('Web'), 'EntityAlreadyExists', 'The Server Certificate with name Web already exists.', 409);

    await upload('api');
    await upload('mail', { Path: '/cloudfront/mail/' });
    const cloudfront = await env.iam.send(new ListServerCertificatesCommand({ PathPrefix: '/cloudfront/' }));
    assert.deepEqual(cloudfront.ServerCertificateMetadataList?.map((c) => c.ServerCertificateName), ['mail', 'web']);
    const first = await env.iam.send(new ListServerCertificatesCommand({ MaxItems: 2 }));
    assert.deepEqual(first.ServerCertificateMetadataList?.map((c) => c.ServerCertificateName), ['api', 'mail']);
    assert.equal(first.IsTruncated, true);
    const rest = await env.iam.send(new ListServerCertificatesCommand({ Marker: first.Marker }));
    assert.deepEqual(rest.ServerCertificateMetadataList?.map((c) => c.ServerCertificateName), ['web']);
    assert.equal(rest.IsTruncated, false);

    await env.iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'web', Tags: [{ Key: 'stage', Value: 'prod' }, { Key: 'TEAM', Value: 'edge' }] }));
    assert.deepEqual((await env.iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'web' }))).Tags, [{ Key: 'TEAM', Value: 'edge' }, { Key: 'stage', Value: 'prod' }]);
    await env.iam.send(new UntagServerCertificateCommand({ ServerCertificateName: 'web', TagKeys: ['team'] }));
    assert.deepEqual((await env.iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'web' }))).Tags, [{ Key: 'stage', Value: 'prod' }]);

    await env.iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'web', NewServerCertificateName: 'www', NewPath: '/edge/' }));
    const renamed = (await env.iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'www' }))).ServerCertificate!;
    assert.equal(renamed.ServerCertificateMetadata?.Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/edge/www`);
    assert.equal(renamed.ServerCertificateMetadata?.ServerCertificateId, meta.ServerCertificateId);
    assert.deepEqual(renamed.Tags, [{ Key: 'stage', Value: 'prod' }]);
    const missing = 'The Server Certificate with name web cannot be found.';
    await rejectsWith(env.iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'web' })), 'NoSuchEntity', missing, 404);
    await rejectsWith(env.iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'www', NewServerCertificateName: 'API' })), 'EntityAlreadyExists', 'The Server Certificate with name API already exists.', 409);

    await env.iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'www' }));
    await rejectsWith(env.iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'www' })), 'NoSuchEntity', 'The Server Certificate with name www cannot be found.', 404);
    await rejectsWith(env.iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'www' })), 'NoSuchEntity', 'The Server Certificate with name www cannot be found.', 404);
    // A new certificate of the old name starts without the old one's tags.
    await upload('www');
    assert.deepEqual((await env.iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'www' }))).Tags, []);
    for (const name of ['api', 'mail', 'www']) await env.iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: name }));
  });

  it('refuses a bad certificate, key or chain with its AWS error, and stores nothing', async () => {
    const chainError = (index: number) =>
      `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${index}`;
    const cases: [string, Parameters<typeof upload>[1], string, string][] = [
      ['a body that is not PEM', { CertificateBody: 'not a certificate' }, 'MalformedCertificate', 'Unable to parse certificate. Please ensure the certificate is in PEM format.'],
      ['a body of two certificates', { CertificateBody: pki.leaf + pki.intermediate }, 'MalformedCertificate', 'Unable to parse certificate. Please ensure the certificate is in PEM format.'],
      ['a damaged body', { CertificateBody: pki.leaf.replace(/\n[A-Za-z0-9+/]{16}/, '\n') }, 'MalformedCertificate', 'Unable to parse certificate. Please ensure the certificate is in PEM format.'],
      ['an expired certificate', { CertificateBody: pki.expired, PrivateKey: pki.expiredKey }, 'MalformedCertificate', "Certificate is no longer valid. The 'Not After' date restriction on the certificate has passed."],
      ['a private key that is not PEM', { PrivateKey: 'not a key' }, 'MalformedCertificate', 'Unable to parse private key. Please ensure the private key is in PEM format and not encrypted.'],
      ['an encrypted private key', { PrivateKey: pki.encryptedKey }, 'MalformedCertificate', 'Unable to parse private key. Please ensure the private key is in PEM format and not encrypted.'],
      ['another private key', { PrivateKey: pki.otherKey }, 'KeyPairMismatch', 'The private key does not match the public key of the certificate.'],
      ['an EC key for an RSA certificate', { PrivateKey: pki.ecKey }, 'KeyPairMismatch', 'The private key does not match the public key of the certificate.'],
      ['a chain that is not PEM', { CertificateChain: 'not a chain' }, 'MalformedCertificate', 'Unable to parse certificate chain. Please ensure the certificate chain is in PEM format.'],
      ['a chain in the wrong order', { CertificateChain: pki.root + pki.intermediate }, 'MalformedCertificate', chainError(-1)],
      ['a chain without the intermediate', { CertificateChain: pki.root }, 'MalformedCertificate', chainError(-1)],
      ['a chain ending in a stranger', { CertificateChain: pki.intermediate + pki.stranger }, 'MalformedCertificate', chainError(1)],
    ];
    for (const [what, extra, code, message] of cases) {
      await rejectsWith(upload('bad', extra), code, message, 400).catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
    }
    assert.deepEqual((await env.iam.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList, []);
    // The same upload with its own chain is accepted: the refusals were the inputs' doing. So is an EC certificate.
    await upload('bad', { CertificateChain: pki.intermediate });
    await upload('ec', { CertificateBody: pki.ec, PrivateKey: pki.ecKey });
    for (const name of ['bad', 'ec']) await env.iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: name }));
  });

  it('refuses a certificate that is not yet valid on the server clock (driven through the domain, a day behind)', async () => {
    const { app } = env.server;
    const behind = new ServerCertificates(app.store, () => new Date(Date.now() - 24 * 60 * 60 * 1000));
    await assert.rejects(behind.upload(ACCOUNT, { ServerCertificateName: 'early', CertificateBody: pki.leaf, PrivateKey: pki.leafKey }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'MalformedCertificate');
      assert.equal(error.message, "Certificate is not yet valid. The 'Not Before' date restriction on the certificate has not been met.");
      return true;
    });
    assert.equal(await behind.find(ACCOUNT, 'early'), undefined);
  });

  it('holds at most 50 tags on a certificate, keys unique in any case', async () => {
    const many = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: 'v' }));
    // More than 50 in one request is the model's constraint; more than 50 in all, the quota.
    await rejectsWith(
      env.iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'tagged', CertificateBody: pki.leaf, PrivateKey: pki.leafKey, Tags: many(51) })),
      'ValidationError',
      "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
      400,
    );
    await rejectsWith(
      env.iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'tagged', CertificateBody: pki.leaf, PrivateKey: pki.leafKey, Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
      'InvalidInput',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      400,
    );
    await rejectsWith(env.iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'tagged' })), 'NoSuchEntity', 'The Server Certificate with name tagged cannot be found.', 404);
    await env.iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'tagged', CertificateBody: pki.leaf, PrivateKey: pki.leafKey, Tags: many(49) }));
    await rejectsWith(env.iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'tagged', Tags: many(2, 'x') })), 'LimitExceeded', 'Cannot exceed quota for TagsPerServerCertificate: 50', 409);
    await env.iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'tagged', Tags: [{ Key: 'K0', Value: 'replaced' }, { Key: 'x', Value: 'y' }] }));
    const tags = (await env.iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'tagged' }))).Tags!;
    assert.equal(tags.length, 50);
    assert.deepEqual(tags[0], { Key: 'K0', Value: 'replaced' });
    await env.iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'tagged' }));
  });

  it('holds at most 20 server certificates in an account', async () => {
    for (let i = 0; i < 20; i++) await upload(`quota-${String(i).padStart(2, '0')}`);
    await rejectsWith(upload('quota-20'), 'LimitExceeded', 'Cannot exceed quota for ServerCertificatesPerAccount: 20', 409);
    const page = await env.iam.send(new ListServerCertificatesCommand({ MaxItems: 1000 }));
    assert.equal(page.ServerCertificateMetadataList?.length, 20);
    for (let i = 0; i < 20; i++) await env.iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: `quota-${String(i).padStart(2, '0')}` }));
  });

  it("signing certificates: two per user, each certificate on one user of the account, status, the caller's own, DeleteUser refused", async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'signer' }));
    await env.iam.send(new CreateUserCommand({ UserName: 'copycat' }));
    const one = (await env.iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: pki.signing[0] }))).Certificate!;
    assert.match(one.CertificateId!, /^[A-Z2-7]{28}$/);
    assert.equal(one.Status, 'Active');
    assert.equal(one.UserName, 'signer');
    assert.equal(one.CertificateBody, pki.signing[0]);
    await rejectsWith(
      env.iam.send(new UploadSigningCertificateCommand({ UserName: 'copycat', CertificateBody: pki.signing[0] })),
      'DuplicateCertificate',
      'The same certificate is already associated with an IAM user in this account.',
      409,
    );
    const two = (await env.iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: pki.signing[1] }))).Certificate!;
    await rejectsWith(env.iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: pki.signing[2] })), 'LimitExceeded', 'Cannot exceed quota for SigningCertificatesPerUser: 2', 409);
    await rejectsWith(env.iam.send(new UploadSigningCertificateCommand({ UserName: 'copycat', CertificateBody: 'junk' })), 'MalformedCertificate', 'Unable to parse certificate. Please ensure the certificate is in PEM format.', 400);
    await rejectsWith(
      env.iam.send(new UploadSigningCertificateCommand({ UserName: 'copycat', CertificateBody: pki.expired })),
      'InvalidCertificate',
      "Certificate is no longer valid. The 'Not After' date restriction on the certificate has passed.",
      400,
    );
    await rejectsWith(env.iam.send(new UploadSigningCertificateCommand({ UserName: 'nobody', CertificateBody: pki.signing[2] })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
    assert.deepEqual((await env.iam.send(new ListSigningCertificatesCommand({ UserName: 'copycat' }))).Certificates, []);

    await env.iam.send(new UpdateSigningCertificateCommand({ UserName: 'signer', CertificateId: one.CertificateId, Status: 'Inactive' }));
    const listed = await env.iam.send(new ListSigningCertificatesCommand({ UserName: 'signer' }));
    assert.deepEqual(
      listed.Certificates?.map((c) => [c.CertificateId, c.Status]),
      [
        [one.CertificateId, 'Inactive'],
        [two.CertificateId, 'Active'],
      ],
    );
    const paged = await env.iam.send(new ListSigningCertificatesCommand({ UserName: 'signer', MaxItems: 1 }));
    assert.equal(paged.IsTruncated, true);
    assert.deepEqual((await env.iam.send(new ListSigningCertificatesCommand({ UserName: 'signer', Marker: paged.Marker }))).Certificates?.map((c) => c.CertificateId), [two.CertificateId]);
    const unknown = 'A'.repeat(28);
    await rejectsWith(env.iam.send(new UpdateSigningCertificateCommand({ UserName: 'signer', CertificateId: unknown, Status: 'Active' })), 'NoSuchEntity', `The Certificate with id ${unknown} cannot be found.`, 404);
    await rejectsWith(env.iam.send(new DeleteSigningCertificateCommand({ UserName: 'copycat', CertificateId: one.CertificateId })), 'NoSuchEntity', `The Certificate with id ${one.CertificateId} cannot be found.`, 404);

    // The user's own, without UserName.
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'copycat', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'copycat' }));
    const asCopycat = env.client(IAMClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    const own = (await asCopycat.send(new UploadSigningCertificateCommand({ CertificateBody: pki.signing[2] }))).Certificate!;
    assert.equal(own.UserName, 'copycat');
    assert.deepEqual((await asCopycat.send(new ListSigningCertificatesCommand({}))).Certificates?.map((c) => c.CertificateId), [own.CertificateId]);
    await asCopycat.send(new DeleteSigningCertificateCommand({ CertificateId: own.CertificateId }));

    await env.iam.send(new UpdateUserCommand({ UserName: 'signer', NewUserName: 'signatory' }));
    assert.equal((await env.iam.send(new ListSigningCertificatesCommand({ UserName: 'signatory' }))).Certificates?.length, 2);
    await rejectsWith(env.iam.send(new DeleteUserCommand({ UserName: 'signatory' })), 'DeleteConflict', 'Cannot delete entity, must delete signing certificates first.', 409);
    for (const c of [one, two]) await env.iam.send(new DeleteSigningCertificateCommand({ UserName: 'signatory', CertificateId: c.CertificateId }));
    await env.iam.send(new DeleteUserCommand({ UserName: 'signatory' }));
  });

  it('the audit trail records the upload as CloudTrail does, without the private key', async () => {
    await upload('audited', { CertificateChain: pki.intermediate });
    const trail = env.client(CloudTrailClient);
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UploadServerCertificate' }] }));
    const record = Events!.map((e) => JSON.parse(e.CloudTrailEvent!)).find((r) => r.requestParameters?.serverCertificateName === 'audited');
    assert.ok(record, 'the upload is in the trail');
    assert.equal(record.eventSource, 'iam.amazonaws.com');
    assert.equal(record.requestParameters.certificateBody, pki.leaf);
    assert.ok(!('privateKey' in record.requestParameters), 'the private key (sensitive in the model) is left out');
    assert.equal(record.responseElements.serverCertificateMetadata.serverCertificateName, 'audited');
    await env.iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'audited' }));
  });

  it('the AWS CLI uploads from files (file://) and lists, and prints AWS error lines', async () => {
    const file = (name: string) => `file://${join(pki.dir, name)}`;
    const made = await awsCliJson(env.server.url, [
      'iam', 'upload-server-certificate', '--server-certificate-name', 'cli-cert', '--path', '/cli/',
      '--certificate-body', file('leaf.pem'), '--private-key', file('leaf.key'), '--certificate-chain', file('intermediate.pem'),
    ]);
    assert.equal(made.ServerCertificateMetadata.Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/cli/cli-cert`);
    const listed = await awsCliJson(env.server.url, ['iam', 'list-server-certificates', '--path-prefix', '/cli/']);
    assert.deepEqual(listed.ServerCertificateMetadataList.map((c: { ServerCertificateName: string }) => c.ServerCertificateName), ['cli-cert']);
    const refused = await awsCliFails(env.server.url, [
      'iam', 'upload-server-certificate', '--server-certificate-name', 'cli-bad', '--certificate-body', file('leaf.pem'), '--private-key', file('other.key'),
    ]);
    assert.match(refused, /An error occurred \(KeyPairMismatch\) when calling the UploadServerCertificate operation: The private key does not match the public key of the certificate\./);
    await awsCliJson(env.server.url, ['iam', 'delete-server-certificate', '--server-certificate-name', 'cli-cert']);

    await env.iam.send(new CreateUserCommand({ UserName: 'cli-signer' }));
    const signing = await awsCliJson(env.server.url, ['iam', 'upload-signing-certificate', '--user-name', 'cli-signer', '--certificate-body', file('signing3.pem')]);
    assert.equal(signing.Certificate.Status, 'Active');
    await awsCliJson(env.server.url, ['iam', 'update-signing-certificate', '--user-name', 'cli-signer', '--certificate-id', signing.Certificate.CertificateId, '--status', 'Inactive']);
    const signings = await awsCliJson(env.server.url, ['iam', 'list-signing-certificates', '--user-name', 'cli-signer']);
    assert.deepEqual(signings.Certificates.map((c: { CertificateId: string; Status: string }) => [c.CertificateId, c.Status]), [[signing.Certificate.CertificateId, 'Inactive']]);
  });
});
