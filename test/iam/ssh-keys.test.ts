// IAM users' SSH public keys through the SDK and the AWS CLI: keys made at test time (node:crypto), uploaded in
// OpenSSH and PEM format, the fingerprint checked against one computed here (the MD5 of the key's blob), each
// bad key refused with its AWS error and nothing stored, the per-user quota, duplicates, paging, status, the
// calling user's own keys, and DeleteUser refused while the user has keys.
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GetSSHPublicKeyCommand,
  IAMClient,
  ListSSHPublicKeysCommand,
  PutUserPolicyCommand,
  UpdateSSHPublicKeyCommand,
  UpdateUserCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

/** A fresh key pair: the public key in PEM (SPKI) and in OpenSSH format (written here from the key's parts). */
function rsaKey(bits = 2048) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const jwk = publicKey.export({ format: 'jwk' });
  const mpint = (b64url: string) => {
    const bytes = Buffer.from(b64url, 'base64url');
    return bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  };
  const blob = sshBlob([Buffer.from('ssh-rsa'), mpint(jwk.e!), mpint(jwk.n!)]);
  return { pem: publicKey.export({ format: 'pem', type: 'spki' }) as string, openssh: `ssh-rsa ${blob.toString('base64')}`, blob, privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string };
}
function ed25519Key() {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const blob = sshBlob([Buffer.from('ssh-ed25519'), raw]);
  return { pem: publicKey.export({ format: 'pem', type: 'spki' }) as string, openssh: `ssh-ed25519 ${blob.toString('base64')}`, blob };
}
function sshBlob(parts: Buffer[]): Buffer {
  return Buffer.concat(parts.flatMap((p) => [Buffer.from([0, 0, (p.length >> 8) & 0xff, p.length & 0xff]), p]));
}
/** AWS's fingerprint: the MD5 of the key's blob, hex with colons. */
const md5Fingerprint = (blob: Buffer) => createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
const spki = (pem: string) => createPublicKey(pem).export({ format: 'der', type: 'spki' }).toString('hex');

describe('SSH public keys', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('uploads OpenSSH and PEM keys, gives them back in either encoding with AWS fingerprints, lists, updates, deletes', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'dev' }));
    const rsa = rsaKey();
    const ed = ed25519Key();
    const uploaded = await env.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: `${rsa.openssh} dev@laptop\n` }));
    const key = uploaded.SSHPublicKey!;
    assert.match(key.SSHPublicKeyId!, /^APKA[A-Z2-7]{16}$/);
    assert.equal(key.Fingerprint, md5Fingerprint(rsa.blob));
    assert.equal(key.Status, 'Active');
    assert.equal(key.UserName, 'dev');
    assert.ok(key.UploadDate instanceof Date);

    const fromPem = (await env.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: ed.pem }))).SSHPublicKey!;
    assert.equal(fromPem.Fingerprint, md5Fingerprint(ed.blob));
    const asSsh = await env.iam.send(new GetSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: fromPem.SSHPublicKeyId, Encoding: 'SSH' }));
    assert.equal(asSsh.SSHPublicKey?.SSHPublicKeyBody, ed.openssh);
    const asPem = await env.iam.send(new GetSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: key.SSHPublicKeyId, Encoding: 'PEM' }));
    assert.match(asPem.SSHPublicKey!.SSHPublicKeyBody!, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(spki(asPem.SSHPublicKey!.SSHPublicKeyBody!), spki(rsa.pem));
    assert.equal(asPem.SSHPublicKey?.Fingerprint, key.Fingerprint);

    await env.iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: key.SSHPublicKeyId, Status: 'Inactive' }));
    const listed = await env.iam.send(new ListSSHPublicKeysCommand({ UserName: 'dev' }));
    assert.deepEqual(
      listed.SSHPublicKeys?.map((k) => [k.SSHPublicKeyId, k.Status]),
      [
        [key.SSHPublicKeyId, 'Inactive'],
        [fromPem.SSHPublicKeyId, 'Active'],
      ],
    );
    assert.equal(listed.IsTruncated, false);

    await env.iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: key.SSHPublicKeyId }));
    const gone = `The Public Key with id ${key.SSHPublicKeyId} cannot be found.`;
    await rejectsWith(env.iam.send(new GetSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: key.SSHPublicKeyId, Encoding: 'SSH' })), 'NoSuchEntity', gone, 404);
    await rejectsWith(env.iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: key.SSHPublicKeyId })), 'NoSuchEntity', gone, 404);
    await rejectsWith(env.iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: key.SSHPublicKeyId, Status: 'Active' })), 'NoSuchEntity', gone, 404);
    // Another user's key id is not found through this user.
    await env.iam.send(new CreateUserCommand({ UserName: 'other' }));
    await rejectsWith(
      env.iam.send(new GetSSHPublicKeyCommand({ UserName: 'other', SSHPublicKeyId: fromPem.SSHPublicKeyId, Encoding: 'SSH' })),
      'NoSuchEntity',
      `The Public Key with id ${fromPem.SSHPublicKeyId} cannot be found.`,
      404,
    );
    await rejectsWith(env.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'nobody', SSHPublicKeyBody: rsa.openssh })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
  });

  it('refuses each bad key with its AWS error and stores nothing', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'careless' }));
    const good = rsaKey();
    const short = rsaKey(1024);
    const ecdsa = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const cases: [string, string, string, RegExp][] = [
      ['not a key at all', 'hello world', 'UnrecognizedPublicKeyEncoding', /^The public key encoding format is unsupported or unrecognized\.$/],
      ['a private key', good.privatePem, 'UnrecognizedPublicKeyEncoding', /^The public key encoding format is unsupported or unrecognized\.$/],
      ['a truncated OpenSSH key', good.openssh.slice(0, 60), 'InvalidPublicKey', /^The public key is malformed or otherwise invalid\.$/],
      ['a broken PEM key', good.pem.replace(/\n[A-Za-z0-9+/]{10}/, '\n'), 'InvalidPublicKey', /^The public key is malformed or otherwise invalid\.$/],
      ['an RSA key of 1024 bits', short.openssh, 'InvalidPublicKey', /at least 2048 bits/],
      ['an ECDSA key', ecdsa, 'InvalidPublicKey', /ecdsa is not supported/],
    ];
    for (const [what, body, code, message] of cases) {
      await rejectsWith(env.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'careless', SSHPublicKeyBody: body })), code, message, 400).catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
    }
    assert.deepEqual((await env.iam.send(new ListSSHPublicKeysCommand({ UserName: 'careless' }))).SSHPublicKeys, []);
  });

  it('allows five keys per user, each once (in either format), pages them, and follows a renamed user', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'keen' }));
    const keys = Array.from({ length: 6 }, () => rsaKey());
    const ids: string[] = [];
    for (const k of keys.slice(0, 5)) ids.push((await env.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'keen', SSHPublicKeyBody: k.openssh }))).SSHPublicKey!.SSHPublicKeyId!);
    await rejectsWith(env.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'keen', SSHPublicKeyBody: keys[0].pem })), 'DuplicateSSHPublicKey', 'The SSH public key is already associated with the specified IAM user.', 400);
    await rejectsWith(env.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'keen', SSHPublicKeyBody: keys[5].openssh })), 'LimitExceeded', 'Cannot exceed quota for PublicKeysPerUser: 5', 409);
    // The same key may belong to another user.
    await env.iam.send(new CreateUserCommand({ UserName: 'twin' }));
    await env.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'twin', SSHPublicKeyBody: keys[0].openssh }));

    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await env.iam.send(new ListSSHPublicKeysCommand({ UserName: 'keen', MaxItems: 2, Marker: marker }));
      seen.push(...page.SSHPublicKeys!.map((k) => k.SSHPublicKeyId!));
      marker = page.IsTruncated ? page.Marker : undefined;
      pages++;
    } while (marker);
    assert.deepEqual(seen, ids);
    assert.equal(pages, 3);
    await rejectsWith(env.iam.send(new ListSSHPublicKeysCommand({ UserName: 'keen', Marker: 'bogus' })), 'InvalidInput', 'Invalid Marker.', 400);

    await env.iam.send(new UpdateUserCommand({ UserName: 'keen', NewUserName: 'keener' }));
    assert.equal((await env.iam.send(new ListSSHPublicKeysCommand({ UserName: 'keener' }))).SSHPublicKeys?.length, 5);
    await rejectsWith(env.iam.send(new DeleteUserCommand({ UserName: 'keener' })), 'DeleteConflict', 'Cannot delete entity, must delete SSH public keys first.', 409);
    for (const id of ids) await env.iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'keener', SSHPublicKeyId: id }));
    await env.iam.send(new DeleteUserCommand({ UserName: 'keener' }));
  });

  it('without UserName, a user lists its own keys; root lists none', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'self' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'self', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'self' }));
    const own = (await env.iam.send(new UploadSSHPublicKeyCommand({ UserName: 'self', SSHPublicKeyBody: ed25519Key().openssh }))).SSHPublicKey!;
    const asSelf = env.client(IAMClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    assert.deepEqual((await asSelf.send(new ListSSHPublicKeysCommand({}))).SSHPublicKeys?.map((k) => [k.UserName, k.SSHPublicKeyId]), [['self', own.SSHPublicKeyId]]);
    assert.deepEqual((await env.iam.send(new ListSSHPublicKeysCommand({}))).SSHPublicKeys, []);
  });

  it('the AWS CLI uploads a key from a file and reads it back as PEM', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'cli' }));
    const key = rsaKey();
    const uploaded = await awsCliJson(env.server.url, ['iam', 'upload-ssh-public-key', '--user-name', 'cli', '--ssh-public-key-body', key.openssh]);
    assert.equal(uploaded.SSHPublicKey.Fingerprint, md5Fingerprint(key.blob));
    const got = await awsCliJson(env.server.url, ['iam', 'get-ssh-public-key', '--user-name', 'cli', '--ssh-public-key-id', uploaded.SSHPublicKey.SSHPublicKeyId, '--encoding', 'PEM']);
    assert.equal(spki(got.SSHPublicKey.SSHPublicKeyBody), spki(key.pem));
    const refused = await awsCliFails(env.server.url, ['iam', 'upload-ssh-public-key', '--user-name', 'cli', '--ssh-public-key-body', key.openssh]);
    assert.match(refused, /An error occurred \(DuplicateSSHPublicKey\) when calling the UploadSSHPublicKey operation: The SSH public key is already associated with the specified IAM user\./);
  });
});
