// IAM Access Analyzer's analyzers: CreateAnalyzer (types, configuration, quotas, the service-linked role
// AWSServiceRoleForAccessAnalyzer made on the caller's permission), Get/List/Update/DeleteAnalyzer, tags, and
// the role kept in use by the analyzers. SDK v3 clients and the AWS CLI against the real server.
import {
  AccessAnalyzerClient,
  CreateAnalyzerCommand,
  DeleteAnalyzerCommand,
  GetAnalyzerCommand,
  ListAnalyzersCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAnalyzerCommand,
} from '@aws-sdk/client-accessanalyzer';
import { CreateAccessKeyCommand, CreateUserCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { deleteServiceLinkedRole, rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const ROLE = 'AWSServiceRoleForAccessAnalyzer';
const arnOf = (region: string, name: string) => `arn:aws:access-analyzer:${region}:${ACCOUNT}:analyzer/${name}`;

describe('Access Analyzer analyzers', () => {
  const env = useTestServer({ clients: { aa: AccessAnalyzerClient, iam: IAMClient } });
  const regional = (region: string) => env.client(AccessAnalyzerClient, { region });

  it('a user allowed access-analyzer:* but not iam:CreateServiceLinkedRole cannot create the first analyzer; root makes it and AWSServiceRoleForAccessAnalyzer', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'auditor' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'auditor', PolicyName: 'aa', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'access-analyzer:*', Resource: '*' }] }) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
    const auditor = env.client(AccessAnalyzerClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await rejectsWith(
      auditor.send(new CreateAnalyzerCommand({ analyzerName: 'first', type: 'ACCOUNT' })),
      'AccessDeniedException',
      new RegExp(`not authorized to perform: iam:CreateServiceLinkedRole on resource: arn:aws:iam::${ACCOUNT}:role/aws-service-role/access-analyzer.amazonaws.com/${ROLE}`),
      403,
    );
    // A refused CreateAnalyzer (an inline archive rule with a bad filter) makes nothing, the role included.
    await rejectsWith(
      env.aa.send(new CreateAnalyzerCommand({ analyzerName: 'first', type: 'ACCOUNT', archiveRules: [{ ruleName: 'r', filter: { colour: { eq: ['red'] } } }] })),
      'ValidationException',
      'Invalid filter key: colour',
      400,
    );
    await rejectsWith(env.iam.send(new GetRoleCommand({ RoleName: ROLE })), 'NoSuchEntity', `The role with name ${ROLE} cannot be found.`, 404);
    const created = await env.aa.send(new CreateAnalyzerCommand({ analyzerName: 'first', type: 'ACCOUNT', tags: { team: 'blue' } }));
    assert.equal(created.arn, arnOf('us-east-1', 'first'));
    const role = (await env.iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!;
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/access-analyzer.amazonaws.com/${ROLE}`);
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal, { Service: 'access-analyzer.amazonaws.com' });
    const attached = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
    assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyName), ['AccessAnalyzerServiceRolePolicy']);
    // With the role there, the auditor needs only access-analyzer:CreateAnalyzer.
    const other = await auditor.send(new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' }));
    assert.equal(other.arn, arnOf('us-east-1', 'unused'));
  });

  it('GetAnalyzer and ListAnalyzers (by type, by page) answer what was made', async () => {
    const { analyzer } = await env.aa.send(new GetAnalyzerCommand({ analyzerName: 'first' }));
    assert.equal(analyzer!.arn, arnOf('us-east-1', 'first'));
    assert.equal(analyzer!.name, 'first');
    assert.equal(analyzer!.type, 'ACCOUNT');
    assert.equal(analyzer!.status, 'ACTIVE');
    assert.deepEqual(analyzer!.tags, { team: 'blue' });
    assert.equal(analyzer!.configuration, undefined);
    assert.ok(analyzer!.createdAt instanceof Date);
    const all = await env.aa.send(new ListAnalyzersCommand({}));
    assert.deepEqual(all.analyzers!.map((a) => [a.name, a.type]), [['first', 'ACCOUNT'], ['unused', 'ACCOUNT_UNUSED_ACCESS']]);
    const unused = await env.aa.send(new ListAnalyzersCommand({ type: 'ACCOUNT_UNUSED_ACCESS' }));
    assert.deepEqual(unused.analyzers!.map((a) => a.name), ['unused']);
    const page1 = await env.aa.send(new ListAnalyzersCommand({ maxResults: 1 }));
    assert.deepEqual(page1.analyzers!.map((a) => a.name), ['first']);
    const page2 = await env.aa.send(new ListAnalyzersCommand({ maxResults: 1, nextToken: page1.nextToken }));
    assert.deepEqual(page2.analyzers!.map((a) => a.name), ['unused']);
    assert.equal(page2.nextToken, undefined);
    // Analyzers are regional: another region has none.
    assert.deepEqual((await regional('eu-west-1').send(new ListAnalyzersCommand({}))).analyzers, []);
    await rejectsWith(env.aa.send(new ListAnalyzersCommand({ nextToken: 'not-a-token' })), 'ValidationException', 'The nextToken is not valid.', 400);
  });

  it('the refusals of CreateAnalyzer: a taken name, a second account analyzer, an organization, a configuration the type does not take', async () => {
    const cases: [string, ConstructorParameters<typeof CreateAnalyzerCommand>[0], string, string | RegExp, number][] = [
      ['taken name', { analyzerName: 'first', type: 'ACCOUNT_UNUSED_ACCESS' }, 'ConflictException', 'Analyzer first already exists.', 409],
      ['second ACCOUNT analyzer', { analyzerName: 'second', type: 'ACCOUNT' }, 'ServiceQuotaExceededException', /only one is allowed/, 402],
      ['ORGANIZATION', { analyzerName: 'org', type: 'ORGANIZATION' }, 'ValidationException', 'Service not enabled for AWS Organizations', 400],
      ['ORGANIZATION_UNUSED_ACCESS', { analyzerName: 'org', type: 'ORGANIZATION_UNUSED_ACCESS' }, 'ValidationException', 'Service not enabled for AWS Organizations', 400],
      ['age 0', { analyzerName: 'age', type: 'ACCOUNT_UNUSED_ACCESS', configuration: { unusedAccess: { unusedAccessAge: 0 } } }, 'ValidationException', 'unusedAccessAge must be between 1 and 365 days.', 400],
      ['age 366', { analyzerName: 'age', type: 'ACCOUNT_UNUSED_ACCESS', configuration: { unusedAccess: { unusedAccessAge: 366 } } }, 'ValidationException', 'unusedAccessAge must be between 1 and 365 days.', 400],
      ['unused configuration on ACCOUNT', { analyzerName: 'cfg', type: 'ACCOUNT', configuration: { unusedAccess: { unusedAccessAge: 30 } } }, 'ValidationException', 'Analyzers of type ACCOUNT take no configuration.', 400],
    ];
    const eu = regional('eu-west-2');
    await eu.send(new CreateAnalyzerCommand({ analyzerName: 'first', type: 'ACCOUNT' }));
    for (const [label, input, code, message, status] of cases) {
      await rejectsWith(eu.send(new CreateAnalyzerCommand(input)), code, message, status).catch((error: Error) => assert.fail(`${label}: ${error.message}`));
    }
    // Nothing of them was made.
    assert.deepEqual((await eu.send(new ListAnalyzersCommand({}))).analyzers!.map((a) => a.name), ['first']);
  });

  it('an unused-access analyzer tracks 90 days unless told; UpdateAnalyzer changes its tracking period, and refuses an external-access analyzer', async () => {
    const { analyzer } = await env.aa.send(new GetAnalyzerCommand({ analyzerName: 'unused' }));
    assert.deepEqual(analyzer!.configuration, { unusedAccess: { unusedAccessAge: 90 } });
    const updated = await env.aa.send(new UpdateAnalyzerCommand({ analyzerName: 'unused', configuration: { unusedAccess: { unusedAccessAge: 30 } } }));
    assert.deepEqual(updated.configuration, { unusedAccess: { unusedAccessAge: 30 } });
    assert.deepEqual((await env.aa.send(new GetAnalyzerCommand({ analyzerName: 'unused' }))).analyzer!.configuration, { unusedAccess: { unusedAccessAge: 30 } });
    await rejectsWith(env.aa.send(new UpdateAnalyzerCommand({ analyzerName: 'unused', configuration: { unusedAccess: { unusedAccessAge: 400 } } })), 'ValidationException', 'unusedAccessAge must be between 1 and 365 days.', 400);
    await rejectsWith(env.aa.send(new UpdateAnalyzerCommand({ analyzerName: 'first', configuration: { unusedAccess: { unusedAccessAge: 30 } } })), 'ValidationException', 'Analyzers of type ACCOUNT have no configuration to update.', 400);
    await rejectsWith(env.aa.send(new UpdateAnalyzerCommand({ analyzerName: 'missing' })), 'ResourceNotFoundException', 'Analyzer missing not found.', 404);
  });

  it('TagResource, UntagResource, ListTagsForResource on an analyzer; an ARN of nothing is ResourceNotFound', async () => {
    const arn = arnOf('us-east-1', 'first');
    await env.aa.send(new TagResourceCommand({ resourceArn: arn, tags: { stage: 'prod', team: 'red' } }));
    assert.deepEqual((await env.aa.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { team: 'red', stage: 'prod' });
    await env.aa.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team', 'absent'] }));
    assert.deepEqual((await env.aa.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { stage: 'prod' });
    assert.deepEqual((await env.aa.send(new GetAnalyzerCommand({ analyzerName: 'first' }))).analyzer!.tags, { stage: 'prod' });
    for (const missing of [arnOf('us-east-1', 'nope'), arnOf('eu-west-1', 'first'), `arn:aws:access-analyzer:us-east-1:999999999999:analyzer/first`]) {
      await rejectsWith(env.aa.send(new ListTagsForResourceCommand({ resourceArn: missing })), 'ResourceNotFoundException', `The resource ${missing} does not exist.`, 404);
      await rejectsWith(env.aa.send(new TagResourceCommand({ resourceArn: missing, tags: { a: 'b' } })), 'ResourceNotFoundException', `The resource ${missing} does not exist.`, 404);
    }
  });

  it('the AWS CLI lists and reads analyzers', async () => {
    const listed = await awsCliJson(env.server.url, ['accessanalyzer', 'list-analyzers', '--type', 'ACCOUNT']);
    assert.deepEqual(listed.analyzers.map((a: { name: string }) => a.name), ['first']);
    const got = await awsCliJson(env.server.url, ['accessanalyzer', 'get-analyzer', '--analyzer-name', 'unused']);
    assert.equal(got.analyzer.type, 'ACCOUNT_UNUSED_ACCESS');
    assert.equal(got.analyzer.configuration.unusedAccess.unusedAccessAge, 30);
  });

  it('AWSServiceRoleForAccessAnalyzer cannot be deleted while analyzers exist in any region; once they are deleted it can', async () => {
    const refused = await deleteServiceLinkedRole(env.iam, ROLE);
    assert.equal(refused.Status, 'FAILED');
    const usage = refused.Reason!.RoleUsageList!.map((u) => [u.Region, u.Resources]);
    assert.deepEqual(usage, [
      ['eu-west-2', [arnOf('eu-west-2', 'first')]],
      ['us-east-1', [arnOf('us-east-1', 'first'), arnOf('us-east-1', 'unused')]],
    ]);
    await env.aa.send(new DeleteAnalyzerCommand({ analyzerName: 'first' }));
    await env.aa.send(new DeleteAnalyzerCommand({ analyzerName: 'unused' }));
    await regional('eu-west-2').send(new DeleteAnalyzerCommand({ analyzerName: 'first' }));
    await rejectsWith(env.aa.send(new GetAnalyzerCommand({ analyzerName: 'first' })), 'ResourceNotFoundException', 'Analyzer first not found.', 404);
    await rejectsWith(env.aa.send(new DeleteAnalyzerCommand({ analyzerName: 'first' })), 'ResourceNotFoundException', 'Analyzer first not found.', 404);
    const deleted = await deleteServiceLinkedRole(env.iam, ROLE);
    assert.equal(deleted.Status, 'SUCCEEDED');
  });
});
