// The credential report through the SDK and the AWS CLI: ReportNotPresent before any, STARTED then COMPLETE,
// AWS's columns in AWS's order, the <root_account> line, each user's password, MFA and access keys (the
// last use of a key from the requests it signed) with N/A and no_information where AWS writes them, and
// ReportExpired four hours on.
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UploadSigningCertificateCommand,
} from '@aws-sdk/client-iam';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';
import { enabledDevice } from '../support/mfa.js';

const ACCOUNT = '123456789012';
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;
const NOT_PRESENT = 'Credential report does not exist. Use GenerateCredentialReport to generate a report.';

/** The report's lines as records by column. */
function parse(content: Uint8Array): Record<string, string>[] {
  const [header, ...lines] = Buffer.from(content).toString('utf8').split('\n');
  assert.equal(header, HEADER);
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
}

/** A self-signed certificate made by openssl (PEM). */
async function certificate(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'linkedrole-cert-'));
  try {
    await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=Report', '-days', '30']);
    return readFileSync(join(dir, 'cert.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A clock the test moves forward. */
function movableClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => void (offset += ms) };
}

describe('IAM credential report', () => {
  const clock = movableClock();
  const env = useTestServer({ clients: { iam: IAMClient }, app: { clock: clock.now } });

  it("STARTED, then COMPLETE; AWS's columns; the root line, a bare user, a user with password, MFA and two keys", async () => {
    await rejectsWith(env.iam.send(new GetCredentialReportCommand({})), 'CredentialReportNotPresent', NOT_PRESENT, 410);
    await env.iam.send(new CreateUserCommand({ UserName: 'bare' }));
    await env.iam.send(new CreateUserCommand({ UserName: 'full' }));
    await env.iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 90 }));
    await env.iam.send(new CreateLoginProfileCommand({ UserName: 'full', Password: 'Full-Secret-1' }));
    await enabledDevice(env.iam, 'full');
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'full', PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] }) }));
    const first = (await env.iam.send(new CreateAccessKeyCommand({ UserName: 'full' }))).AccessKey!;
    const second = (await env.iam.send(new CreateAccessKeyCommand({ UserName: 'full' }))).AccessKey!;
    await env.iam.send(new UpdateAccessKeyCommand({ UserName: 'full', AccessKeyId: second.AccessKeyId, Status: 'Inactive' }));
    await env.iam.send(new UploadSigningCertificateCommand({ UserName: 'full', CertificateBody: await certificate() }));
    // The first key signs a request: its last use (time, region, service) is in the report.
    await env.client(IAMClient, { accessKeyId: first.AccessKeyId!, secretAccessKey: first.SecretAccessKey! }).send(new ListUsersCommand({}));
    await env.server.app.audit.flush();

    assert.deepEqual(await env.iam.send(new GenerateCredentialReportCommand({})).then((r) => [r.State, r.Description]), ['STARTED', 'No report exists. Starting a new report generation task']);
    assert.equal((await env.iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
    const report = await env.iam.send(new GetCredentialReportCommand({}));
    assert.equal(report.ReportFormat, 'text/csv');
    assert.ok(report.GeneratedTime instanceof Date);
    const [root, bare, full, ...rest] = parse(report.Content!);
    assert.deepEqual(rest, []);

    assert.match(root.user_creation_time, TIME);
    assert.deepEqual({ ...root, user_creation_time: 'T' }, {
      user: '<root_account>', arn: `arn:aws:iam::${ACCOUNT}:root`, user_creation_time: 'T',
      password_enabled: 'not_supported', password_last_used: 'no_information', password_last_changed: 'not_supported', password_next_rotation: 'not_supported', mfa_active: 'false',
      access_key_1_active: 'false', access_key_1_last_rotated: 'N/A', access_key_1_last_used_date: 'N/A', access_key_1_last_used_region: 'N/A', access_key_1_last_used_service: 'N/A',
      access_key_2_active: 'false', access_key_2_last_rotated: 'N/A', access_key_2_last_used_date: 'N/A', access_key_2_last_used_region: 'N/A', access_key_2_last_used_service: 'N/A',
      cert_1_active: 'false', cert_1_last_rotated: 'N/A', cert_2_active: 'false', cert_2_last_rotated: 'N/A',
    });
    assert.match(bare.user_creation_time, TIME);
    assert.deepEqual({ ...bare, user_creation_time: 'T' }, {
      user: 'bare', arn: `arn:aws:iam::${ACCOUNT}:user/bare`, user_creation_time: 'T',
      password_enabled: 'false', password_last_used: 'N/A', password_last_changed: 'N/A', password_next_rotation: 'N/A', mfa_active: 'false',
      access_key_1_active: 'false', access_key_1_last_rotated: 'N/A', access_key_1_last_used_date: 'N/A', access_key_1_last_used_region: 'N/A', access_key_1_last_used_service: 'N/A',
      access_key_2_active: 'false', access_key_2_last_rotated: 'N/A', access_key_2_last_used_date: 'N/A', access_key_2_last_used_region: 'N/A', access_key_2_last_used_service: 'N/A',
      cert_1_active: 'false', cert_1_last_rotated: 'N/A', cert_2_active: 'false', cert_2_last_rotated: 'N/A',
    });
    for (const column of ['user_creation_time', 'password_last_changed', 'password_next_rotation', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_2_last_rotated', 'cert_1_last_rotated']) {
      assert.match(full[column], TIME, column);
    }
    assert.equal(Date.parse(full.password_next_rotation) - Date.parse(full.password_last_changed), 90 * 86400_000, 'the next rotation is MaxPasswordAge days after the last change');
    assert.deepEqual(
      [full.password_enabled, full.password_last_used, full.mfa_active, full.access_key_1_active, full.access_key_1_last_used_region, full.access_key_1_last_used_service],
      ['true', 'no_information', 'true', 'true', 'us-east-1', 'iam'],
    );
    assert.deepEqual([full.access_key_2_active, full.access_key_2_last_used_date, full.access_key_2_last_used_region, full.access_key_2_last_used_service], ['false', 'N/A', 'N/A', 'N/A']);
    assert.deepEqual([full.cert_1_active, full.cert_2_active, full.cert_2_last_rotated], ['true', 'false', 'N/A']);
  });

  it('the AWS CLI: generate-credential-report and get-credential-report (Content base64)', async () => {
    const endpoint = env.server.url;
    assert.equal((await awsCliJson(endpoint, ['iam', 'generate-credential-report'])).State, 'COMPLETE');
    const got = await awsCliJson(endpoint, ['iam', 'get-credential-report']);
    assert.equal(got.ReportFormat, 'text/csv');
    assert.equal(Buffer.from(got.Content, 'base64').toString('utf8').split('\n')[0], HEADER);
  });

  it('four hours on: ReportExpired, and GenerateCredentialReport starts a new report with the users of now', async () => {
    const later = 4 * 3600_000 + 1000;
    clock.advance(later);
    // A client whose clock is the server's (SigV4 refuses a request 15 minutes off the server's time). The SDK
    // resets its offset from an answer's Date header, which is the machine's time: it is set again each call.
    const client = new IAMClient({ ...env.server.clientConfig(), systemClockOffset: later });
    after(() => client.destroy());
    const iam = { send: (command: object) => ((client.config.systemClockOffset = later), client.send(command as never)) as Promise<any> };
    await rejectsWith(iam.send(new GetCredentialReportCommand({})), 'CredentialReportExpired', 'Credential report has expired. Use GenerateCredentialReport to generate a new report.', 410);
    await iam.send(new CreateUserCommand({ UserName: 'later' }));
    assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
    const users = parse((await iam.send(new GetCredentialReportCommand({}))).Content!).map((line) => line.user);
    assert.deepEqual(users, ['<root_account>', 'bare', 'full', 'later']);
  });

});
