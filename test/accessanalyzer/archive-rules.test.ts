// IAM Access Analyzer's archive rules: inline rules of CreateAnalyzer and Create/Get/List/Update/
// DeleteArchiveRule; new findings a rule matches are archived when made, ApplyArchiveRule archives the
// existing ones; and the lifecycle Terraform's aws_accessanalyzer_analyzer and aws_accessanalyzer_archive_rule
// drive (create, read, tag, update, delete, read after delete). SDK v3 clients against the real server.
import {
  AccessAnalyzerClient,
  ApplyArchiveRuleCommand,
  CreateAnalyzerCommand,
  CreateArchiveRuleCommand,
  DeleteAnalyzerCommand,
  DeleteArchiveRuleCommand,
  GetAnalyzerCommand,
  GetArchiveRuleCommand,
  ListArchiveRulesCommand,
  ListFindingsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateArchiveRuleCommand,
} from '@aws-sdk/client-accessanalyzer';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const trusting = (principal: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

describe('Access Analyzer archive rules', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });
  const inRegion = (region: string) => env.client(AccessAnalyzerClient, { region });
  const statuses = async (aa: AccessAnalyzerClient, analyzerArn: string) =>
    Object.fromEntries((await aa.send(new ListFindingsCommand({ analyzerArn }))).findings!.map((f) => [f.resource!.split('/').pop(), f.status]));

  before(async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'partner', AssumeRolePolicyDocument: trusting({ AWS: '111122223333' }) }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'vendor', AssumeRolePolicyDocument: trusting({ AWS: '444455556666' }) }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'anyone', AssumeRolePolicyDocument: trusting('*') }));
  });

  it("CreateAnalyzer's inline archive rules archive the new findings they match", async () => {
    const aa = inRegion('us-east-1');
    const { arn } = await aa.send(
      new CreateAnalyzerCommand({ analyzerName: 'inline', type: 'ACCOUNT', archiveRules: [{ ruleName: 'trusted-partner', filter: { 'principal.AWS': { eq: ['111122223333'] } } }] }),
    );
    assert.deepEqual(await statuses(aa, arn!), { partner: 'ARCHIVED', vendor: 'ACTIVE', anyone: 'ACTIVE' });
    const rules = (await aa.send(new ListArchiveRulesCommand({ analyzerName: 'inline' }))).archiveRules!;
    assert.deepEqual(rules.map((r) => [r.ruleName, r.filter]), [['trusted-partner', { 'principal.AWS': { eq: ['111122223333'] } }]]);
    // A new role the rule matches gets an archived finding; one it does not, an active one.
    await env.iam.send(new CreateRoleCommand({ RoleName: 'partner-2', AssumeRolePolicyDocument: trusting({ AWS: 'arn:aws:iam::111122223333:root' }) }));
    await aa.send(new UpdateArchiveRuleCommand({ analyzerName: 'inline', ruleName: 'trusted-partner', filter: { 'principal.AWS': { contains: ['111122223333'] } } }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'partner-3', AssumeRolePolicyDocument: trusting({ AWS: 'arn:aws:iam::111122223333:role/ops' }) }));
    const now = await statuses(aa, arn!);
    assert.equal(now['partner-2'], 'ACTIVE', 'made before the rule matched it');
    assert.equal(now['partner-3'], 'ARCHIVED', 'made after the rule was changed to match it');
  });

  it('ApplyArchiveRule archives the active findings the rule matches (and no other)', async () => {
    const aa = inRegion('us-west-2');
    const { arn } = await aa.send(new CreateAnalyzerCommand({ analyzerName: 'apply', type: 'ACCOUNT' }));
    await aa.send(new CreateArchiveRuleCommand({ analyzerName: 'apply', ruleName: 'public', filter: { isPublic: { eq: ['true'] } } }));
    // Creating the rule archives nothing already found.
    assert.equal((await statuses(aa, arn!)).anyone, 'ACTIVE');
    await aa.send(new ApplyArchiveRuleCommand({ analyzerArn: arn, ruleName: 'public' }));
    const after = await statuses(aa, arn!);
    assert.equal(after.anyone, 'ARCHIVED');
    assert.deepEqual(Object.entries(after).filter(([name]) => name !== 'anyone').map(([, s]) => s), Object.keys(after).filter((n) => n !== 'anyone').map(() => 'ACTIVE'));
    await rejectsWith(aa.send(new ApplyArchiveRuleCommand({ analyzerArn: arn, ruleName: 'missing' })), 'ResourceNotFoundException', 'Archive rule missing not found.', 404);
  });

  it('the refusals: a taken rule name, a rule of a missing analyzer, a filter with an unknown key or no operator', async () => {
    const aa = inRegion('us-west-2');
    const cases: [string, () => Promise<unknown>, string, string, number][] = [
      ['taken', () => aa.send(new CreateArchiveRuleCommand({ analyzerName: 'apply', ruleName: 'public', filter: { status: { eq: ['ACTIVE'] } } })), 'ConflictException', 'Archive rule public already exists.', 409],
      ['missing analyzer', () => aa.send(new CreateArchiveRuleCommand({ analyzerName: 'nope', ruleName: 'r', filter: { status: { eq: ['ACTIVE'] } } })), 'ResourceNotFoundException', 'Analyzer nope not found.', 404],
      ['unknown key', () => aa.send(new CreateArchiveRuleCommand({ analyzerName: 'apply', ruleName: 'r', filter: { colour: { eq: ['red'] } } })), 'ValidationException', 'Invalid filter key: colour', 400],
      ['no operator', () => aa.send(new UpdateArchiveRuleCommand({ analyzerName: 'apply', ruleName: 'public', filter: { isPublic: {} } })), 'ValidationException', 'The criterion for isPublic has no operator: give eq, neq, contains or exists.', 400],
      ['list of a missing analyzer', () => aa.send(new ListArchiveRulesCommand({ analyzerName: 'nope' })), 'ResourceNotFoundException', 'Analyzer nope not found.', 404],
      ['get missing', () => aa.send(new GetArchiveRuleCommand({ analyzerName: 'apply', ruleName: 'nope' })), 'ResourceNotFoundException', 'Archive rule nope not found.', 404],
      ['delete missing', () => aa.send(new DeleteArchiveRuleCommand({ analyzerName: 'apply', ruleName: 'nope' })), 'ResourceNotFoundException', 'Archive rule nope not found.', 404],
      ['inline duplicate', () => aa.send(new CreateAnalyzerCommand({ analyzerName: 'dup', type: 'ACCOUNT_UNUSED_ACCESS', archiveRules: [{ ruleName: 'a', filter: { status: { eq: ['ACTIVE'] } } }, { ruleName: 'a', filter: { status: { eq: ['ACTIVE'] } } }] })), 'ConflictException', 'Archive rule a already exists.', 409],
    ];
    for (const [label, call, code, message, status] of cases) await rejectsWith(call(), code, message, status).catch((error: Error) => assert.fail(`${label}: ${error.message}`));
    // The rule kept its filter; the refused analyzer was not made.
    assert.deepEqual((await aa.send(new GetArchiveRuleCommand({ analyzerName: 'apply', ruleName: 'public' }))).archiveRule!.filter, { isPublic: { eq: ['true'] } });
    await rejectsWith(aa.send(new GetAnalyzerCommand({ analyzerName: 'dup' })), 'ResourceNotFoundException', 'Analyzer dup not found.', 404);
  });

  it('a Terraform-shaped lifecycle of an analyzer and an archive rule', async () => {
    const aa = inRegion('eu-west-1');
    const analyzerArn = `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/tf-analyzer`;
    // aws_accessanalyzer_analyzer: create, then read (GetAnalyzer) and its tags.
    const created = await aa.send(new CreateAnalyzerCommand({ analyzerName: 'tf-analyzer', type: 'ACCOUNT', tags: { Name: 'tf', env: 'test' } }));
    assert.equal(created.arn, analyzerArn);
    const read = (await aa.send(new GetAnalyzerCommand({ analyzerName: 'tf-analyzer' }))).analyzer!;
    assert.deepEqual([read.arn, read.type, read.status, read.tags], [analyzerArn, 'ACCOUNT', 'ACTIVE', { Name: 'tf', env: 'test' }]);
    // A tags change: untag the removed key, tag the new and changed ones.
    await aa.send(new UntagResourceCommand({ resourceArn: analyzerArn, tagKeys: ['env'] }));
    await aa.send(new TagResourceCommand({ resourceArn: analyzerArn, tags: { Name: 'tf2', owner: 'me' } }));
    assert.deepEqual((await aa.send(new ListTagsForResourceCommand({ resourceArn: analyzerArn }))).tags, { Name: 'tf2', owner: 'me' });
    // aws_accessanalyzer_archive_rule: create, read, update in place, read, delete, read after delete.
    await aa.send(new CreateArchiveRuleCommand({ analyzerName: 'tf-analyzer', ruleName: 'tf-rule', filter: { isPublic: { eq: ['false'] }, resourceType: { eq: ['AWS::IAM::Role'] } } }));
    const rule = (await aa.send(new GetArchiveRuleCommand({ analyzerName: 'tf-analyzer', ruleName: 'tf-rule' }))).archiveRule!;
    assert.deepEqual(rule.filter, { isPublic: { eq: ['false'] }, resourceType: { eq: ['AWS::IAM::Role'] } });
    assert.equal(rule.ruleName, 'tf-rule');
    assert.equal(rule.createdAt!.getTime(), rule.updatedAt!.getTime());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await aa.send(new UpdateArchiveRuleCommand({ analyzerName: 'tf-analyzer', ruleName: 'tf-rule', filter: { 'principal.AWS': { exists: true } } }));
    const updated = (await aa.send(new GetArchiveRuleCommand({ analyzerName: 'tf-analyzer', ruleName: 'tf-rule' }))).archiveRule!;
    assert.deepEqual(updated.filter, { 'principal.AWS': { exists: true } });
    assert.ok(updated.updatedAt! > updated.createdAt!);
    assert.equal(updated.createdAt!.getTime(), rule.createdAt!.getTime());
    await aa.send(new DeleteArchiveRuleCommand({ analyzerName: 'tf-analyzer', ruleName: 'tf-rule' }));
    await rejectsWith(aa.send(new GetArchiveRuleCommand({ analyzerName: 'tf-analyzer', ruleName: 'tf-rule' })), 'ResourceNotFoundException', 'Archive rule tf-rule not found.', 404);
    assert.deepEqual((await aa.send(new ListArchiveRulesCommand({ analyzerName: 'tf-analyzer' }))).archiveRules, []);
    // Destroy the analyzer; a read after it is not found (Terraform then drops it from state).
    await aa.send(new DeleteAnalyzerCommand({ analyzerName: 'tf-analyzer' }));
    await rejectsWith(aa.send(new GetAnalyzerCommand({ analyzerName: 'tf-analyzer' })), 'ResourceNotFoundException', 'Analyzer tf-analyzer not found.', 404);
    // A new analyzer of the same name starts with no rules and no findings of the old one.
    await aa.send(new CreateAnalyzerCommand({ analyzerName: 'tf-analyzer', type: 'ACCOUNT' }));
    assert.deepEqual((await aa.send(new ListArchiveRulesCommand({ analyzerName: 'tf-analyzer' }))).archiveRules, []);
    assert.ok(Object.values(await statuses(aa, analyzerArn)).every((s) => s === 'ACTIVE'));
  });
});
