// Authorization of IAM users' requests on every service: a user made by root signs at once with its
// new key; its own, its groups' and its managed policies allow, explicit denies and permissions
// boundaries refuse in AWS's words; condition keys (the seed's iam:AWSServiceName case, tags, request
// keys) decide as in AWS; an Inactive key is refused.
import { AppIntegrationsClient, CreateEventIntegrationCommand, ListEventIntegrationsCommand } from '@aws-sdk/client-appintegrations';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  DeleteUserPermissionsBoundaryCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
  CreateRoleCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { LexModelsV2Client, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith, trustPolicy } from '../support/iam.js';

const ACCOUNT = '123456789012';
const policy = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*', condition?: Record<string, unknown>) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
});
const deny = (action: string | string[], resource: string | string[] = '*') => ({ Effect: 'Deny', Action: action, Resource: resource });

describe('authorization of IAM users', () => {
  const env = useTestServer({ clients: { root: IAMClient } });

  /** Creates a user with an access key (as root) and returns clients signed with that key. */
  async function user(name: string, options: { region?: string } = {}) {
    await env.root.send(new CreateUserCommand({ UserName: name }));
    const { AccessKey } = await env.root.send(new CreateAccessKeyCommand({ UserName: name }));
    const credentials = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const config = { ...credentials, region: options.region };
    return {
      key: AccessKey!,
      arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
      iam: env.client(IAMClient, config),
      sts: env.client(STSClient, config),
      lex: env.client(LexModelsV2Client, config),
      appIntegrations: env.client(AppIntegrationsClient, config),
    };
  }

  it('a new access key signs at once; GetCallerIdentity names the user', async () => {
    const alice = await user('alice');
    assert.match(alice.key.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(alice.key.SecretAccessKey!.length, 40);
    const identity = await alice.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, alice.arn);
    assert.equal(identity.Account, ACCOUNT);
    assert.match(identity.UserId!, /^AIDA[A-Z2-7]{17}$/);
    // GetUser without a name answers the caller... once a policy allows it.
    await rejectsWith(
      alice.iam.send(new GetUserCommand({})),
      'AccessDenied',
      `User: ${alice.arn} is not authorized to perform: iam:GetUser on resource: ${alice.arn} because no identity-based policy allows the iam:GetUser action`,
      403,
    );
    await env.root.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'self', PolicyDocument: policy(allow("iam:GetUser", "arn:aws:iam::*:user/${aws:username}")) }));
    const { User } = await alice.iam.send(new GetUserCommand({}));
    assert.equal(User?.UserName, 'alice');
    assert.equal(User?.UserId, identity.UserId);
  });

  it('refuses an unpermitted call on every service in AWS words, and allows it once a policy does', async () => {
    const bob = await user('bob');
    await rejectsWith(
      bob.iam.send(new ListRolesCommand({})),
      'AccessDenied',
      `User: ${bob.arn} is not authorized to perform: iam:ListRoles on resource: * because no identity-based policy allows the iam:ListRoles action`,
      403,
    );
    await rejectsWith(bob.lex.send(new ListBotsCommand({})), 'AccessDeniedException', /^User: arn:aws:iam::123456789012:user\/bob is not authorized to perform: lex:ListBots on resource: .* because no identity-based policy allows the lex:ListBots action$/, 403);
    await rejectsWith(
      bob.appIntegrations.send(new ListEventIntegrationsCommand({})),
      'AccessDeniedException',
      /^User: arn:aws:iam::123456789012:user\/bob is not authorized to perform: app-integrations:ListEventIntegrations on resource: .* because no identity-based policy allows the app-integrations:ListEventIntegrations action$/,
      403,
    );
    await env.root.send(
      new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'read', PolicyDocument: policy(allow(['iam:ListRoles', 'lex:ListBots', 'app-integrations:ListEventIntegrations'])) }),
    );
    assert.ok((await bob.iam.send(new ListRolesCommand({}))).Roles);
    assert.ok((await bob.lex.send(new ListBotsCommand({}))).botSummaries);
    assert.ok((await bob.appIntegrations.send(new ListEventIntegrationsCommand({}))).EventIntegrations);
  });

  it('an explicit deny wins over an allow, and names the denying managed policy', async () => {
    const carol = await user('carol');
    await env.root.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'all', PolicyDocument: policy(allow('iam:*')) }));
    assert.ok((await carol.iam.send(new ListUsersCommand({}))).Users);
    const { Policy } = await env.root.send(new CreatePolicyCommand({ PolicyName: 'NoUserListing', PolicyDocument: policy(deny('iam:ListUsers')) }));
    await env.root.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: Policy!.Arn! }));
    await rejectsWith(
      carol.iam.send(new ListUsersCommand({})),
      'AccessDenied',
      `User: ${carol.arn} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT}:user/ with an explicit deny in an identity-based policy: ${Policy!.Arn}`,
      403,
    );
    // An inline deny has no ARN to name.
    await env.root.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'no-roles', PolicyDocument: policy(deny('iam:ListRoles')) }));
    await rejectsWith(
      carol.iam.send(new ListRolesCommand({})),
      'AccessDenied',
      `User: ${carol.arn} is not authorized to perform: iam:ListRoles on resource: * with an explicit deny in an identity-based policy`,
      403,
    );
  });

  it('a permissions boundary limits what the identity policies allow', async () => {
    const dave = await user('dave');
    await env.root.send(new PutUserPolicyCommand({ UserName: 'dave', PolicyName: 'all', PolicyDocument: policy(allow(['iam:*', 'lex:*'])) }));
    const { Policy } = await env.root.send(new CreatePolicyCommand({ PolicyName: 'OnlyLex', PolicyDocument: policy(allow('lex:*'), deny('iam:ListUsers')) }));
    await env.root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'dave', PermissionsBoundary: Policy!.Arn! }));
    assert.ok((await dave.lex.send(new ListBotsCommand({}))).botSummaries);
    await rejectsWith(
      dave.iam.send(new ListRolesCommand({})),
      'AccessDenied',
      `User: ${dave.arn} is not authorized to perform: iam:ListRoles on resource: * because no permissions boundary policy allows the iam:ListRoles action`,
      403,
    );
    await rejectsWith(
      dave.iam.send(new ListUsersCommand({})),
      'AccessDenied',
      `User: ${dave.arn} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT}:user/ with an explicit deny in a permissions boundary: ${Policy!.Arn}`,
      403,
    );
    // A boundary grants nothing by itself: what no identity policy allows stays refused as such.
    await rejectsWith(
      dave.appIntegrations.send(new ListEventIntegrationsCommand({})),
      'AccessDeniedException',
      /because no identity-based policy allows the app-integrations:ListEventIntegrations action$/,
      403,
    );
    await env.root.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'dave' }));
    assert.ok((await dave.iam.send(new ListRolesCommand({}))).Roles);
  });

  it("a group's inline and attached policies apply to its members", async () => {
    const erin = await user('erin');
    await env.root.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await env.root.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'roles', PolicyDocument: policy(allow('iam:ListRoles')) }));
    await rejectsWith(erin.iam.send(new ListRolesCommand({})), 'AccessDenied', /because no identity-based policy allows the iam:ListRoles action$/, 403);
    await env.root.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'erin' }));
    assert.ok((await erin.iam.send(new ListRolesCommand({}))).Roles);
    // An AWS managed policy attached to the group.
    const { AttachGroupPolicyCommand } = await import('@aws-sdk/client-iam');
    await env.root.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: 'arn:aws:iam::aws:policy/AmazonLexReadOnly' }));
    assert.ok((await erin.lex.send(new ListBotsCommand({}))).botSummaries);
  });

  it("the seed's case: iam:CreateServiceLinkedRole only where iam:AWSServiceName is app-integrations.amazonaws.com", async () => {
    const frank = await user('frank');
    await env.root.send(
      new PutUserPolicyCommand({
        UserName: 'frank',
        PolicyName: 'slr',
        PolicyDocument: policy(
          allow('iam:CreateServiceLinkedRole', `arn:aws:iam::*:role/aws-service-role/*`, { StringEquals: { 'iam:AWSServiceName': 'app-integrations.amazonaws.com' } }),
        ),
      }),
    );
    const { Role } = await frank.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' }));
    assert.equal(Role?.RoleName, 'AWSServiceRoleForAppIntegrations');
    await rejectsWith(
      frank.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'lexv2.amazonaws.com' })),
      'AccessDenied',
      `User: ${frank.arn} is not authorized to perform: iam:CreateServiceLinkedRole on resource: arn:aws:iam::${ACCOUNT}:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots because no identity-based policy allows the iam:CreateServiceLinkedRole action`,
      403,
    );
    // Deleting is another permission (the reference documents no iam:AWSServiceName for it: a condition on it never matches).
    await rejectsWith(
      frank.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAppIntegrations' })),
      'AccessDenied',
      /iam:DeleteServiceLinkedRole on resource: arn:aws:iam::123456789012:role\/aws-service-role\/app-integrations.amazonaws.com\/AWSServiceRoleForAppIntegrations because no identity-based policy/,
      403,
    );
    await env.root.send(
      new PutUserPolicyCommand({
        UserName: 'frank',
        PolicyName: 'delete-lex-only',
        PolicyDocument: policy(allow('iam:DeleteServiceLinkedRole', '*', { StringEquals: { 'iam:AWSServiceName': 'lexv2.amazonaws.com' } })),
      }),
    );
    await rejectsWith(frank.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAppIntegrations' })), 'AccessDenied', /no identity-based policy allows/, 403);
    // The role was made once, by the permitted call.
    assert.equal((await env.root.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAppIntegrations' }))).Role?.RoleName, 'AWSServiceRoleForAppIntegrations');
  });

  it("AppIntegrations' first integration needs iam:CreateServiceLinkedRole from the caller", async () => {
    const gina = await user('gina');
    await env.root.send(new PutUserPolicyCommand({ UserName: 'gina', PolicyName: 'ai', PolicyDocument: policy(allow('app-integrations:*')) }));
    // The role exists already (the previous test made it) in this account; a new account-wide check
    // is the service's own: the call is allowed.
    const made = await gina.appIntegrations.send(
      new CreateEventIntegrationCommand({ Name: 'gina-events', EventBridgeBus: 'default', EventFilter: { Source: 'aws.partner/example.com' } }),
    );
    assert.ok(made.EventIntegrationArn);
  });

  it('condition keys: aws:username, aws:PrincipalTag, aws:RequestTag and aws:TagKeys, aws:RequestedRegion', async () => {
    const hank = await user('hank');
    await env.root.send(new TagUserCommand({ UserName: 'hank', Tags: [{ Key: 'team', Value: 'bots' }] }));
    await env.root.send(
      new PutUserPolicyCommand({
        UserName: 'hank',
        PolicyName: 'conditions',
        PolicyDocument: policy(
          allow('iam:GetUser', 'arn:aws:iam::*:user/${aws:username}'),
          allow('lex:ListBots', '*', { StringEquals: { 'aws:PrincipalTag/team': 'bots', 'aws:RequestedRegion': 'us-east-1' } }),
          allow(['iam:CreateRole', 'iam:TagRole'], '*', { StringEquals: { 'aws:RequestTag/team': 'bots' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }),
        ),
      }),
    );
    assert.equal((await hank.iam.send(new GetUserCommand({ UserName: 'hank' }))).User?.UserName, 'hank');
    await rejectsWith(hank.iam.send(new GetUserCommand({ UserName: 'alice' })), 'AccessDenied', /iam:GetUser on resource: arn:aws:iam::123456789012:user\/alice because/, 403);
    assert.ok((await hank.lex.send(new ListBotsCommand({}))).botSummaries);
    const west = env.client(LexModelsV2Client, { accessKeyId: hank.key.AccessKeyId!, secretAccessKey: hank.key.SecretAccessKey!, region: 'us-west-2' });
    await rejectsWith(west.send(new ListBotsCommand({})), 'AccessDeniedException', /lex:ListBots/, 403);
    const trust = trustPolicy();
    await hank.iam.send(new CreateRoleCommand({ RoleName: 'hank-role', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'team', Value: 'bots' }] }));
    await rejectsWith(
      hank.iam.send(new CreateRoleCommand({ RoleName: 'hank-role-2', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'team', Value: 'other' }] })),
      'AccessDenied',
      /iam:CreateRole/,
      403,
    );
    await rejectsWith(
      hank.iam.send(new TagRoleCommand({ RoleName: 'hank-role', Tags: [{ Key: 'team', Value: 'bots' }, { Key: 'cost', Value: 'x' }] })),
      'AccessDenied',
      /iam:TagRole/,
      403,
    );
    await rejectsWith(hank.iam.send(new CreateRoleCommand({ RoleName: 'hank-role-3', AssumeRolePolicyDocument: trust })), 'AccessDenied', /iam:CreateRole/, 403);
  });

  it('an Inactive key is refused with InvalidClientTokenId, and works again when Active', async () => {
    const ivan = await user('ivan');
    await env.root.send(new PutUserPolicyCommand({ UserName: 'ivan', PolicyName: 'roles', PolicyDocument: policy(allow('iam:ListRoles')) }));
    assert.ok((await ivan.iam.send(new ListRolesCommand({}))).Roles);
    await env.root.send(new UpdateAccessKeyCommand({ UserName: 'ivan', AccessKeyId: ivan.key.AccessKeyId!, Status: 'Inactive' }));
    await rejectsWith(ivan.iam.send(new ListRolesCommand({})), 'InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    await rejectsWith(ivan.lex.send(new ListBotsCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
    await env.root.send(new UpdateAccessKeyCommand({ UserName: 'ivan', AccessKeyId: ivan.key.AccessKeyId!, Status: 'Active' }));
    assert.ok((await ivan.iam.send(new ListRolesCommand({}))).Roles);
  });

  it("SimulatePrincipalPolicy for a user uses the policies the authorizer uses (its own, its groups', its boundary)", async () => {
    const { SimulatePrincipalPolicyCommand } = await import('@aws-sdk/client-iam');
    const kim = await user('kim');
    await env.root.send(new PutUserPolicyCommand({ UserName: 'kim', PolicyName: 'read', PolicyDocument: policy(allow(['iam:ListRoles', 'iam:ListUsers'])) }));
    await env.root.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'kim' }));
    const { Policy } = await env.root.send(new CreatePolicyCommand({ PolicyName: 'KimBoundary', PolicyDocument: policy(allow(['iam:ListRoles', 'lex:*'])) }));
    await env.root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'kim', PermissionsBoundary: Policy!.Arn! }));
    const { EvaluationResults } = await env.root.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: kim.arn, ActionNames: ['iam:ListRoles', 'iam:ListUsers', 'lex:ListBots', 'iam:DeleteRole'] }),
    );
    assert.deepEqual(
      EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision]),
      [['iam:ListRoles', 'allowed'], ['iam:ListUsers', 'implicitDeny'], ['lex:ListBots', 'allowed'], ['iam:DeleteRole', 'implicitDeny']],
    );
    // The same answers from the real calls.
    assert.ok((await kim.iam.send(new ListRolesCommand({}))).Roles);
    await rejectsWith(kim.iam.send(new ListUsersCommand({})), 'AccessDenied', /because no permissions boundary policy allows the iam:ListUsers action$/, 403);
    assert.ok((await kim.lex.send(new ListBotsCommand({}))).botSummaries);
  });

  it('every refusal is in the audit trail with the explanation', async () => {
    const judy = await user('judy');
    await rejectsWith(judy.iam.send(new ListRolesCommand({})), 'AccessDenied', /no identity-based policy/, 403);
    await env.server.app.audit.flush();
    const events = await env.server.app.audit.query({ accountId: ACCOUNT, principalArn: judy.arn, action: 'iam:ListRoles' });
    assert.equal(events.length, 1);
    assert.equal(events[0].decision, 'implicitDeny');
    assert.equal(events[0].user_name, 'judy');
  });
});
