// "That permissions policy cannot be attached to any other IAM entity" (both seed pages): a service role
// policy (path /aws-service-role/) attaches only to the service-linked role of its own service. Every
// other attachment, and every use as a permissions boundary, answers PolicyNotAttachable and changes
// nothing. Also AWS's recorded answer to a PolicyArn that is not an ARN at all.
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { awsCli } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith, trustPolicy } from '../support/iam.js';

const SERVICE_ROLE = 'arn:aws:iam::aws:policy/aws-service-role';
const APP_INTEGRATIONS_POLICY = `${SERVICE_ROLE}/AppIntegrationsServiceLinkedRolePolicy`;
const LEX_BOT_POLICY = `${SERVICE_ROLE}/AmazonLexV2BotPolicy`;
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const APP_INTEGRATIONS_ROLE = 'AWSServiceRoleForAppIntegrations';
const LEX_ROLE = 'AWSServiceRoleForLexV2Bots_attach';

const TO_ROLE = 'Cannot attach a Service Role Policy to a Customer Role.';
const TO_USER = 'Cannot attach a Service Role Policy to a User.';
const TO_GROUP = 'Cannot attach a Service Role Policy to a Group.';

describe('service role policies attach only to their own service-linked role', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  before(async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await env.iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'customer', AssumeRolePolicyDocument: trustPolicy() }));
    await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' }));
    await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'lexv2.amazonaws.com', CustomSuffix: 'attach' }));
  });

  /** Each refused request, with AWS's answer. */
  const refused: { name: string; send: () => Promise<unknown>; message: string }[] = [
    { name: 'AttachUserPolicy', send: () => env.iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: APP_INTEGRATIONS_POLICY })), message: TO_USER },
    { name: 'AttachGroupPolicy', send: () => env.iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: APP_INTEGRATIONS_POLICY })), message: TO_GROUP },
    { name: 'AttachRolePolicy (customer role)', send: () => env.iam.send(new AttachRolePolicyCommand({ RoleName: 'customer', PolicyArn: APP_INTEGRATIONS_POLICY })), message: TO_ROLE },
    {
      name: "AttachRolePolicy (another service's service-linked role)",
      send: () => env.iam.send(new AttachRolePolicyCommand({ RoleName: LEX_ROLE, PolicyArn: APP_INTEGRATIONS_POLICY })),
      message: TO_ROLE,
    },
    {
      name: "AttachRolePolicy (Lex's policy on the AppIntegrations role)",
      send: () => env.iam.send(new AttachRolePolicyCommand({ RoleName: APP_INTEGRATIONS_ROLE, PolicyArn: LEX_BOT_POLICY })),
      message: TO_ROLE,
    },
    { name: 'PutUserPermissionsBoundary', send: () => env.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: APP_INTEGRATIONS_POLICY })), message: TO_USER },
    { name: 'PutRolePermissionsBoundary', send: () => env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'customer', PermissionsBoundary: APP_INTEGRATIONS_POLICY })), message: TO_ROLE },
    {
      name: 'CreateUser with the policy as boundary',
      send: () => env.iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: APP_INTEGRATIONS_POLICY })),
      message: TO_USER,
    },
    {
      name: 'CreateRole with the policy as boundary',
      send: () => env.iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: trustPolicy(), PermissionsBoundary: APP_INTEGRATIONS_POLICY })),
      message: TO_ROLE,
    },
  ];

  for (const { name, send, message } of refused) {
    it(`${name}: PolicyNotAttachable (400)`, async () => {
      await rejectsWith(send(), 'PolicyNotAttachable', message, 400);
    });
  }

  it('changed nothing: no attachment, no boundary, no entity; the policy is attached to its own role only', async () => {
    assert.deepEqual((await env.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }))).AttachedPolicies, []);
    assert.deepEqual((await env.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'admins' }))).AttachedPolicies, []);
    assert.deepEqual((await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'customer' }))).AttachedPolicies, []);
    assert.deepEqual(
      (await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: LEX_ROLE }))).AttachedPolicies?.map((p) => p.PolicyArn),
      [LEX_BOT_POLICY],
    );
    assert.deepEqual(
      (await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: APP_INTEGRATIONS_ROLE }))).AttachedPolicies?.map((p) => p.PolicyArn),
      [APP_INTEGRATIONS_POLICY],
    );
    assert.equal((await env.iam.send(new GetUserCommand({ UserName: 'alice' }))).User?.PermissionsBoundary, undefined);
    assert.equal((await env.iam.send(new GetRoleCommand({ RoleName: 'customer' }))).Role?.PermissionsBoundary, undefined);
    assert.deepEqual((await env.iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName), ['alice']);
    assert.ok(!(await env.iam.send(new ListRolesCommand({}))).Roles?.some((r) => r.RoleName === 'bounded'));
    const { Policy } = await env.iam.send(new GetPolicyCommand({ PolicyArn: APP_INTEGRATIONS_POLICY }));
    assert.equal(Policy?.AttachmentCount, 1);
    assert.equal(Policy?.PermissionsBoundaryUsageCount, 0);
  });

  it('on its own service-linked role a customer is refused as for any protected write; other policies attach as before', async () => {
    await rejectsWith(
      env.iam.send(new AttachRolePolicyCommand({ RoleName: APP_INTEGRATIONS_ROLE, PolicyArn: APP_INTEGRATIONS_POLICY })),
      'UnmodifiableEntity',
      `Cannot perform the operation on the protected role '${APP_INTEGRATIONS_ROLE}' - this role is only modifiable by AWS`,
      400,
    );
    await rejectsWith(
      env.iam.send(new AttachRolePolicyCommand({ RoleName: 'customer', PolicyArn: `${SERVICE_ROLE}/NoSuchServicePolicy` })),
      'NoSuchEntity',
      `Policy ${SERVICE_ROLE}/NoSuchServicePolicy does not exist or is not attachable.`,
      404,
    );
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'customer', PolicyArn: READ_ONLY }));
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: READ_ONLY }));
    await env.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: READ_ONLY }));
    assert.equal((await env.iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }))).Policy?.AttachmentCount, 2);
  });

  it('a PolicyArn that is not an ARN: AWS\'s "Invalid ARN:  Could not be parsed!" (ValidationError 400)', async () => {
    const attach = {
      AttachRolePolicy: (arn: string) => env.iam.send(new AttachRolePolicyCommand({ RoleName: 'customer', PolicyArn: arn })),
      AttachUserPolicy: (arn: string) => env.iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn })),
      AttachGroupPolicy: (arn: string) => env.iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: arn })),
    };
    for (const [operation, send] of Object.entries(attach)) {
      // As recorded against AWS: a long name that is not an ARN, and the name of an existing policy.
      for (const arn of ['longpolicynamebutnoarn', 'AmazonS3ReadOnlyAccess']) {
        await rejectsWith(send(arn), 'ValidationError', 'Invalid ARN:  Could not be parsed!', 400).catch((error: Error) => {
          throw new Error(`${operation} ${arn}: ${error.message}`);
        });
      }
      // An ARN, but not a policy's.
      await rejectsWith(send('arn:aws:iam::123456789012:role/customer'), 'ValidationError', 'ARN arn:aws:iam::123456789012:role/customer is not valid.', 400);
    }
  });

  it('the AWS CLI prints AWS\'s PolicyNotAttachable error', async () => {
    for (const [args, operation, message] of [
      [['iam', 'attach-role-policy', '--role-name', 'customer', '--policy-arn', APP_INTEGRATIONS_POLICY], 'AttachRolePolicy', TO_ROLE],
      [['iam', 'attach-user-policy', '--user-name', 'alice', '--policy-arn', LEX_BOT_POLICY], 'AttachUserPolicy', TO_USER],
    ] as const) {
      const result = await awsCli(env.server.url, [...args]);
      assert.notEqual(result.code, 0);
      assert.equal(result.stderr.trim(), `An error occurred (PolicyNotAttachable) when calling the ${operation} operation: ${message}`);
    }
  });
});
