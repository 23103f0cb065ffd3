// IAM Access Analyzer's access previews for proposed role trust policies: CreateAccessPreview's iamRole
// configurations against an external-access analyzer's findings (UNCHANGED with the existing finding, NEW
// ACTIVE or ARCHIVED by the archive rules, CHANGED to RESOLVED), Get/ListAccessPreviews,
// ListAccessPreviewFindings with filters; what cannot be previewed. SDK v3 clients against the real server.
import {
  AccessAnalyzerClient,
  CreateAccessPreviewCommand,
  CreateAnalyzerCommand,
  GetAccessPreviewCommand,
  ListAccessPreviewFindingsCommand,
  ListAccessPreviewsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-accessanalyzer';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const MISSING = '00000000-0000-4000-8000-000000000000';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const trusting = (...principals: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: principals.map((Principal) => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole' })) });

describe('Access Analyzer access previews', () => {
  const env = useTestServer({ clients: { aa: AccessAnalyzerClient, iam: IAMClient } });
  let analyzerArn = '';
  let existingId = '';
  const preview = async (configurations: Record<string, { iamRole: { trustPolicy?: string } }>) => (await env.aa.send(new CreateAccessPreviewCommand({ analyzerArn, configurations }))).id!;
  const previewFindings = async (id: string) =>
    (await env.aa.send(new ListAccessPreviewFindingsCommand({ analyzerArn, accessPreviewId: id }))).findings!.map((f) => ({
      resource: f.resource!.split('/').pop(),
      principal: f.principal,
      changeType: f.changeType,
      status: f.status,
      existing: f.existingFindingId === undefined ? undefined : [f.existingFindingId === existingId, f.existingFindingStatus],
    }));

  before(async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'partner', AssumeRolePolicyDocument: trusting({ AWS: '111122223333' }) }));
    analyzerArn = (await env.aa.send(new CreateAnalyzerCommand({ analyzerName: 'external', type: 'ACCOUNT', archiveRules: [{ ruleName: 'known', filter: { 'principal.AWS': { eq: ['999988887777'] } } }] }))).arn!;
    [{ id: existingId }] = (await env.aa.send(new ListFindingsCommand({ analyzerArn }))).findings! as { id: string }[];
  });

  it("a proposed trust policy against the role's findings: UNCHANGED, NEW (ACTIVE, or ARCHIVED by a rule), CHANGED to RESOLVED; the findings themselves unchanged", async () => {
    const more = await preview({ [roleArn('partner')]: { iamRole: { trustPolicy: trusting({ AWS: '111122223333' }, { AWS: '999988887777' }, '*') } } });
    assert.deepEqual(await previewFindings(more), [
      { resource: 'partner', principal: { AWS: '111122223333' }, changeType: 'UNCHANGED', status: 'ACTIVE', existing: [true, 'ACTIVE'] },
      { resource: 'partner', principal: { AWS: '999988887777' }, changeType: 'NEW', status: 'ARCHIVED', existing: undefined },
      { resource: 'partner', principal: { AWS: '*' }, changeType: 'NEW', status: 'ACTIVE', existing: undefined },
    ]);
    const less = await preview({ [roleArn('partner')]: { iamRole: { trustPolicy: trusting({ Service: 'lambda.amazonaws.com' }) } }, [roleArn('not-yet')]: { iamRole: { trustPolicy: trusting({ AWS: '444455556666' }) } } });
    assert.deepEqual(await previewFindings(less), [
      { resource: 'partner', principal: { AWS: '111122223333' }, changeType: 'CHANGED', status: 'RESOLVED', existing: [true, 'ACTIVE'] },
      { resource: 'not-yet', principal: { AWS: '444455556666' }, changeType: 'NEW', status: 'ACTIVE', existing: undefined },
    ]);
    const news = (await env.aa.send(new ListAccessPreviewFindingsCommand({ analyzerArn, accessPreviewId: more, filter: { changeType: { eq: ['NEW'] }, isPublic: { eq: ['true'] } } }))).findings!;
    assert.deepEqual(news.map((f) => f.principal), [{ AWS: '*' }]);
    const findings = (await env.aa.send(new ListFindingsCommand({ analyzerArn }))).findings!;
    assert.deepEqual(findings.map((f) => [f.id, f.status]), [[existingId, 'ACTIVE']]);
    const { accessPreview } = await env.aa.send(new GetAccessPreviewCommand({ analyzerArn, accessPreviewId: more }));
    assert.equal(accessPreview!.status, 'COMPLETED');
    assert.equal(accessPreview!.analyzerArn, analyzerArn);
    assert.deepEqual(Object.keys(accessPreview!.configurations!), [roleArn('partner')]);
    const listed = (await env.aa.send(new ListAccessPreviewsCommand({ analyzerArn }))).accessPreviews!;
    assert.deepEqual(listed.map((p) => p.id).sort(), [more, less].sort());
  });

  it('a trust policy that is not JSON fails the preview (INVALID_CONFIGURATION); what cannot be previewed is refused', async () => {
    const broken = await preview({ [roleArn('partner')]: { iamRole: { trustPolicy: '{not json' } } });
    const { accessPreview } = await env.aa.send(new GetAccessPreviewCommand({ analyzerArn, accessPreviewId: broken }));
    assert.deepEqual([accessPreview!.status, accessPreview!.statusReason], ['FAILED', { code: 'INVALID_CONFIGURATION' }]);
    const unused = (await env.aa.send(new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' }))).arn!;
    const cases: [string, () => Promise<unknown>, string, string, number][] = [
      ['an S3 bucket', () => env.aa.send(new CreateAccessPreviewCommand({ analyzerArn, configurations: { 'arn:aws:s3:::bucket': { s3Bucket: { bucketPolicy: '{}' } } } })), 'ValidationException', "The configuration of arn:aws:s3:::bucket is not one linkedrole can preview: only iamRole (a role's trust policy) is supported.", 400],
      ['another account\'s role', () => env.aa.send(new CreateAccessPreviewCommand({ analyzerArn, configurations: { 'arn:aws:iam::999999999999:role/x': { iamRole: {} } } })), 'ValidationException', "arn:aws:iam::999999999999:role/x is not a role of the analyzer's account 123456789012.", 400],
      ['an unused-access analyzer', () => env.aa.send(new CreateAccessPreviewCommand({ analyzerArn: unused, configurations: { [roleArn('partner')]: { iamRole: {} } } })), 'ValidationException', 'Access previews are for analyzers of external access (type ACCOUNT), not ACCOUNT_UNUSED_ACCESS.', 400],
      ['a missing preview', () => env.aa.send(new GetAccessPreviewCommand({ analyzerArn, accessPreviewId: MISSING })), 'ResourceNotFoundException', `Access preview ${MISSING} not found.`, 404],
      ['findings of a missing preview', () => env.aa.send(new ListAccessPreviewFindingsCommand({ analyzerArn, accessPreviewId: MISSING })), 'ResourceNotFoundException', `Access preview ${MISSING} not found.`, 404],
    ];
    for (const [label, call, code, message, status] of cases) await rejectsWith(call(), code, message, status).catch((error: Error) => assert.fail(`${label}: ${error.message}`));
  });
});
