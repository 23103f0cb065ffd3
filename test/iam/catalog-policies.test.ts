// Every AWS managed policy the service-linked role catalog attaches exists: GetPolicy answers it, and
// GetPolicyVersion of its default version answers a document the policy engine parses. Over the whole
// catalog (data/service-linked-roles.json), so that a service added to it without its policy fails here.
import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient, ListPoliciesCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parsePolicy } from '../../src/policy/index.js';
import { useTestServer } from '../support/fixture.js';

const catalog = JSON.parse(readFileSync(new URL('../../data/service-linked-roles.json', import.meta.url), 'utf8')) as {
  services: Record<string, { roleName: string; managedPolicyArns: string[] }>;
};
const attached = Object.entries(catalog.services).flatMap(([principal, entry]) => entry.managedPolicyArns.map((arn) => ({ principal, role: entry.roleName, arn })));

describe('the policies of the service-linked role catalog', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('the catalog attaches policies (so that this test checks something)', () => {
    assert.ok(Object.keys(catalog.services).length >= 74, 'services in the catalog');
    assert.ok(attached.length >= Object.keys(catalog.services).length, 'every service attaches at least one policy');
    assert.ok(attached.some((a) => a.arn.endsWith('/AmazonLexBotPolicy')), 'the Lex V1 role policy, from the supplement');
  });

  it('every attached policy answers GetPolicy and GetPolicyVersion (default) with a parseable document', async () => {
    const failures: string[] = [];
    for (const { principal, role, arn } of attached) {
      try {
        const { Policy } = await env.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
        assert.equal(Policy?.Arn, arn);
        assert.equal(Policy?.PolicyName, arn.slice(arn.lastIndexOf('/') + 1));
        assert.equal(Policy?.Path, '/aws-service-role/');
        assert.match(Policy?.DefaultVersionId ?? '', /^v[1-9][0-9]*$/);
        const { PolicyVersion } = await env.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy!.DefaultVersionId! }));
        assert.equal(PolicyVersion?.IsDefaultVersion, true);
        const text = decodeURIComponent(PolicyVersion?.Document ?? '');
        const document = JSON.parse(text) as { Version?: string; Statement?: unknown };
        assert.equal(document.Version, '2012-10-17');
        const parsed = parsePolicy(text, 'identity');
        assert.ok(parsed.ok, JSON.stringify(parsed.ok ? undefined : parsed.errors));
      } catch (error) {
        failures.push(`${principal} (${role}): ${arn}: ${(error as Error).message}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('AmazonLexBotPolicy, which AWS does not publish, answers GetPolicy but is not listed (as the mirrors of ListPolicies show)', async () => {
    const arn = 'arn:aws:iam::aws:policy/aws-service-role/AmazonLexBotPolicy';
    assert.equal((await env.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.Arn, arn);
    const listed: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await env.iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/aws-service-role/', MaxItems: 1000, Marker }));
      listed.push(...(page.Policies ?? []).map((p) => p.Arn!));
      Marker = page.IsTruncated ? page.Marker : undefined;
    } while (Marker);
    assert.ok(listed.includes('arn:aws:iam::aws:policy/aws-service-role/LexBotPolicy'));
    assert.ok(!listed.includes(arn));
  });
});
