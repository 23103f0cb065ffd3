// Durability: `linkedrole serve` killed with SIGKILL in the middle of a write load from several
// clients, restarted on the same store, has every acknowledged write (and its audit event) and nothing
// half-written: a role from one CreateRole always has all of its tags. On SQLite (default) and on
// PostgreSQL (LINKEDROLE_TEST_DATABASE_URL).
import { CreateRoleCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolesCommand, ListRoleTagsCommand, PutRolePolicyCommand, TagRoleCommand, type Role } from '@aws-sdk/client-iam';
import SQLite from 'better-sqlite3';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../support/server.js';
import { startServeProcess, type ServeProcess } from '../support/serve-process.js';

const adminUrl = process.env.LINKEDROLE_TEST_DATABASE_URL;
const CLIENTS = 8;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const policy = (name: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` }] });
const creationTags = (name: string) => [
  { Key: 'owner', Value: name },
  { Key: 'team', Value: 'durability' },
  { Key: 'seq', Value: name.split('-').pop()! },
];

interface Acknowledged {
  created: Map<string, string>; // role name -> description
  tagged: Set<string>; // role names whose TagRole {extra} was acknowledged
  policies: Set<string>; // role names whose PutRolePolicy was acknowledged
  requestIds: string[];
}

describe(`durability on ${adminUrl ? 'PostgreSQL' : 'SQLite'}: SIGKILL in the middle of a write load`, () => {
  let dataDir: string;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let storeFlags: string[];
  const acked: Acknowledged = { created: new Map(), tagged: new Set(), policies: new Set(), requestIds: [] };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'linkedrole-durability-'));
    database = adminUrl ? await createTestDatabase(adminUrl) : undefined;
    storeFlags = database ? ['--store', 'postgres', '--database-url', database.url] : ['--data-dir', dataDir];
  });
  after(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One client: CreateRole (with tags), TagRole, PutRolePolicy, over and over until `stop`. */
  async function writer(server: ServeProcess, client: number, round: number, stop: { now: boolean }): Promise<void> {
    const iam = new IAMClient(server.clientConfig());
    try {
      for (let n = 0; !stop.now && n < 10_000; n++) {
        const name = `r${round}-c${client}-${n}`;
        try {
          const created = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, Description: `role ${name}`, Tags: creationTags(name) }));
          acked.created.set(name, `role ${name}`);
          acked.requestIds.push(created.$metadata.requestId!);
          const tagged = await iam.send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'extra', Value: name }] }));
          acked.tagged.add(name);
          acked.requestIds.push(tagged.$metadata.requestId!);
          const put = await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'reads', PolicyDocument: policy(name) }));
          acked.policies.add(name);
          acked.requestIds.push(put.$metadata.requestId!);
        } catch (error) {
          // Killed mid-call: the outcome of that call is unknown, and either is fine.
          if (!stop.now) throw error;
          return;
        }
      }
    } finally {
      iam.destroy();
    }
  }

  async function loadThenKill(round: number): Promise<void> {
    const server = await startServeProcess({ storeFlags });
    const stop = { now: false };
    const writers = Array.from({ length: CLIENTS }, (_, c) => writer(server, c, round, stop));
    // Kill once the load is well under way: some dozens of roles acknowledged in this round.
    const before = acked.created.size;
    const deadline = Date.now() + 15_000;
    while (acked.created.size - before < 30 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    stop.now = true;
    await server.kill();
    await Promise.all(writers);
  }

  it('keeps every acknowledged write across two kills, and no role without its tags', async () => {
    await loadThenKill(1);
    await loadThenKill(2);
    assert.ok(acked.created.size >= 60, `only ${acked.created.size} roles were created`);
    const server = await startServeProcess({ storeFlags });
    const iam = new IAMClient(server.clientConfig());
    try {
      const roles: Role[] = [];
      let Marker: string | undefined;
      do {
        const page = await iam.send(new ListRolesCommand({ Marker, MaxItems: 1000 }));
        roles.push(...(page.Roles ?? []));
        Marker = page.IsTruncated ? page.Marker : undefined;
      } while (Marker);
      const names = new Set(roles.map((r) => r.RoleName!));
      for (const [name, description] of acked.created) {
        assert.ok(names.has(name), `acknowledged role ${name} is missing`);
        assert.equal(roles.find((r) => r.RoleName === name)!.Description, description);
      }
      // Every role there, acknowledged or not, is whole: all the tags of its CreateRole.
      await Promise.all(
        roles.map(async (role) => {
          const { Tags } = await iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName }));
          const got = new Map((Tags ?? []).map((t) => [t.Key, t.Value]));
          for (const tag of creationTags(role.RoleName!)) assert.equal(got.get(tag.Key), tag.Value, `${role.RoleName} lacks its tag ${tag.Key}`);
          if (acked.tagged.has(role.RoleName!)) assert.equal(got.get('extra'), role.RoleName, `${role.RoleName} lost its acknowledged TagRole`);
          if (got.has('extra')) assert.equal(got.get('extra'), role.RoleName);
          if (acked.policies.has(role.RoleName!)) {
            const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName: role.RoleName, PolicyName: 'reads' }));
            assert.deepEqual(JSON.parse(decodeURIComponent(PolicyDocument!)), JSON.parse(policy(role.RoleName!)));
          }
        }),
      );
      await iam.send(new GetRoleCommand({ RoleName: [...acked.created.keys()][0] }));
    } finally {
      iam.destroy();
      assert.equal(await server.stop(), 0, server.stderr());
    }
    // The audit event of every acknowledged write is stored too (writes are acknowledged after their events).
    const stored = await storedRequestIds(acked.requestIds);
    assert.deepEqual(
      acked.requestIds.filter((id) => !stored.has(id)),
      [],
    );
    if (!database) {
      const file = new SQLite(join(dataDir, 'linkedrole.db'), { readonly: true });
      assert.equal(file.pragma('integrity_check', { simple: true }), 'ok');
      file.close();
    }
  });

  async function storedRequestIds(ids: string[]): Promise<Set<string>> {
    if (database) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ request_id: string }>('SELECT DISTINCT request_id FROM audit_events WHERE request_id = ANY($1)', [ids]);
        return new Set(rows.map((r) => r.request_id));
      } finally {
        await client.end();
      }
    }
    const file = new SQLite(join(dataDir, 'linkedrole.db'), { readonly: true });
    try {
      const rows = file.prepare('SELECT DISTINCT request_id FROM audit_events WHERE request_id IS NOT NULL').all() as { request_id: string }[];
      return new Set(rows.map((r) => r.request_id));
    } finally {
      file.close();
    }
  }
});
