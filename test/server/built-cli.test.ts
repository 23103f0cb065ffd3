// The built `linkedrole` (the package's bin, dist/src/cli.js: one esbuild bundle whose lazily loaded
// parts are chunks, scripts/bundle-cli.mjs), which every other test skips by running src/cli.ts through
// tsx: each command is found, and `serve` comes up and answers first requests that load what start-up
// deferred (the console, sshpk, the XML parser, qrcode), then stops on SIGTERM. Needs `npm run build`.
import { CreateSAMLProviderCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, IAMClient, UploadSSHPublicKeyCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';

const BIN = 'dist/src/cli.js';
const READY = /^linkedrole listening on (http:\/\/127\.0\.0\.1:\d+)\n$/;
const run = promisify(execFile);

describe('the built linkedrole command', { skip: existsSync('dist/src/chunks') ? false : 'needs the build (npm run build)' }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linkedrole-built-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loads the module of each command --help lists (and only the help for it)', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    const names = [...stdout.split('Commands:')[1].matchAll(/^ {2}([a-z0-9-]+)/gm)].map((m) => m[1]).filter((name) => name !== 'help');
    assert.ok(names.length >= 14, stdout);
    for (const name of names) {
      const help = await run(process.execPath, [BIN, name, '--help'], { encoding: 'utf8' });
      assert.match(help.stdout, new RegExp(`^Usage: linkedrole ${name} `), name);
    }
  });

  it('serves: the ready line alone, first requests that load the deferred modules, a clean exit on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--quiet', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exit = once(child, 'exit');
    try {
      const [line] = (await once(child.stdout.setEncoding('utf8'), 'data')) as [string];
      const url = READY.exec(line)?.[1];
      assert.ok(url, `ready line: ${JSON.stringify(line)}; stderr: ${stderr}`);
      const config = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
      const iam = new IAMClient(config);
      try {
        await iam.send(new CreateUserCommand({ UserName: 'built-cli' }));
        const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const key = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'built-cli', SSHPublicKeyBody: publicKey }));
        assert.match(key.SSHPublicKey?.Fingerprint ?? '', /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
        const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'built-cli' }));
        assert.equal(Buffer.from(device.VirtualMFADevice!.QRCodePNG!).subarray(1, 4).toString(), 'PNG');
        // The XML parser is loaded by the first metadata document (this one, long enough for the model, is no EntityDescriptor).
        await assert.rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'built-cli', SAMLMetadataDocument: `<a>${'x'.repeat(1000)}</a>` })), {
          name: 'InvalidInputException',
          message: 'Could not parse metadata',
        });
      } finally {
        iam.destroy();
      }
      const signIn = await fetch(`${url}/console/signin`);
      assert.equal(signIn.status, 200);
      assert.match(await signIn.text(), /name="_csrf"/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.deepEqual(await exit, [0, null], stderr);
  });
});
