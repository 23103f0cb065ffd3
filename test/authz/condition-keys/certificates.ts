// Users' other credentials and the account's server certificates: the keys the Service Authorization Reference
// documents for them (on the `user` resource type: aws:ResourceTag/<key>, iam:ResourceTag/<key>; the service-specific
// credential actions' iam:ServiceSpecificCredentialServiceName and CreateServiceSpecificCredential's
// iam:ServiceSpecificCredentialAgeDays; on the `server-certificate` type: aws:ResourceTag/<key>, and
// UploadServerCertificate's and TagServerCertificate's aws:RequestTag/<key>, aws:TagKeys).
import {
  CreateServiceSpecificCredentialCommand,
  DeleteServerCertificateCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  GetAccessKeyLastUsedCommand,
  GetServerCertificateCommand,
  GetSSHPublicKeyCommand,
  ListServerCertificateTagsCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ResetServiceSpecificCredentialCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RIGHT_TAG, TAG, tags, untag, user, type Clients, type Row, type Target } from './support.js';

const run = promisify(execFile);

/** A fresh self-signed certificate and its key (openssl CLI). */
async function certificate(cn: string): Promise<{ body: string; key: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'linkedrole-keys-'));
  try {
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'c.key', '-out', 'c.pem', '-subj', `/CN=${cn}`, '-days', '30'], { cwd: dir });
    return { body: await readFile(join(dir, 'c.pem'), 'utf8'), key: await readFile(join(dir, 'c.key'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A fresh ssh-ed25519 public key in PEM, which IAM takes as it takes OpenSSH's format. */
const sshKey = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }) as string;

const CODECOMMIT = 'codecommit.amazonaws.com';

/** A fresh user (tagged team=blue) with a CodeCommit credential, an SSH key and a signing certificate. */
async function userWithCredentials(root: Clients, n: number): Promise<Target> {
  const made = await user(root, n);
  const credential = await root.iam.send(new CreateServiceSpecificCredentialCommand({ UserName: made.name, ServiceName: CODECOMMIT }));
  const key = await root.iam.send(new UploadSSHPublicKeyCommand({ UserName: made.name, SSHPublicKeyBody: sshKey() }));
  const signing = await root.iam.send(new UploadSigningCertificateCommand({ UserName: made.name, CertificateBody: (await certificate(`signer-${n}`)).body }));
  return {
    ...made,
    credentialId: credential.ServiceSpecificCredential!.ServiceSpecificCredentialId!,
    sshKeyId: key.SSHPublicKey!.SSHPublicKeyId!,
    certificateId: signing.Certificate!.CertificateId!,
  };
}

/** A fresh user with a fresh certificate ready to upload. */
async function userWithCertificate(root: Clients, n: number): Promise<Target> {
  return { ...(await user(root, n)), body: (await certificate(`new-signer-${n}`)).body };
}

/** A fresh server certificate tagged team=blue (and stage=prod). */
async function serverCertificate(root: Clients, n: number): Promise<Target> {
  const name = `server-cert-${n}`;
  const { body, key } = await certificate(`www-${n}.example.com`);
  await root.iam.send(new UploadServerCertificateCommand({ ServerCertificateName: name, CertificateBody: body, PrivateKey: key, Tags: [{ Key: TAG[0], Value: TAG[1] }, { Key: 'stage', Value: 'prod' }] }));
  return { name };
}

/** A certificate and key ready to upload (the certificate does not exist yet). */
async function certificateToUpload(_root: Clients, n: number): Promise<Target> {
  const { body, key } = await certificate(`upload-${n}.example.com`);
  return { name: `uploaded-cert-${n}`, body, key };
}

type Call = (u: Clients, t: Target) => Promise<unknown>;
const onUser = (operation: string, call: Call, setup = userWithCredentials, keys?: Record<string, string>): Row => ({
  operation,
  action: `iam:${operation}`,
  type: 'user',
  values: keys ? { keys } : {},
  setup,
  call,
});
const credentialService = { 'iam:ServiceSpecificCredentialServiceName': CODECOMMIT };

export const rows: Row[] = [
  onUser('CreateServiceSpecificCredential', (u, t) => u.iam.send(new CreateServiceSpecificCredentialCommand({ UserName: t.name, ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 30 })), user, {
    'iam:ServiceSpecificCredentialServiceName': 'bedrock.amazonaws.com',
    'iam:ServiceSpecificCredentialAgeDays': '30',
  }),
  onUser('ListServiceSpecificCredentials', (u, t) => u.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: t.name }))),
  onUser('UpdateServiceSpecificCredential', (u, t) => u.iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: t.name, ServiceSpecificCredentialId: t.credentialId, Status: 'Inactive' })), userWithCredentials, credentialService),
  onUser('ResetServiceSpecificCredential', (u, t) => u.iam.send(new ResetServiceSpecificCredentialCommand({ UserName: t.name, ServiceSpecificCredentialId: t.credentialId })), userWithCredentials, credentialService),
  onUser('DeleteServiceSpecificCredential', (u, t) => u.iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: t.name, ServiceSpecificCredentialId: t.credentialId })), userWithCredentials, credentialService),
  onUser('UploadSSHPublicKey', (u, t) => u.iam.send(new UploadSSHPublicKeyCommand({ UserName: t.name, SSHPublicKeyBody: sshKey() })), user),
  onUser('GetSSHPublicKey', (u, t) => u.iam.send(new GetSSHPublicKeyCommand({ UserName: t.name, SSHPublicKeyId: t.sshKeyId, Encoding: 'SSH' }))),
  onUser('ListSSHPublicKeys', (u, t) => u.iam.send(new ListSSHPublicKeysCommand({ UserName: t.name }))),
  onUser('UpdateSSHPublicKey', (u, t) => u.iam.send(new UpdateSSHPublicKeyCommand({ UserName: t.name, SSHPublicKeyId: t.sshKeyId, Status: 'Inactive' }))),
  onUser('DeleteSSHPublicKey', (u, t) => u.iam.send(new DeleteSSHPublicKeyCommand({ UserName: t.name, SSHPublicKeyId: t.sshKeyId }))),
  onUser('UploadSigningCertificate', (u, t) => u.iam.send(new UploadSigningCertificateCommand({ UserName: t.name, CertificateBody: t.body })), userWithCertificate),
  onUser('ListSigningCertificates', (u, t) => u.iam.send(new ListSigningCertificatesCommand({ UserName: t.name }))),
  onUser('UpdateSigningCertificate', (u, t) => u.iam.send(new UpdateSigningCertificateCommand({ UserName: t.name, CertificateId: t.certificateId, Status: 'Inactive' }))),
  onUser('DeleteSigningCertificate', (u, t) => u.iam.send(new DeleteSigningCertificateCommand({ UserName: t.name, CertificateId: t.certificateId }))),
  onUser('GetAccessKeyLastUsed', (u, t) => u.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: t.keyId })), user),

  {
    operation: 'UploadServerCertificate',
    action: 'iam:UploadServerCertificate',
    type: 'server-certificate',
    values: RIGHT_TAG,
    setup: certificateToUpload,
    call: (u, t) => u.iam.send(new UploadServerCertificateCommand({ ServerCertificateName: t.name, CertificateBody: t.body, PrivateKey: t.key, Tags: tags })),
  },
  ...(
    [
      ['GetServerCertificate', (u, t) => u.iam.send(new GetServerCertificateCommand({ ServerCertificateName: t.name }))],
      ['UpdateServerCertificate', (u, t) => u.iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: t.name, NewPath: '/moved/' }))],
      ['DeleteServerCertificate', (u, t) => u.iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: t.name }))],
      ['ListServerCertificateTags', (u, t) => u.iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: t.name }))],
    ] as [string, Call][]
  ).map(([operation, call]): Row => ({ operation, action: `iam:${operation}`, type: 'server-certificate', values: {}, setup: serverCertificate, call })),
  {
    operation: 'TagServerCertificate',
    action: 'iam:TagServerCertificate',
    type: 'server-certificate',
    values: RIGHT_TAG,
    setup: serverCertificate,
    call: (u, t) => u.iam.send(new TagServerCertificateCommand({ ServerCertificateName: t.name, Tags: tags })),
  },
  {
    operation: 'UntagServerCertificate',
    action: 'iam:UntagServerCertificate',
    type: 'server-certificate',
    values: { tagKey: 'extra' },
    setup: serverCertificate,
    call: (u, t) => u.iam.send(new UntagServerCertificateCommand({ ServerCertificateName: t.name, TagKeys: untag })),
  },
];
