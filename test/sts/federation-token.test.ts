// STS GetFederationToken through the SDK and the AWS CLI: long-term credentials only; the federated user's
// requests decided by the engine as the intersection of its IAM user's policies and the session policies
// passed (none: no permissions), its session tags as aws:PrincipalTag/*; no IAM and no STS but
// GetCallerIdentity; DurationSeconds for users and root.
import { CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient, ListRolesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { LexModelsV2Client, ListBotsCommand, DescribeBotCommand } from '@aws-sdk/client-lex-models-v2';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const allow = (actions: string[], condition?: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*', ...(condition ? { Condition: condition } : {}) }] });
const signedWith = (c: Credentials | undefined) => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });

describe('STS GetFederationToken', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient } });
  let fred: { sts: STSClient; keys: { accessKeyId: string; secretAccessKey: string } };

  before(async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'fred', Tags: [{ Key: 'team', Value: 'blue' }] }));
    // lex:ListBots only for principals tagged team=blue (the user is; a session tag may override it).
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'fred', PolicyName: 'p', PolicyDocument: allow(['lex:ListBots'], { StringEquals: { 'aws:PrincipalTag/team': 'blue' } }) }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'fred', PolicyName: 'federate', PolicyDocument: allow(['sts:GetFederationToken']) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'fred' }));
    const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    fred = { sts: env.client(STSClient, keys), keys };
  });

  const federate = async (input: Partial<ConstructorParameters<typeof GetFederationTokenCommand>[0]> = {}) => {
    const out = await fred.sts.send(new GetFederationTokenCommand({ Name: 'fed-fred', ...input }));
    return { out, lex: env.client(LexModelsV2Client, signedWith(out.Credentials)), sts: env.client(STSClient, signedWith(out.Credentials)), iam: env.client(IAMClient, signedWith(out.Credentials)) };
  };

  it('makes a federated user whose permissions are its user\'s and its session policy\'s intersection', async () => {
    const started = Date.now();
    const { out, lex, sts } = await federate({ Policy: allow(['lex:*']) });
    assert.equal(out.FederatedUser?.Arn, `arn:aws:sts::${ACCOUNT}:federated-user/fed-fred`);
    assert.equal(out.FederatedUser?.FederatedUserId, `${ACCOUNT}:fed-fred`);
    assert.ok(out.PackedPolicySize! >= 1);
    const lifetime = out.Credentials!.Expiration!.getTime() - started;
    assert.ok(lifetime > 43100_000 && lifetime <= 43201_000, `12 hours by default, not ${lifetime}`);
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.deepEqual([identity.Arn, identity.UserId, identity.Account], [`arn:aws:sts::${ACCOUNT}:federated-user/fed-fred`, `${ACCOUNT}:fed-fred`, ACCOUNT]);
    assert.ok(await lex.send(new ListBotsCommand({})));
    // The session policy allows lex:*, the user's policies do not allow DescribeBot.
    await rejectsWith(lex.send(new DescribeBotCommand({ botId: 'ABCDEFGHIJ' })), 'AccessDeniedException', /federated-user\/fed-fred is not authorized to perform: lex:DescribeBot .* because no identity-based policy allows/, 403);
  });

  // Each row: the session policies passed, and whether lex:ListBots is then allowed (and if not, the refusal).
  const rows: [string, () => Promise<Partial<ConstructorParameters<typeof GetFederationTokenCommand>[0]>>, RegExp | undefined][] = [
    ['no session policy: no permissions', async () => ({}), /because no session policy allows the lex:ListBots action/],
    ['a session policy that allows another action', async () => ({ Policy: allow(['lex:DescribeBot']) }), /because no session policy allows the lex:ListBots action/],
    ['a session policy that allows it', async () => ({ Policy: allow(['lex:ListBots']) }), undefined],
    ['a managed session policy that allows it', async () => {
      const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: `list-bots-${Math.random().toString(36).slice(2)}`, PolicyDocument: allow(['lex:ListBots']) }));
      return { PolicyArns: [{ arn: Policy!.Arn! }] };
    }, undefined],
    ['a session policy that allows it and one that denies it', async () => ({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lex:*', Resource: '*' }, { Effect: 'Deny', Action: 'lex:ListBots', Resource: '*' }] }) }), /with an explicit deny in a session policy/],
    ['a session tag overriding the user\'s tag', async () => ({ Policy: allow(['lex:ListBots']), Tags: [{ Key: 'team', Value: 'red' }] }), /because no identity-based policy allows the lex:ListBots action/],
    ['a session tag equal to the user\'s', async () => ({ Policy: allow(['lex:ListBots']), Tags: [{ Key: 'team', Value: 'blue' }] }), undefined],
  ];
  for (const [what, input, refusal] of rows) {
    it(`decides the federated user's request with ${what}`, async () => {
      const { lex } = await federate(await input());
      if (refusal) await rejectsWith(lex.send(new ListBotsCommand({})), 'AccessDeniedException', refusal, 403);
      else assert.ok(await lex.send(new ListBotsCommand({})));
    });
  }

  it('lets a federated user call no IAM operation and no STS operation but GetCallerIdentity', async () => {
    const { sts, iam } = await federate({ Policy: allow(['*']) });
    await rejectsWith(iam.send(new ListRolesCommand({})), 'AccessDenied', /is not authorized to perform: iam:ListRoles/, 403);
    await rejectsWith(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Any`, RoleSessionName: 'session' })), 'AccessDenied', /sts:AssumeRole/, 403);
    await rejectsWith(sts.send(new GetFederationTokenCommand({ Name: 'again' })), 'AccessDenied', 'Cannot call GetFederationToken with session credentials', 403);
    await rejectsWith(sts.send(new GetSessionTokenCommand({})), 'AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
  });

  it('refuses session credentials, callers without the permission, and bad input, making nothing', async () => {
    const session = await fred.sts.send(new GetSessionTokenCommand({}));
    await rejectsWith(env.client(STSClient, signedWith(session.Credentials)).send(new GetFederationTokenCommand({ Name: 'x-user' })), 'AccessDenied', 'Cannot call GetFederationToken with session credentials', 403);
    await env.iam.send(new CreateUserCommand({ UserName: 'gina' }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'gina' }));
    const gina = env.client(STSClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await rejectsWith(gina.send(new GetFederationTokenCommand({ Name: 'fed-gina' })), 'AccessDenied', `User: arn:aws:iam::${ACCOUNT}:user/gina is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::${ACCOUNT}:federated-user/fed-gina because no identity-based policy allows the sts:GetFederationToken action`, 403);
    await rejectsWith(fred.sts.send(new GetFederationTokenCommand({ Name: 'x' })), 'ValidationError', /name/i, 400);
    await rejectsWith(fred.sts.send(new GetFederationTokenCommand({ Name: 'fed', DurationSeconds: 899 })), 'ValidationError', /durationSeconds/i, 400);
    await rejectsWith(fred.sts.send(new GetFederationTokenCommand({ Name: 'fed', Policy: '{"Statement":[{"Effect":"Allow"}]}' })), 'MalformedPolicyDocument', /./, 400);
    await rejectsWith(fred.sts.send(new GetFederationTokenCommand({ Name: 'fed', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), 'InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400);
    await rejectsWith(fred.sts.send(new GetFederationTokenCommand({ Name: 'fed', PolicyArns: [{ arn: `arn:aws:iam::${ACCOUNT}:policy/NoSuchPolicy` }] })), 'InvalidParameterValue', /does not exist/, 400);
  });

  it('gives the root at most one hour, a user up to 36 hours', async () => {
    const root = await env.sts.send(new GetFederationTokenCommand({ Name: 'fed-root', DurationSeconds: 7200, Policy: allow(['lex:ListBots']) }));
    assert.ok(root.Credentials!.Expiration!.getTime() - Date.now() <= 3600_000);
    assert.ok(await env.client(LexModelsV2Client, signedWith(root.Credentials)).send(new ListBotsCommand({})));
    const long = await fred.sts.send(new GetFederationTokenCommand({ Name: 'fed-long', DurationSeconds: 129600 }));
    assert.ok(long.Credentials!.Expiration!.getTime() - Date.now() > 129000_000);
  });

  it('serves the AWS CLI', async () => {
    const out = await awsCliJson(env.server.url, ['sts', 'get-federation-token', '--name', 'cli-fed', '--policy', allow(['lex:ListBots'])], { AWS_ACCESS_KEY_ID: fred.keys.accessKeyId, AWS_SECRET_ACCESS_KEY: fred.keys.secretAccessKey });
    assert.equal(out.FederatedUser.Arn, `arn:aws:sts::${ACCOUNT}:federated-user/cli-fed`);
  });
});
