// IAM Access Analyzer's external-access findings over the account's IAM roles: a finding per role and
// principal outside the account that its trust policy lets assume it (other accounts, anyone, federated
// providers; never the account itself nor an AWS service), with AWS's fields; filters, sorting and paging;
// re-analysis when a role changes or is deleted, and on StartResourceScan; UpdateFindings; the analyzed
// resources; statistics. SDK v3 clients against the real server.
import {
  AccessAnalyzerClient,
  CreateAnalyzerCommand,
  GetAnalyzedResourceCommand,
  GetFindingCommand,
  GetFindingsStatisticsCommand,
  GetFindingV2Command,
  ListAnalyzedResourcesCommand,
  ListFindingsCommand,
  ListFindingsV2Command,
  StartResourceScanCommand,
  UpdateFindingsCommand,
  type Criterion,
  type FindingSummary,
} from '@aws-sdk/client-accessanalyzer';
import { CreateRoleCommand, DeleteRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const OTHER = '444455556666';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const trust = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (Principal: unknown, Action: unknown, Condition?: object) => ({ Effect: 'Allow', Principal, Action, ...(Condition ? { Condition } : {}) });

/** Each role's trust policy, and the findings (principal, action, condition, isPublic) AWS reports for it. */
const ROLES: [string, string, Pick<FindingSummary, 'principal' | 'action' | 'condition' | 'isPublic'>[]][] = [
  ['cross-account', trust(allow({ AWS: `arn:aws:iam::${OTHER}:root` }, 'sts:AssumeRole')), [{ principal: { AWS: `arn:aws:iam::${OTHER}:root` }, action: ['sts:AssumeRole'], condition: {}, isPublic: false }]],
  ['public', trust(allow('*', 'sts:AssumeRole')), [{ principal: { AWS: '*' }, action: ['sts:AssumeRole'], condition: {}, isPublic: true }]],
  [
    'external-id',
    trust(allow({ AWS: '111122223333' }, ['sts:AssumeRole', 'sts:TagSession'], { StringEquals: { 'sts:ExternalId': 'xyz' } })),
    [{ principal: { AWS: '111122223333' }, action: ['sts:AssumeRole', 'sts:TagSession'], condition: { 'sts:ExternalId': 'xyz' }, isPublic: false }],
  ],
  [
    'web-identity',
    trust(allow({ Federated: 'accounts.google.com' }, 'sts:AssumeRoleWithWebIdentity', { StringEquals: { 'accounts.google.com:aud': 'my-app' } })),
    [{ principal: { Federated: 'accounts.google.com' }, action: ['sts:AssumeRoleWithWebIdentity'], condition: { 'accounts.google.com:aud': 'my-app' }, isPublic: false }],
  ],
  ['org-only', trust(allow('*', 'sts:AssumeRole', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })), [{ principal: { AWS: '*' }, action: ['sts:AssumeRole'], condition: { 'aws:PrincipalOrgID': 'o-abc123' }, isPublic: false }]],
  [
    'denied-assume',
    trust(allow({ AWS: OTHER }, 'sts:*'), { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }),
    [{ principal: { AWS: OTHER }, action: ['sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:SetContext', 'sts:SetSourceIdentity', 'sts:TagSession'], condition: {}, isPublic: false }],
  ],
  ['own-account', trust(allow({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, 'sts:AssumeRole'), allow({ AWS: ACCOUNT }, 'sts:TagSession')), []],
  ['service', trust(allow({ Service: 'lambda.amazonaws.com' }, 'sts:AssumeRole')), []],
  ['star-own-account', trust(allow('*', 'sts:AssumeRole', { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } })), []],
  ['all-denied', trust(allow({ AWS: OTHER }, 'sts:AssumeRole'), { Effect: 'Deny', Principal: { AWS: OTHER }, Action: 'sts:*' }), []],
];

const shape = (f: FindingSummary) => ({ principal: f.principal, action: f.action, condition: f.condition, isPublic: f.isPublic });

describe('Access Analyzer external-access findings on roles', () => {
  const env = useTestServer({ clients: { aa: AccessAnalyzerClient, iam: IAMClient } });
  let analyzerArn = '';
  const all = async (filter?: Record<string, Criterion>) => (await env.aa.send(new ListFindingsCommand({ analyzerArn, filter }))).findings!;
  const byRole = async (name: string) => (await all()).filter((f) => f.resource === roleArn(name));

  before(async () => {
    for (const [name, document] of ROLES) await env.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: document }));
    analyzerArn = (await env.aa.send(new CreateAnalyzerCommand({ analyzerName: 'external', type: 'ACCOUNT' }))).arn!;
  });

  it('one ACTIVE finding per role and external principal, with what the trust policy grants; none for the account itself, AWS services or the service-linked role', async () => {
    const findings = await all();
    for (const [name, , expected] of ROLES) {
      const found = findings.filter((f) => f.resource === roleArn(name));
      assert.deepEqual(found.map(shape), expected, name);
      for (const f of found) {
        assert.equal(f.status, 'ACTIVE', name);
        assert.equal(f.resourceType, 'AWS::IAM::Role');
        assert.equal(f.resourceOwnerAccount, ACCOUNT);
        assert.match(f.id!, /^[0-9a-f-]{36}$/);
        assert.ok(f.createdAt instanceof Date && f.analyzedAt instanceof Date && f.updatedAt instanceof Date);
      }
    }
    // AWSServiceRoleForAccessAnalyzer, made by CreateAnalyzer, trusts only its service.
    assert.equal(findings.filter((f) => f.resource!.includes('AWSServiceRoleForAccessAnalyzer')).length, 0);
    assert.equal(findings.length, ROLES.reduce((n, [, , expected]) => n + expected.length, 0));
  });

  it('GetFinding and GetFindingV2 answer the finding; ListFindingsV2 its summary; an unknown id is ResourceNotFound', async () => {
    const [listed] = await byRole('external-id');
    const { finding } = await env.aa.send(new GetFindingCommand({ analyzerArn, id: listed.id }));
    assert.deepEqual(shape(finding!), shape(listed));
    assert.equal(finding!.resource, roleArn('external-id'));
    const v2 = await env.aa.send(new GetFindingV2Command({ analyzerArn, id: listed.id }));
    assert.equal(v2.findingType, 'ExternalAccess');
    assert.equal(v2.status, 'ACTIVE');
    assert.deepEqual(v2.findingDetails, [{ externalAccessDetails: { principal: { AWS: '111122223333' }, action: ['sts:AssumeRole', 'sts:TagSession'], condition: { 'sts:ExternalId': 'xyz' }, isPublic: false } }]);
    const summaries = (await env.aa.send(new ListFindingsV2Command({ analyzerArn, filter: { resource: { eq: [roleArn('external-id')] } } }))).findings!;
    assert.deepEqual(summaries.map((s) => [s.id, s.findingType, s.resourceType, s.status]), [[listed.id, 'ExternalAccess', 'AWS::IAM::Role', 'ACTIVE']]);
    const missing = '00000000-0000-0000-0000-000000000000';
    await rejectsWith(env.aa.send(new GetFindingCommand({ analyzerArn, id: missing })), 'ResourceNotFoundException', `Finding ${missing} not found.`, 404);
    await rejectsWith(env.aa.send(new GetFindingV2Command({ analyzerArn, id: missing })), 'ResourceNotFoundException', `Finding ${missing} not found.`, 404);
    const nowhere = `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/nowhere`;
    await rejectsWith(env.aa.send(new ListFindingsCommand({ analyzerArn: nowhere })), 'ResourceNotFoundException', `Analyzer ${nowhere} not found.`, 404);
  });

  it('filters (eq, neq, contains, exists, ANDed), sorting and paging', async () => {
    const names = (findings: FindingSummary[]) => findings.map((f) => f.resource!.split('/').pop()).sort();
    const cases: [string, Record<string, Criterion>, string[]][] = [
      ['public', { isPublic: { eq: ['true'] } }, ['public']],
      ['principal.AWS eq', { 'principal.AWS': { eq: [OTHER, '111122223333'] } }, ['denied-assume', 'external-id']],
      ['principal.Federated exists', { 'principal.Federated': { exists: true } }, ['web-identity']],
      ['condition key exists', { 'condition.sts:ExternalId': { exists: true } }, ['external-id']],
      ['condition key absent and AWS principal', { 'condition.sts:ExternalId': { exists: false }, 'principal.AWS': { exists: true } }, ['cross-account', 'denied-assume', 'org-only', 'public']],
      ['action eq (any of the list)', { action: { eq: ['sts:TagSession'] } }, ['denied-assume', 'external-id']],
      ['resource contains', { resource: { contains: ['-id', 'web-'] } }, ['external-id', 'web-identity']],
      ['resource neq', { resource: { neq: [roleArn('public'), roleArn('org-only')] }, 'principal.AWS': { exists: true } }, ['cross-account', 'denied-assume', 'external-id']],
      ['status', { status: { eq: ['ARCHIVED'] } }, []],
    ];
    for (const [label, filter, expected] of cases) assert.deepEqual(names(await all(filter)), expected, label);
    const sorted = async (orderBy: 'ASC' | 'DESC') => (await env.aa.send(new ListFindingsCommand({ analyzerArn, sort: { attributeName: 'resource', orderBy } }))).findings!.map((f) => f.resource);
    const ascending = await sorted('ASC');
    assert.deepEqual(ascending, [...ascending].sort());
    assert.deepEqual(await sorted('DESC'), [...ascending].reverse());
    const pages: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await env.aa.send(new ListFindingsV2Command({ analyzerArn, maxResults: 2, nextToken, sort: { attributeName: 'resource' } }));
      assert.ok(page.findings!.length <= 2);
      pages.push(...page.findings!.map((f) => f.resource!));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(pages, ascending);
    await rejectsWith(env.aa.send(new ListFindingsCommand({ analyzerArn, filter: { color: { eq: ['red'] } } })), 'ValidationException', 'Invalid filter key: color', 400);
    await rejectsWith(env.aa.send(new ListFindingsCommand({ analyzerArn, filter: { status: {} } })), 'ValidationException', 'The criterion for status has no operator: give eq, neq, contains or exists.', 400);
    await rejectsWith(env.aa.send(new ListFindingsCommand({ analyzerArn, sort: { attributeName: 'color' } })), 'ValidationException', 'Invalid sort attribute: color', 400);
  });

  it('UpdateFindings archives and reactivates findings by id or by resource; an unknown id changes nothing', async () => {
    const [finding] = await byRole('cross-account');
    await env.aa.send(new UpdateFindingsCommand({ analyzerArn, ids: [finding.id!], status: 'ARCHIVED' }));
    assert.equal((await env.aa.send(new GetFindingCommand({ analyzerArn, id: finding.id }))).finding!.status, 'ARCHIVED');
    assert.deepEqual((await all({ status: { eq: ['ARCHIVED'] } })).map((f) => f.id), [finding.id]);
    await env.aa.send(new UpdateFindingsCommand({ analyzerArn, resourceArn: roleArn('cross-account'), status: 'ACTIVE' }));
    assert.equal((await env.aa.send(new GetFindingCommand({ analyzerArn, id: finding.id }))).finding!.status, 'ACTIVE');
    await rejectsWith(env.aa.send(new UpdateFindingsCommand({ analyzerArn, ids: [finding.id!, 'nope'], status: 'ARCHIVED' })), 'ResourceNotFoundException', 'Finding nope not found.', 404);
    assert.equal((await env.aa.send(new GetFindingCommand({ analyzerArn, id: finding.id }))).finding!.status, 'ACTIVE');
    await rejectsWith(env.aa.send(new UpdateFindingsCommand({ analyzerArn, status: 'ARCHIVED' })), 'ValidationException', 'Give either ids or resourceArn, not both and not neither.', 400);
  });

  it('a changed trust policy is analyzed anew: the access removed is RESOLVED, a new one is a new ACTIVE finding; a deleted role resolves its findings', async () => {
    const [before] = await byRole('public');
    const resourceBefore = (await env.aa.send(new GetAnalyzedResourceCommand({ analyzerArn, resourceArn: roleArn('public') }))).resource!;
    assert.equal(resourceBefore.isPublic, true);
    assert.deepEqual(resourceBefore.actions, ['sts:AssumeRole']);
    assert.equal(resourceBefore.status, 'ACTIVE');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'public', PolicyDocument: trust(allow({ AWS: '999988887777' }, 'sts:AssumeRole')) }));
    const after = await byRole('public');
    const resolved = after.find((f) => f.id === before.id)!;
    assert.equal(resolved.status, 'RESOLVED');
    assert.deepEqual(resolved.principal, { AWS: '*' });
    assert.deepEqual(after.filter((f) => f.id !== before.id).map((f) => [f.status, f.principal]), [['ACTIVE', { AWS: '999988887777' }]]);
    assert.ok(resolved.updatedAt! > before.updatedAt!);
    const resourceAfter = (await env.aa.send(new GetAnalyzedResourceCommand({ analyzerArn, resourceArn: roleArn('public') }))).resource!;
    assert.equal(resourceAfter.isPublic, false);
    assert.ok(resourceAfter.analyzedAt! > resourceBefore.analyzedAt!);
    assert.equal(resourceAfter.createdAt!.getTime(), resourceBefore.createdAt!.getTime());

    const [crossAccount] = await byRole('cross-account');
    await env.iam.send(new DeleteRoleCommand({ RoleName: 'cross-account' }));
    assert.equal((await env.aa.send(new GetFindingCommand({ analyzerArn, id: crossAccount.id }))).finding!.status, 'RESOLVED');
    const analyzed = (await env.aa.send(new ListAnalyzedResourcesCommand({ analyzerArn }))).analyzedResources!.map((r) => r.resourceArn);
    assert.ok(!analyzed.includes(roleArn('cross-account')));
    await rejectsWith(env.aa.send(new GetAnalyzedResourceCommand({ analyzerArn, resourceArn: roleArn('cross-account') })), 'ResourceNotFoundException', `Analyzed resource ${roleArn('cross-account')} not found.`, 404);
    // A resolved finding keeps its status whatever UpdateFindings asks.
    await env.aa.send(new UpdateFindingsCommand({ analyzerArn, ids: [crossAccount.id!], status: 'ARCHIVED' }));
    assert.equal((await env.aa.send(new GetFindingCommand({ analyzerArn, id: crossAccount.id }))).finding!.status, 'RESOLVED');
  });

  it('ListAnalyzedResources lists every role of the account (the service-linked role too); StartResourceScan analyzes one anew', async () => {
    const listed = (await env.aa.send(new ListAnalyzedResourcesCommand({ analyzerArn, resourceType: 'AWS::IAM::Role' }))).analyzedResources!;
    const expected = [...ROLES.map(([name]) => name).filter((n) => n !== 'cross-account').map(roleArn), `arn:aws:iam::${ACCOUNT}:role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer`].sort();
    assert.deepEqual(listed.map((r) => r.resourceArn).sort(), expected);
    assert.ok(listed.every((r) => r.resourceType === 'AWS::IAM::Role' && r.resourceOwnerAccount === ACCOUNT));
    const service = (await env.aa.send(new GetAnalyzedResourceCommand({ analyzerArn, resourceArn: roleArn('service') }))).resource!;
    assert.equal(service.isPublic, false);
    assert.equal(service.status, undefined);
    assert.equal(service.actions, undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await env.aa.send(new StartResourceScanCommand({ analyzerArn, resourceArn: roleArn('service') }));
    const rescanned = (await env.aa.send(new GetAnalyzedResourceCommand({ analyzerArn, resourceArn: roleArn('service') }))).resource!;
    assert.ok(rescanned.analyzedAt! > service.analyzedAt!);
    await rejectsWith(env.aa.send(new StartResourceScanCommand({ analyzerArn, resourceArn: roleArn('nope') })), 'ResourceNotFoundException', `Analyzed resource ${roleArn('nope')} not found.`, 404);
  });

  it('GetFindingsStatistics counts the findings by status, the active ones public or cross-account', async () => {
    const findings = await all();
    const count = (status: string) => findings.filter((f) => f.status === status).length;
    const stats = await env.aa.send(new GetFindingsStatisticsCommand({ analyzerArn }));
    const external = stats.findingsStatistics![0].externalAccessFindingsStatistics!;
    assert.equal(external.totalActiveFindings, count('ACTIVE'));
    assert.equal(external.totalArchivedFindings, count('ARCHIVED'));
    assert.equal(external.totalResolvedFindings, count('RESOLVED'));
    assert.equal(external.totalResolvedFindings, 2);
    const active = findings.filter((f) => f.status === 'ACTIVE');
    assert.deepEqual(external.resourceTypeStatistics, {
      'AWS::IAM::Role': { totalActivePublic: active.filter((f) => f.isPublic).length, totalActiveCrossAccount: active.filter((f) => !f.isPublic).length, totalActiveErrors: 0 },
    });
    assert.ok(stats.lastUpdatedAt instanceof Date);
  });

  it('ListFindings, GetFinding and the analyzed resources are for external-access analyzers; an unused-access analyzer answers ListFindingsV2', async () => {
    const unused = (await env.aa.send(new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' }))).arn!;
    await rejectsWith(env.aa.send(new ListFindingsCommand({ analyzerArn: unused })), 'ValidationException', 'ListFindings is not supported for analyzers of type ACCOUNT_UNUSED_ACCESS: use ListFindingsV2.', 400);
    await rejectsWith(env.aa.send(new ListAnalyzedResourcesCommand({ analyzerArn: unused })), 'ValidationException', 'ListAnalyzedResources is supported only for analyzers of external access (type ACCOUNT), not ACCOUNT_UNUSED_ACCESS.', 400);
    const v2 = await env.aa.send(new ListFindingsV2Command({ analyzerArn: unused, filter: { findingType: { eq: ['ExternalAccess'] } } }));
    assert.deepEqual(v2.findings, []);
  });
});
