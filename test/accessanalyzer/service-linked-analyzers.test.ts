// Service-linked analyzers: only AWS services make them, and none here does. A customer's CreateServiceLinkedAnalyzer
// is refused with AccessDeniedException (AWS: "Direct customer invocation returns AccessDeniedException"), after the
// caller's own permission; DeleteServiceLinkedAnalyzer finds no service-linked analyzer of any name, and leaves an
// ordinary analyzer of the name alone. SDK v3 and the AWS CLI.
import { AccessAnalyzerClient, CreateAnalyzerCommand, CreateServiceLinkedAnalyzerCommand, DeleteServiceLinkedAnalyzerCommand, GetAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliFails } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';

describe('Access Analyzer service-linked analyzers', () => {
  const env = useTestServer({ clients: { aa: AccessAnalyzerClient, iam: IAMClient } });

  const creates: { what: string; input: ConstructorParameters<typeof CreateServiceLinkedAnalyzerCommand>[0] }[] = [
    { what: 'an account unused-access analyzer', input: { type: 'ACCOUNT_UNUSED_ACCESS' } },
    { what: 'an organization unused-access analyzer', input: { type: 'ORGANIZATION_UNUSED_ACCESS', configuration: { unusedAccess: { unusedAccessAge: 30 } } } },
    { what: 'one with inline archive rules', input: { type: 'ACCOUNT_UNUSED_ACCESS', archiveRules: [{ ruleName: 'r', filter: { status: { eq: ['ACTIVE'] } } }] } },
  ];
  for (const { what, input } of creates) {
    it(`CreateServiceLinkedAnalyzer of ${what} is refused to a customer with AccessDeniedException`, async () => {
      await rejectsWith(env.aa.send(new CreateServiceLinkedAnalyzerCommand(input)), 'AccessDeniedException', /only be invoked by an authorized AWS service/, 403);
    });
  }

  it('a user without the permission is refused by IAM first, naming the action', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }));
    const nobody = env.client(AccessAnalyzerClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await rejectsWith(nobody.send(new CreateServiceLinkedAnalyzerCommand({ type: 'ACCOUNT_UNUSED_ACCESS' })), 'AccessDeniedException', /not authorized to perform: access-analyzer:CreateServiceLinkedAnalyzer/, 403);
    await rejectsWith(nobody.send(new DeleteServiceLinkedAnalyzerCommand({ analyzerName: '_AccessAnalyzerForLex-1' })), 'AccessDeniedException', /not authorized to perform: access-analyzer:DeleteServiceLinkedAnalyzer/, 403);
  });

  it('DeleteServiceLinkedAnalyzer finds no service-linked analyzer, and leaves an ordinary analyzer of the name', async () => {
    await rejectsWith(env.aa.send(new DeleteServiceLinkedAnalyzerCommand({ analyzerName: '_AccessAnalyzerForLex-1' })), 'ResourceNotFoundException', new RegExp(`arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/_AccessAnalyzerForLex-1`), 404);
    await env.aa.send(new CreateAnalyzerCommand({ analyzerName: 'ordinary', type: 'ACCOUNT' }));
    await rejectsWith(env.aa.send(new DeleteServiceLinkedAnalyzerCommand({ analyzerName: 'ordinary' })), 'ResourceNotFoundException', /analyzer\/ordinary/, 404);
    assert.equal((await env.aa.send(new GetAnalyzerCommand({ analyzerName: 'ordinary' }))).analyzer?.status, 'ACTIVE');
  });

  it('the AWS CLI gets the same refusal', async () => {
    const failure = await awsCliFails(env.server.url, ['accessanalyzer', 'create-service-linked-analyzer', '--type', 'ACCOUNT_UNUSED_ACCESS']);
    assert.match(failure, /AccessDeniedException/);
  });
});
