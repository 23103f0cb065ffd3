// GetHumanReadableSummary through the SDK and the AWS CLI: a deterministic English summary of a managed
// policy's, a role's or a user's permissions policies, or of a delegation request's permission policy (per
// statement its effect, actions by service with the Service Authorization Reference's descriptions, resources
// and conditions); another locale is NOT_SUPPORTED; other ARNs are refused.
import {
  AddUserToGroupCommand,
  CreateDelegationRequestCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetHumanReadableSummaryCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('GetHumanReadableSummary', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });
  const summary = async (arn: string, Locale?: string) => env.iam.send(new GetHumanReadableSummaryCommand({ EntityArn: arn, Locale }));

  it('a managed policy: each statement with its actions by service, resources and conditions', async () => {
    const { Policy } = await env.iam.send(
      new CreatePolicyCommand({
        PolicyName: 'bots',
        PolicyDocument: doc([
          { Sid: 'Read', Effect: 'Allow', Action: ['lex:ListBots', 'lex:DescribeBot'], Resource: `arn:aws:lex:us-east-1:${ACCOUNT}:bot/*`, Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-2'] } } },
          { Effect: 'Deny', Action: 'iam:*', NotResource: `arn:aws:iam::${ACCOUNT}:role/keep` },
        ]),
      }),
    );
    const answer = await summary(Policy!.Arn!);
    assert.equal(answer.SummaryState, 'AVAILABLE');
    assert.equal(answer.Locale, 'en-US');
    const lines = answer.SummaryContent!.split('\n');
    assert.deepEqual(lines.slice(0, 8), [
      `Managed policy bots (${Policy!.Arn}): 1 permissions policy.`,
      '',
      `Managed policy bots (${Policy!.Arn}):`,
      '  Statement 1 (Read): Allows lex:ListBots, lex:DescribeBot',
      '    Amazon Lex V2 (lex): 2 actions',
      '      lex:DescribeBot - Grants permission to retrieve an existing bot',
      '      lex:ListBots - Grants permission to list existing bots',
      `    On: arn:aws:lex:us-east-1:${ACCOUNT}:bot/*`,
    ]);
    assert.equal(lines[8], '    When StringEquals aws:RequestedRegion: us-east-1, eu-west-2');
    assert.equal(lines[9], '  Statement 2: Denies iam:*');
    assert.match(lines[10], /^ {4}AWS Identity and Access Management \(IAM\) \(iam\): all \d+ actions$/);
    assert.equal(lines[11], `    On every resource except: arn:aws:iam::${ACCOUNT}:role/keep`);
    // The same policy always reads the same.
    assert.equal((await summary(Policy!.Arn!)).SummaryContent, answer.SummaryContent);
  });

  it("a user's policies include its groups'; a role's; a delegation request's permission policy", async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'sam' }));
    await env.iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await env.iam.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read', PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }]) }));
    await env.iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'sam' }));
    const user = (await summary(`arn:aws:iam::${ACCOUNT}:user/sam`)).SummaryContent!;
    assert.ok(user.startsWith(`User sam (arn:aws:iam::${ACCOUNT}:user/sam): 1 permissions policy.\n\nInline policy read of group readers:\n  Statement 1: Allows iam:GetUser\n`), user);

    await env.iam.send(new CreateRoleCommand({ RoleName: 'empty', AssumeRolePolicyDocument: trust }));
    assert.equal((await summary(`arn:aws:iam::${ACCOUNT}:role/empty`)).SummaryContent, `Role empty (arn:aws:iam::${ACCOUNT}:role/empty): no permissions policies, so it allows nothing.`);
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'empty', PolicyName: 'odd', PolicyDocument: doc([{ Effect: 'Allow', Action: ['lex:NoSuchThing', 's3:GetObject'], Resource: '*' }]) }));
    const role = (await summary(`arn:aws:iam::${ACCOUNT}:role/empty`)).SummaryContent!;
    assert.match(role, /Amazon S3 \(s3\): 1 action\n {6}s3:GetObject - Grants permission to retrieve objects from Amazon S3/);
    assert.match(role, /Not actions of the Service Authorization Reference: lex:NoSuchThing/);

    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'template', PolicyDocument: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }]) }));
    const { DelegationRequestId } = await env.iam.send(
      new CreateDelegationRequestCommand({
        Description: 'Partner access',
        Permissions: { PolicyTemplateArn: Policy!.Arn, Parameters: [{ Name: 'bucket', Type: 'string', Values: ['logs'] }] },
        RequestorWorkflowId: 'workflow-1',
        NotificationChannel: `arn:aws:sns:us-east-1:${ACCOUNT}:topic`,
        SessionDuration: 900,
      }),
    );
    const delegation = (await summary(`arn:aws:iam::${ACCOUNT}:delegation-request/${DelegationRequestId}`)).SummaryContent!;
    assert.ok(delegation.startsWith(`Delegation request ${DelegationRequestId} (Partner access): 1 permissions policy.\n\nPermission policy requested:\n  Statement 1: Allows s3:GetObject\n`), delegation);
    assert.match(delegation, /On: arn:aws:s3:::logs\/\*/);
  });

  it('another locale is NOT_SUPPORTED; other ARNs are refused', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    assert.deepEqual(
      { ...(await summary(`arn:aws:iam::${ACCOUNT}:role/r`, 'ja-JP')), $metadata: undefined },
      { SummaryState: 'NOT_SUPPORTED', Locale: 'ja-JP', SummaryContent: '', $metadata: undefined },
    );
    assert.equal((await summary(`arn:aws:iam::${ACCOUNT}:role/r`, 'en-GB')).SummaryState, 'AVAILABLE');
    await rejectsWith(summary(`arn:aws:iam::${ACCOUNT}:group/readers`), 'InvalidInput', `The ARN arn:aws:iam::${ACCOUNT}:group/readers is not the ARN of an IAM policy, role or user.`, 400);
    await rejectsWith(summary(`arn:aws:iam::${ACCOUNT}:role/missing`), 'NoSuchEntity', `The role with ARN arn:aws:iam::${ACCOUNT}:role/missing cannot be found.`, 404);
    await rejectsWith(summary(`arn:aws:iam::${ACCOUNT}:delegation-request/00000000-0000-0000-0000-000000000000`), 'NoSuchEntity', /00000000-0000-0000-0000-000000000000/, 404);
  });

  it('the AWS CLI prints it', async () => {
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'cli', PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }]) }));
    const got = await awsCliJson(env.server.url, ['iam', 'get-human-readable-summary', '--entity-arn', Policy!.Arn!]);
    assert.equal(got.SummaryState, 'AVAILABLE');
    assert.match(got.SummaryContent, /iam:ListUsers - Grants permission to list the IAM users/);
  });
});
