import {
  CreateServiceLinkedRoleCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  IAMClient,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
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
    assert.equal(out.EvaluationResults![0].MatchedStatements?.[0].SourcePolicyType, 'aws-managed');
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

  it('answers `aws iam simulate-custom-policy`', async () => {
    const out = await awsCliJson(env.server.url, ['iam', 'simulate-custom-policy', '--policy-input-list', allowDeny, '--action-names', 's3:DeleteBucket', '--resource-arns', 'arn:aws:s3:::prod-logs']);
    assert.equal(out.EvaluationResults[0].EvalDecision, 'explicitDeny');
    assert.deepEqual(out.EvaluationResults[0].MatchedStatements[0].StartPosition, { Line: 9, Column: 5 });
  });
});
