// The audit trail's retention through the real server: a server whose clock is moved on prunes the events
// older than its retention period in the background (small batches), and with them what the derived
// features read from the trail (GetAccessKeyLastUsed here); a retention of 0 days keeps every event.
// The SDK clients sign on the server's clock (systemClockOffset), so moved days are not a clock skew.
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetAccessKeyLastUsedCommand, GetUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { serveFailure, startServeProcess } from '../support/serve-process.js';
import { useTestServer } from '../support/fixture.js';
import { trustPolicy } from '../support/iam.js';
import { waitFor } from '../support/wait.js';

const DAY = 86_400_000;

function useClockedServer(retentionDays: number) {
  let offset = 0;
  const env = useTestServer({ app: { clock: () => new Date(Date.now() + offset), auditRetention: { retentionDays, intervalMs: 20, batchSize: 2 } } });
  const client = <C extends new (config: never) => { destroy(): void }>(Client: C, keys?: { accessKeyId: string; secretAccessKey: string }): InstanceType<C> =>
    env.client(Client as never, keys) as InstanceType<C>;
  return {
    env,
    advance(ms: number) {
      offset += ms;
    },
    /** A client signing on the server's clock as it is now. */
    withOffset<T extends { config: { systemClockOffset?: number } }>(c: T): T {
      c.config.systemClockOffset = offset;
      return c;
    },
    client,
  };
}

async function createdRoles(trail: CloudTrailClient): Promise<string[]> {
  const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateRole' }] }));
  return Events!.map((e) => e.Resources![0].ResourceName!.split('/').pop()!).sort();
}

describe('audit trail retention: events older than --audit-retention-days are pruned', () => {
  const server = useClockedServer(90);

  it('keeps 90 days of events, prunes older ones (in batches) and what read them', async () => {
    const iam = () => server.withOffset(server.client(IAMClient));
    const trail = () => server.withOffset(server.client(CloudTrailClient));
    // Day 0: five roles (pruned later in batches of two) and a user whose key is used once.
    for (let i = 0; i < 5; i++) await iam().send(new CreateRoleCommand({ RoleName: `day0-${i}`, AssumeRolePolicyDocument: trustPolicy() }));
    await iam().send(new CreateUserCommand({ UserName: 'kept-user' }));
    await iam().send(new PutUserPolicyCommand({ UserName: 'kept-user', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }) }));
    const key = (await iam().send(new CreateAccessKeyCommand({ UserName: 'kept-user' }))).AccessKey!;
    const keys = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    await server.withOffset(server.client(IAMClient, keys)).send(new GetUserCommand({}));
    const used = await iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
    assert.ok(used.AccessKeyLastUsed?.LastUsedDate, 'the key was used');

    // Day 60: one more role; nothing is old enough to go.
    server.advance(60 * DAY);
    await iam().send(new CreateRoleCommand({ RoleName: 'day60', AssumeRolePolicyDocument: trustPolicy() }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await createdRoles(trail()), ['day0-0', 'day0-1', 'day0-2', 'day0-3', 'day0-4', 'day60']);

    // Day 91: day 0 is past the 90 days: its events go, day 60's stay.
    server.advance(31 * DAY);
    const left = await waitFor(() => createdRoles(trail()), (names) => names.length === 1);
    assert.deepEqual(left, ['day60']);
    // The key's last use was an event of day 0: with it gone, IAM reports no use (docs/cloudtrail.md, Retention).
    const after = await iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
    assert.equal(after.AccessKeyLastUsed?.LastUsedDate, undefined);
    assert.equal(after.AccessKeyLastUsed?.ServiceName, 'N/A');
  });
});

describe('audit trail retention 0: every event is kept', () => {
  const server = useClockedServer(0);

  it('keeps events of any age', async () => {
    await server.withOffset(server.client(IAMClient)).send(new CreateRoleCommand({ RoleName: 'forever', AssumeRolePolicyDocument: trustPolicy() }));
    server.advance(5000 * DAY);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await createdRoles(server.withOffset(server.client(CloudTrailClient))), ['forever']);
  });
});

describe('linkedrole serve --audit-retention-days', () => {
  it('is in --help with its default, starts with a whole number of days and refuses anything else', async () => {
    const help = spawnSync(process.execPath, ['--import', 'tsx', '--disable-warning=NodeVersionSupportWarning', 'src/cli.ts', 'serve', '--help'], { encoding: 'utf8' });
    assert.match(help.stdout.replace(/\s+/g, ' '), /--audit-retention-days <days> .*0 keeps them forever \(default: "400"\)/);
    const dir = mkdtempSync(join(tmpdir(), 'linkedrole-retention-'));
    try {
      for (const days of ['0', '7']) {
        const server = await startServeProcess({ storeFlags: ['--data-dir', dir, '--audit-retention-days', days] });
        assert.equal(await server.stop(), 0);
      }
      for (const days of ['-1', '1.5', 'ninety', '']) {
        const bad = await serveFailure({ storeFlags: ['--data-dir', dir, '--audit-retention-days', days] });
        assert.notEqual(bad.code, 0);
        assert.match(bad.stderr, new RegExp(`--audit-retention-days must be a whole number of days \\(0 keeps events forever\\), not ${days.replace('.', '\\.')}`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
