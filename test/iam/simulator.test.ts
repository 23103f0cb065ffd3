import {
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  PutRolePolicyCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  IAMClient,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { engineCacheStats } from '../../src/policy/index.js';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';

const seedPolicy = JSON.stringify(JSON.parse(readFileSync(new URL('../fixtures/aws-recorded/managed-policies/AppIntegrationsServiceLinkedRolePolicy.json', import.meta.url), 'utf8')).PolicyVersion?.Document ?? {}, null, 2);
const flowArn = 'arn:aws:appflow:us-east-1:123456789012:flow/FlowCreatedByAppIntegrations-1234';

// Statement 2 of this document spans lines 9-13: a known layout to check positions against.
const allowDeny = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    },
    {
      "Effect": "Deny",
      "Action": "s3:DeleteBucket",
      "Resource": "arn:aws:s3:::prod-*"
    }
  ]
}`;

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const OTHER_BOB = `arn:aws:iam::${OTHER}:user/bob`;
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:queue1`;
const BUCKET_KEY = 'arn:aws:s3:::bucket/key';
const sqsPolicy = (effect: 'Allow' | 'Deny') => ({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: ['sqs:SendMessage', 's3:GetObject'], Resource: '*' }] });

describe('IAM policy simulator APIs', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('reads the seed policy from the reference data', () => {
    assert.match(seedPolicy, /FlowCreatedByAppIntegrations/);
  });

  it('allows StartFlow on a managed flow only with the AppIntegrationsManaged tag, naming the missing key', async () => {
    const tagged = await env.iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [seedPolicy],
        ActionNames: ['appflow:StartFlow'],
        ResourceArns: [flowArn],
        ContextEntries: [{ ContextKeyName: 'aws:ResourceTag/AppIntegrationsManaged', ContextKeyValues: ['true'], ContextKeyType: 'string' }],
      }),
    );
    const result = tagged.EvaluationResults![0];
    assert.equal(result.EvalActionName, 'appflow:StartFlow');
    assert.equal(result.EvalResourceName, flowArn);
    assert.equal(result.EvalDecision, 'allowed');
    assert.equal(result.MatchedStatements?.[0].SourcePolicyId, 'PolicyInputList.1');
    assert.equal(result.MatchedStatements?.[0].SourcePolicyType, 'IAM Policy');
    assert.deepEqual(result.ResourceSpecificResults?.map((r) => [r.EvalResourceName, r.EvalResourceDecision]), [[flowArn, 'allowed']]);

    const untagged = await env.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [seedPolicy], ActionNames: ['appflow:StartFlow'], ResourceArns: [flowArn] }));
    assert.equal(untagged.EvaluationResults![0].EvalDecision, 'implicitDeny');
    assert.deepEqual(untagged.EvaluationResults![0].MissingContextValues, ['aws:ResourceTag/AppIntegrationsManaged']);
    assert.deepEqual(untagged.EvaluationResults![0].MatchedStatements, []);
  });

  it('decides TagResource on the tag keys, as a string list', async () => {
    const decide = async (keys: string[]) => {
      const out = await env.iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [seedPolicy],
          ActionNames: ['appflow:TagResource'],
          ResourceArns: [flowArn],
          ContextEntries: [{ ContextKeyName: 'aws:TagKeys', ContextKeyValues: keys, ContextKeyType: 'stringList' }],
        }),
      );
      return out.EvaluationResults![0].EvalDecision;
    };
    assert.equal(await decide(['AppIntegrationsManaged']), 'allowed');
    assert.equal(await decide(['AppIntegrationsManaged', 'Other']), 'implicitDeny');
  });

  it('reports the deciding deny with its position, one result per action, per-resource results', async () => {
    const out = await env.iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [allowDeny],
        ActionNames: ['s3:DeleteBucket', 's3:GetObject'],
        ResourceArns: ['arn:aws:s3:::prod-data', 'arn:aws:s3:::dev-data'],
      }),
    );
    assert.equal(out.EvaluationResults?.length, 2);
    const [deleteBucket, getObject] = out.EvaluationResults!;
    assert.equal(deleteBucket.EvalDecision, 'explicitDeny', 'the most restrictive decision across resources');
    assert.deepEqual(deleteBucket.MatchedStatements?.[0].StartPosition, { Line: 9, Column: 5 });
    // The end is the statement's closing brace itself.
    assert.deepEqual(deleteBucket.MatchedStatements?.[0].EndPosition, { Line: 13, Column: 5 });
    assert.deepEqual(
      deleteBucket.ResourceSpecificResults?.map((r) => [r.EvalResourceName, r.EvalResourceDecision]),
      [['arn:aws:s3:::prod-data', 'explicitDeny'], ['arn:aws:s3:::dev-data', 'allowed']],
    );
    assert.equal(getObject.EvalDecision, 'allowed');
  });

  it('applies a permissions boundary and says whether it allowed', async () => {
    const boundary = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const out = await env.iam.send(
      new SimulateCustomPolicyCommand({ PolicyInputList: [allowDeny], PermissionsBoundaryPolicyInputList: [boundary], ActionNames: ['s3:PutObject', 's3:GetObject'] }),
    );
    const [put, get] = out.EvaluationResults!;
    assert.equal(put.EvalDecision, 'implicitDeny');
    assert.equal(put.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, false);
    assert.equal(get.EvalDecision, 'allowed');
    assert.equal(get.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, true);
  });

  it('pages results with MaxItems and Marker', async () => {
    const first = await env.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [allowDeny], ActionNames: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], MaxItems: 2 }));
    assert.equal(first.EvaluationResults?.length, 2);
    assert.equal(first.IsTruncated, true);
    const rest = await env.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [allowDeny], ActionNames: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Marker: first.Marker }));
    assert.deepEqual(rest.EvaluationResults?.map((r) => r.EvalActionName), ['s3:ListBucket']);
    assert.equal(rest.IsTruncated, false);
  });

  it('simulates a service-linked role\'s own policies', async () => {
    const { Role } = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' }));
    const out = await env.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: Role!.Arn,
        ActionNames: ['cloudwatch:PutMetricData'],
        ContextEntries: [{ ContextKeyName: 'cloudwatch:namespace', ContextKeyValues: ['AWS/AppIntegrations'], ContextKeyType: 'string' }],
      }),
    );
    assert.equal(out.EvaluationResults![0].EvalDecision, 'allowed');
    // IAM names an attached managed policy by its name, of type "IAM Policy" (not the model's enum).
    assert.equal(out.EvaluationResults![0].MatchedStatements?.[0].SourcePolicyType, 'IAM Policy');
    assert.equal(out.EvaluationResults![0].MatchedStatements?.[0].SourcePolicyId, 'AppIntegrationsServiceLinkedRolePolicy');
    const elsewhere = await env.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: Role!.Arn,
        ActionNames: ['cloudwatch:PutMetricData'],
        ContextEntries: [{ ContextKeyName: 'cloudwatch:namespace', ContextKeyValues: ['Custom/Other'], ContextKeyType: 'string' }],
      }),
    );
    assert.equal(elsewhere.EvaluationResults![0].EvalDecision, 'implicitDeny');
    const keys = await env.iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: Role!.Arn }));
    assert.deepEqual([...keys.ContextKeyNames!].sort(), ['aws:ResourceTag/AppIntegrationsManaged', 'aws:TagKeys', 'cloudwatch:namespace']);
  });

  it('lists the context keys of custom policies', async () => {
    const out = await env.iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [seedPolicy, allowDeny] }));
    assert.deepEqual(out.ContextKeyNames, ['cloudwatch:namespace', 'aws:ResourceTag/AppIntegrationsManaged', 'aws:TagKeys']);
  });

  it('refuses malformed input and unknown principals with IAM errors', async () => {
    await assert.rejects(env.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Statement": 3}'], ActionNames: ['s3:GetObject'] })), { name: 'InvalidInputException' });
    await assert.rejects(
      env.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::123456789012:role/nobody', ActionNames: ['s3:GetObject'] })),
      { name: 'NoSuchEntityException', message: 'The role with name nobody cannot be found.' },
    );
  });

  it("names a role's inline policy role_RoleName_PolicyName", async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const { Role } = await env.iam.send(new CreateRoleCommand({ RoleName: 'SimInline', AssumeRolePolicyDocument: trust }));
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'SimInline', PolicyName: 'ReadQueue', PolicyDocument: JSON.stringify(sqsPolicy('Allow')) }));
    const out = await env.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: Role!.Arn, ActionNames: ['sqs:SendMessage'] }));
    assert.deepEqual(
      out.EvaluationResults![0].MatchedStatements?.map((m) => [m.SourcePolicyId, m.SourcePolicyType]),
      [['role_SimInline_ReadQueue', 'IAM Policy']],
    );
  });

  describe('across accounts: the caller of its own account, both sides must allow', () => {
    // [name, CallerArn, resource, ResourceOwner, identity allows?, resource policy principal (none: no policy), decision,
    //  EvalDecisionDetails, the SourcePolicyIds of MatchedStatements]
    const cases: [string, string, string, string | undefined, boolean, string | undefined, string, Record<string, string> | undefined, string[]][] = [
      ['another account: the resource policy alone', OTHER_BOB, QUEUE, undefined, false, OTHER_BOB, 'implicitDeny', { 'IAM Policy': 'implicitDeny', 'Resource Policy': 'allowed' }, []],
      ['another account: identity policies alone', OTHER_BOB, QUEUE, undefined, true, undefined, 'implicitDeny', { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' }, []],
      ['another account: both', OTHER_BOB, QUEUE, undefined, true, OTHER_BOB, 'allowed', { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' }, ['PolicyInputList.1', 'ResourcePolicy']],
      ["another account: a resource policy naming the caller's account, and identity", OTHER_BOB, QUEUE, undefined, true, OTHER, 'allowed', { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' }, ['PolicyInputList.1', 'ResourcePolicy']],
      ['another account: a resource policy naming someone else', OTHER_BOB, QUEUE, undefined, true, ALICE, 'implicitDeny', { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' }, []],
      ['an ARN without an account is of ResourceOwner', OTHER_BOB, BUCKET_KEY, `arn:aws:iam::${ACCOUNT}:root`, false, OTHER_BOB, 'implicitDeny', { 'IAM Policy': 'implicitDeny', 'Resource Policy': 'allowed' }, []],
      ["an ARN without an account and no ResourceOwner is of the caller's account", OTHER_BOB, BUCKET_KEY, undefined, false, OTHER_BOB, 'allowed', {}, ['ResourcePolicy']],
      ['the ARN names its account, whatever ResourceOwner says', OTHER_BOB, QUEUE, `arn:aws:iam::${OTHER}:root`, false, OTHER_BOB, 'implicitDeny', { 'IAM Policy': 'implicitDeny', 'Resource Policy': 'allowed' }, []],
      ['same account: the resource policy naming the caller suffices', ALICE, QUEUE, undefined, false, ALICE, 'allowed', {}, ['ResourcePolicy']],
      ['same account: identity policies suffice', ALICE, QUEUE, undefined, true, undefined, 'allowed', {}, ['PolicyInputList.1']],
    ];
    for (const [name, caller, resource, owner, identityAllows, named, decision, details, matched] of cases) {
      it(`${name} -> ${decision}`, async () => {
        const action = resource === QUEUE ? 'sqs:SendMessage' : 's3:GetObject';
        const identity = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: identityAllows ? action : 'sqs:ListQueues', Resource: '*' }] };
        const out = await env.iam.send(
          new SimulateCustomPolicyCommand({
            PolicyInputList: [JSON.stringify(identity)],
            ActionNames: [action],
            ResourceArns: [resource],
            CallerArn: caller,
            ResourceOwner: owner,
            ResourcePolicy: named === undefined ? undefined : JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: named }, Action: action, Resource: resource }] }),
          }),
        );
        const result = out.EvaluationResults![0];
        assert.equal(result.EvalDecision, decision);
        assert.deepEqual(result.EvalDecisionDetails, details);
        assert.deepEqual(result.ResourceSpecificResults?.[0].EvalDecisionDetails, details);
        assert.deepEqual(result.MatchedStatements?.map((m) => m.SourcePolicyId), matched);
        const type = (id: string) => (id === 'ResourcePolicy' ? 'Resource Policy' : 'IAM Policy');
        assert.deepEqual(result.MatchedStatements?.map((m) => m.SourcePolicyType), matched.map(type));
      });
    }
  });

  it('NotPrincipal in a resource policy exempts only the principals it lists', async () => {
    const bucketPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: BUCKET_KEY },
        { Effect: 'Deny', NotPrincipal: { AWS: [BOB, `arn:aws:iam::${ACCOUNT}:root`] }, Action: 's3:*', Resource: BUCKET_KEY },
      ],
    });
    const decide = async (caller: string) =>
      (await env.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [JSON.stringify(sqsPolicy('Allow'))], ActionNames: ['s3:GetObject'], ResourceArns: [BUCKET_KEY], CallerArn: caller, ResourcePolicy: bucketPolicy })))
        .EvaluationResults![0];
    assert.equal((await decide(BOB)).EvalDecision, 'allowed');
    const alice = await decide(ALICE);
    assert.equal(alice.EvalDecision, 'explicitDeny', 'another user of the listed account is denied');
    assert.deepEqual(alice.MatchedStatements?.map((m) => [m.SourcePolicyId, m.SourcePolicyType, m.StartPosition?.Line]), [['ResourcePolicy', 'Resource Policy', 1]]);
    assert.equal((await decide(`arn:aws:iam::${ACCOUNT}:role/Ops`)).EvalDecision, 'explicitDeny');
  });

  describe("a role's trust policy as the ResourcePolicy decides sts:AssumeRole on the role", () => {
    const ROLE = `arn:aws:iam::${ACCOUNT}:role/Auditor`;
    const trust = (principal: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
    const assumeAllowed = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }] });
    const nothing = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:ListQueues', Resource: '*' }] });
    // [name, trusted principal, caller, caller's identity policy, decision]
    const cases: [string, string, string, string, string][] = [
      ["another account trusted, the caller's policies allow", OTHER, OTHER_BOB, assumeAllowed, 'allowed'],
      ["another account trusted, the caller's policies do not allow", OTHER, OTHER_BOB, nothing, 'implicitDeny'],
      ['another account trusted by name, the caller allowed', OTHER_BOB, OTHER_BOB, assumeAllowed, 'allowed'],
      ['another account not trusted', `arn:aws:iam::${ACCOUNT}:root`, OTHER_BOB, assumeAllowed, 'implicitDeny'],
      ['same account, the user trusted by name: the trust policy suffices', ALICE, ALICE, nothing, 'allowed'],
      ['same account, the account trusted: identity policies must allow', ACCOUNT, ALICE, nothing, 'implicitDeny'],
      ['same account, the account trusted, identity allows', ACCOUNT, ALICE, assumeAllowed, 'allowed'],
    ];
    for (const [name, trusted, caller, identity, decision] of cases) {
      it(`${name} -> ${decision}`, async () => {
        const out = await env.iam.send(
          new SimulateCustomPolicyCommand({ PolicyInputList: [identity], ActionNames: ['sts:AssumeRole'], ResourceArns: [ROLE], CallerArn: caller, ResourcePolicy: trust(trusted) }),
        );
        assert.equal(out.EvaluationResults![0].EvalDecision, decision);
      });
    }
    it('a trust policy is no resource policy for anything but roles', async () => {
      await assert.rejects(
        env.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [assumeAllowed], ActionNames: ['sqs:SendMessage'], ResourceArns: [QUEUE], CallerArn: ALICE, ResourcePolicy: trust(ALICE) })),
        { name: 'InvalidInputException', message: /ResourcePolicy: Policy statement must contain resources\./ },
      );
    });
  });

  describe('service control policies (OrderedOrganizationPolicyInputList)', () => {
    const scp = (effect: 'Allow' | 'Deny', action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] });
    // [name, levels, decision, AllowedByOrganizations]
    const cases: [string, string[][], string, boolean][] = [
      ['every level allows', [[scp('Allow', '*')], [scp('Allow', 'sqs:*')]], 'allowed', true],
      ['a level without an allow', [[scp('Allow', '*')], [scp('Allow', 's3:*')]], 'implicitDeny', false],
      ['an SCP deny', [[scp('Allow', '*'), scp('Deny', 'sqs:SendMessage')]], 'explicitDeny', false],
      ['a level with no policy', [[scp('Allow', '*')], []], 'implicitDeny', false],
    ];
    for (const [name, levels, decision, allowedByOrganizations] of cases) {
      it(`${name} -> ${decision}`, async () => {
        const out = await env.iam.send(
          new SimulateCustomPolicyCommand({
            PolicyInputList: [JSON.stringify(sqsPolicy('Allow'))],
            ActionNames: ['sqs:SendMessage'],
            ResourceArns: [QUEUE],
            OrderedOrganizationPolicyInputList: levels.map((level) => ({ ServiceControlPolicyInputList: level })),
          }),
        );
        const result = out.EvaluationResults![0];
        assert.equal(result.EvalDecision, decision);
        assert.deepEqual(result.OrganizationsDecisionDetail, { AllowedByOrganizations: allowedByOrganizations });
        assert.deepEqual(result.ResourceSpecificResults?.map((r) => r.EvalResourceDecision), [decision]);
        // MatchedStatements never name SCP statements; an SCP that refuses ends the per-type details.
        assert.deepEqual(result.MatchedStatements?.map((m) => m.SourcePolicyId), decision === 'allowed' ? ['PolicyInputList.1'] : []);
        assert.deepEqual(result.EvalDecisionDetails, allowedByOrganizations ? {} : undefined);
      });
    }
  });

  it('without OrderedOrganizationPolicyInputList the account is in no organization: no OrganizationsDecisionDetail', async () => {
    const out = await env.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [JSON.stringify(sqsPolicy('Allow'))], ActionNames: ['sqs:SendMessage'], ResourceArns: [QUEUE] }));
    assert.equal(out.EvaluationResults![0].OrganizationsDecisionDetail, undefined);
  });

  it('keeps the compiled-policy cache within its byte budget, however many large documents come', async () => {
    const budget = engineCacheStats().policies.maxBytes;
    const big = (n: number) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: Array.from({ length: 1150 }, (_, i) => ({ Effect: 'Allow', Action: ['s3:GetObject', `sqs:Send${i}`], Resource: `arn:aws:s3:::bucket-${n}-${i}/*` })),
      });
    const sent = 40;
    for (let n = 0; n < sent; n++) {
      const document = big(n);
      assert.ok(document.length > 100_000 && document.length < 131_072, `a large document (${document.length})`);
      const out = await env.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [document], ActionNames: ['s3:GetObject'], ResourceArns: [`arn:aws:s3:::bucket-${n}-7/key`] }));
      assert.equal(out.EvaluationResults![0].EvalDecision, 'allowed');
      const stats = engineCacheStats().policies;
      assert.ok(stats.bytes <= budget, `${stats.bytes} bytes held, budget ${budget}`);
    }
    const stats = engineCacheStats().policies;
    assert.ok(stats.entries < sent, `older documents were evicted (${stats.entries} kept of ${sent})`);
    assert.ok(stats.bytes > budget / 2, `the cache counts what it holds (${stats.bytes} bytes)`);
  });

  describe("Resource ARNs through IAM's API: taken as AWS takes them, refused with its MalformedPolicyDocument texts", () => {
    // [Resource, undefined when taken | the message]
    const cases: [string, string | undefined][] = [
      ['arn:aws:sqs:us-east-1:*', undefined],
      ['arn:aws:codebuild:*', undefined],
      ['arn:aws:*:us-east-1:123456789012:queue1', 'Resource arn:aws:*:us-east-1:123456789012:queue1 must be in ARN format or "*".'],
      ['arn:aws-cn:sqs:us-east-1:123456789012:queue1', 'Partition "aws-cn" is not valid for resource "arn:aws-cn:sqs:us-east-1:123456789012:queue1".'],
      ['arn:aws:iam:us-east-1:123456789012:role/app', 'IAM resource arn:aws:iam:us-east-1:123456789012:role/app cannot contain region information.'],
    ];
    cases.forEach(([resource, refusal], i) => {
      it(`${resource}: ${refusal ? 'refused' : 'taken'}`, async () => {
        const call = env.iam.send(
          new CreatePolicyCommand({ PolicyName: `ArnGrammar${i}`, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: resource }] }) }),
        );
        if (refusal) await assert.rejects(call, { name: 'MalformedPolicyDocumentException', message: refusal });
        else assert.ok((await call).Policy?.Arn);
      });
    });
  });

  it('answers `aws iam simulate-custom-policy`', async () => {
    const out = await awsCliJson(env.server.url, ['iam', 'simulate-custom-policy', '--policy-input-list', allowDeny, '--action-names', 's3:DeleteBucket', '--resource-arns', 'arn:aws:s3:::prod-logs']);
    assert.equal(out.EvaluationResults[0].EvalDecision, 'explicitDeny');
    assert.deepEqual(out.EvaluationResults[0].MatchedStatements[0].StartPosition, { Line: 9, Column: 5 });
  });
});
