// IAM delegation requests and STS GetDelegatedAccessToken through the AWS SDK and the AWS CLI: a partner creates a
// request, an identity of the owner account associates, updates and accepts it, sends the token, and the partner
// exchanges the token for credentials of the approving role session limited by the request's permission policy;
// each wrong step is refused and changes nothing.
import {
  AcceptDelegationRequestCommand,
  AssociateDelegationRequestCommand,
  CreateAccessKeyCommand,
  CreateDelegationRequestCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetDelegationRequestCommand,
  IAMClient,
  ListDelegationRequestsCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RejectDelegationRequestCommand,
  SendDelegationTokenCommand,
  UpdateDelegationRequestCommand,
} from '@aws-sdk/client-iam';
import { LexModelsV2Client, ListBotsCommand, ListExportsCommand } from '@aws-sdk/client-lex-models-v2';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetDelegatedAccessTokenCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DelegationRequests } from '../../src/services/iam/delegation.js';
import { awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { linkedrole } from '../support/cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const CHANNEL = `arn:aws:sns:us-east-1:${ACCOUNT}:partner-topic`;
const allow = (action: string | string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('IAM delegation requests', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient } });
  let template: string;
  let approver: IAMClient;
  let approverArn: string;
  let workflow = 0;

  const create = async (extra: { OwnerAccountId?: string; OnlySendByOwner?: boolean } = {}) =>
    (
      await env.iam.send(
        new CreateDelegationRequestCommand({
          Description: 'Partner monitoring access',
          Permissions: { PolicyTemplateArn: template, Parameters: [{ Name: 'bucket', Type: 'string', Values: ['logs'] }] },
          RequestorWorkflowId: `workflow-${++workflow}`,
          NotificationChannel: CHANNEL,
          SessionDuration: 900,
          RequestMessage: 'please',
          ...extra,
        }),
      )
    ).DelegationRequestId!;
  const get = async (client: IAMClient, id: string) => (await client.send(new GetDelegationRequestCommand({ DelegationRequestId: id }))).DelegationRequest!;

  before(async () => {
    template = (await env.iam.send(new CreatePolicyCommand({ PolicyName: 'PartnerTemplate', PolicyDocument: allow(['iam:ListRoles', 'sts:GetCallerIdentity']) }))).Policy!.Arn!;
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    await env.iam.send(new CreateRoleCommand({ RoleName: 'Approver', AssumeRolePolicyDocument: trust }));
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'Approver', PolicyName: 'admin', PolicyDocument: allow('*') }));
    const { Credentials, AssumedRoleUser } = await env.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Approver`, RoleSessionName: 'alice' }));
    approverArn = AssumedRoleUser!.Arn!;
    approver = env.client(IAMClient, { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! }) as IAMClient;
  });

  it('the whole lifecycle: create, associate, update, accept, send the token, exchange it for scoped credentials', async () => {
    const id = await create({ OwnerAccountId: ACCOUNT, OnlySendByOwner: true });
    assert.match(id, /^[\w-]{16,128}$/);
    const created = await get(env.iam, id);
    assert.equal(created.State, 'UNASSIGNED');
    assert.equal(created.RequestorId, ACCOUNT);
    assert.equal(created.OwnerAccountId, ACCOUNT);
    assert.equal(created.OwnerId, undefined);
    assert.equal(created.SessionDuration, 900);
    assert.deepEqual(JSON.parse(created.PermissionPolicy!).Statement[0].Action, ['iam:ListRoles', 'sts:GetCallerIdentity']);
    assert.deepEqual(created.Permissions?.Parameters, [{ Name: 'bucket', Type: 'string', Values: ['logs'] }]);
    assert.ok(created.ExpirationTime!.getTime() - created.CreateDate!.getTime() === 7 * 24 * 3600 * 1000);
    // Without an owner, a request is not listed.
    assert.ok(!(await env.iam.send(new ListDelegationRequestsCommand({}))).DelegationRequests?.some((r) => r.DelegationRequestId === id));
    // Before it is associated, nobody may update, accept, reject it or send its token.
    await rejectsWith(approver.send(new AcceptDelegationRequestCommand({ DelegationRequestId: id })), 'NoSuchEntity', `Delegation request ${id} cannot be found.`, 404);
    await rejectsWith(approver.send(new SendDelegationTokenCommand({ DelegationRequestId: id })), 'NoSuchEntity', `Delegation request ${id} cannot be found.`, 404);

    await approver.send(new AssociateDelegationRequestCommand({ DelegationRequestId: id }));
    const assigned = await get(approver, id);
    assert.equal(assigned.State, 'ASSIGNED');
    assert.equal(assigned.OwnerId, approverArn);
    await rejectsWith(env.iam.send(new AssociateDelegationRequestCommand({ DelegationRequestId: id })), 'InvalidInput', `Delegation request ${id} is ASSIGNED: AssociateDelegationRequest is not allowed in that state.`, 400);
    const listed = await approver.send(new ListDelegationRequestsCommand({ OwnerId: approverArn }));
    assert.deepEqual(listed.DelegationRequests?.map((r) => r.DelegationRequestId), [id]);
    assert.deepEqual((await approver.send(new ListDelegationRequestsCommand({ OwnerId: `arn:aws:iam::${ACCOUNT}:user/nobody` }))).DelegationRequests, []);

    await rejectsWith(approver.send(new SendDelegationTokenCommand({ DelegationRequestId: id })), 'InvalidInput', `Delegation request ${id} is ASSIGNED: SendDelegationToken is not allowed in that state.`, 400);
    await approver.send(new UpdateDelegationRequestCommand({ DelegationRequestId: id, Notes: 'checked with security' }));
    const pending = await get(approver, id);
    assert.equal(pending.State, 'PENDING_APPROVAL');
    assert.equal(pending.Notes, 'checked with security');

    // The approver's role allows everything: its permissions cover the request's.
    const checked = await approver.send(new GetDelegationRequestCommand({ DelegationRequestId: id, DelegationPermissionCheck: true }));
    assert.deepEqual([checked.PermissionCheckStatus, checked.PermissionCheckResult], ['COMPLETE', 'ALLOWED']);
    await approver.send(new AcceptDelegationRequestCommand({ DelegationRequestId: id }));
    const accepted = await get(approver, id);
    assert.equal(accepted.State, 'ACCEPTED');
    assert.equal(accepted.ApproverId, approverArn);
    // OnlySendByOwner: root (not the owner) may not send the token.
    await rejectsWith(env.iam.send(new SendDelegationTokenCommand({ DelegationRequestId: id })), 'InvalidInput', `Only the owner of delegation request ${id} (${approverArn}) may send its token.`, 400);
    await approver.send(new SendDelegationTokenCommand({ DelegationRequestId: id }));
    const finalized = await get(approver, id);
    assert.equal(finalized.State, 'FINALIZED');
    await rejectsWith(approver.send(new RejectDelegationRequestCommand({ DelegationRequestId: id })), 'InvalidInput', `Delegation request ${id} is FINALIZED: RejectDelegationRequest is not allowed in that state.`, 400);

    // The token went to the partner's notification channel.
    const notes = await new DelegationRequests(env.server.app.store, env.server.app.iam.policies).notifications(CHANNEL);
    const message = notes.find((n) => n.delegationRequestId === id)!.message;
    assert.equal(message.State, 'FINALIZED');
    assert.equal(message.RequestorWorkflowId, `workflow-${workflow}`);

    const exchanged = await env.sts.send(new GetDelegatedAccessTokenCommand({ TradeInToken: message.TradeInToken }));
    assert.equal(exchanged.AssumedPrincipal, `arn:aws:sts::${ACCOUNT}:assumed-role/Approver/delegation-${id}`.slice(0, `arn:aws:sts::${ACCOUNT}:assumed-role/Approver/`.length + 64));
    assert.ok(exchanged.PackedPolicySize! > 0);
    assert.ok(Math.abs(exchanged.Credentials!.Expiration!.getTime() - finalized.UpdatedTime!.getTime() - 900 * 1000) < 2000);
    const creds = { accessKeyId: exchanged.Credentials!.AccessKeyId!, secretAccessKey: exchanged.Credentials!.SecretAccessKey!, sessionToken: exchanged.Credentials!.SessionToken! };
    const delegated = env.client(IAMClient, creds) as IAMClient;
    assert.equal((await (env.client(STSClient, creds) as STSClient).send(new GetCallerIdentityCommand({}))).Arn, exchanged.AssumedPrincipal);
    // The role allows everything; the request's permission policy allows only iam:ListRoles.
    assert.ok((await delegated.send(new ListRolesCommand({}))).Roles!.some((r) => r.RoleName === 'Approver'));
    await assert.rejects(delegated.send(new ListUsersCommand({})), (e: Error) => e.name === 'AccessDenied' || e.name === 'AccessDeniedException');
    // A token is exchanged once.
    await rejectsWith(
      env.sts.send(new GetDelegatedAccessTokenCommand({ TradeInToken: message.TradeInToken })),
      'ExpiredTradeInTokenException',
      'The trade-in token provided in the request has expired and can no longer be exchanged for credentials. Request a new token and retry the operation.',
      400,
    );
    await rejectsWith(env.sts.send(new GetDelegatedAccessTokenCommand({ TradeInToken: 'dt-not-a-token' })), 'InvalidParameterValue', 'The trade-in token is not valid.', 400);
  });

  it('reject: with a reason, from ASSIGNED, PENDING_APPROVAL or ACCEPTED; a rejected request is never accepted', async () => {
    for (const steps of [[], ['update'], ['accept']] as string[][]) {
      const id = await create();
      await approver.send(new AssociateDelegationRequestCommand({ DelegationRequestId: id }));
      if (steps.includes('update')) await approver.send(new UpdateDelegationRequestCommand({ DelegationRequestId: id, Notes: 'n' }));
      if (steps.includes('accept')) await approver.send(new AcceptDelegationRequestCommand({ DelegationRequestId: id }));
      await approver.send(new RejectDelegationRequestCommand({ DelegationRequestId: id, Notes: 'not needed' }));
      const rejected = await get(approver, id);
      assert.equal(rejected.State, 'REJECTED', steps.join());
      assert.equal(rejected.RejectionReason, 'not needed');
      await rejectsWith(
        approver.send(new AcceptDelegationRequestCommand({ DelegationRequestId: id })),
        'ValidationError',
        `Delegation request ${id} is REJECTED: AcceptDelegationRequest is not allowed in that state.`,
        400,
      );
      await rejectsWith(approver.send(new UpdateDelegationRequestCommand({ DelegationRequestId: id })), 'InvalidInput', `Delegation request ${id} is REJECTED: UpdateDelegationRequest is not allowed in that state.`, 400);
      assert.equal((await get(approver, id)).State, 'REJECTED');
    }
  });

  it('an approver that is an IAM user or root: federated user credentials, within both its policies and the permission policy', async () => {
    const lexTemplate = (await env.iam.send(new CreatePolicyCommand({ PolicyName: 'LexTemplate', PolicyDocument: allow(['lex:ListBots', 'sts:GetCallerIdentity']) }))).Policy!.Arn!;
    await env.iam.send(new CreateUserCommand({ UserName: 'owner' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'owner', PolicyName: 'p', PolicyDocument: allow(['iam:*DelegationRequest*', 'iam:SendDelegationToken', 'lex:*', 'sts:GetCallerIdentity']) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'owner' }));
    const owner = env.client(IAMClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }) as IAMClient;
    const notifications = () => new DelegationRequests(env.server.app.store, env.server.app.iam.policies).notifications(CHANNEL);
    for (const [who, client, arn] of [['user', owner, `arn:aws:iam::${ACCOUNT}:user/owner`], ['root', env.iam, `arn:aws:iam::${ACCOUNT}:root`]] as const) {
      const { DelegationRequestId: id } = await env.iam.send(
        new CreateDelegationRequestCommand({ Description: 'd', Permissions: { PolicyTemplateArn: lexTemplate }, RequestorWorkflowId: `federated-${who}`, NotificationChannel: CHANNEL, SessionDuration: 900 }),
      );
      await client.send(new AssociateDelegationRequestCommand({ DelegationRequestId: id }));
      await client.send(new AcceptDelegationRequestCommand({ DelegationRequestId: id }));
      assert.equal((await get(client, id!)).ApproverId, arn);
      await client.send(new SendDelegationTokenCommand({ DelegationRequestId: id }));
      const token = (await notifications()).find((n) => n.delegationRequestId === id)!.message.TradeInToken;
      const exchanged = await env.sts.send(new GetDelegatedAccessTokenCommand({ TradeInToken: token }));
      assert.equal(exchanged.AssumedPrincipal, `arn:aws:sts::${ACCOUNT}:federated-user/${`delegation-${id}`.slice(0, 32)}`, who);
      const creds = { accessKeyId: exchanged.Credentials!.AccessKeyId!, secretAccessKey: exchanged.Credentials!.SecretAccessKey!, sessionToken: exchanged.Credentials!.SessionToken! };
      assert.equal((await (env.client(STSClient, creds) as STSClient).send(new GetCallerIdentityCommand({}))).Arn, exchanged.AssumedPrincipal);
      const lex = env.client(LexModelsV2Client, creds) as LexModelsV2Client;
      assert.ok(Array.isArray((await lex.send(new ListBotsCommand({}))).botSummaries), who);
      // The approver may list exports; the permission policy does not allow it.
      await assert.rejects(lex.send(new ListExportsCommand({})), (e: Error) => e.name === 'AccessDeniedException', who);
    }
  });

  it('ListDelegationRequests pages the owned requests by id', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await create();
      await approver.send(new AssociateDelegationRequestCommand({ DelegationRequestId: id }));
      ids.push(id);
    }
    const seen: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await approver.send(new ListDelegationRequestsCommand({ OwnerId: approverArn, MaxItems: 2, Marker }));
      assert.ok(page.DelegationRequests!.length <= 2);
      seen.push(...page.DelegationRequests!.map((r) => r.DelegationRequestId!));
      Marker = page.isTruncated ? page.Marker : undefined;
    } while (Marker);
    assert.deepEqual(seen, [...seen].sort());
    for (const id of ids) assert.ok(seen.includes(id));
  });

  it('errors: unknown request, duplicate workflow id, unknown template, another owner account', async () => {
    await rejectsWith(env.iam.send(new GetDelegationRequestCommand({ DelegationRequestId: 'dr-00000000000000000000' })), 'NoSuchEntity', 'Delegation request dr-00000000000000000000 cannot be found.', 404);
    const id = await create();
    await rejectsWith(
      env.iam.send(new CreateDelegationRequestCommand({ Description: 'd', Permissions: { PolicyTemplateArn: template }, RequestorWorkflowId: `workflow-${workflow}`, NotificationChannel: CHANNEL, SessionDuration: 900 })),
      'EntityAlreadyExists',
      `A delegation request with the requestor workflow ID workflow-${workflow} already exists.`,
      409,
    );
    const missing = `arn:aws:iam::${ACCOUNT}:policy/NoSuchTemplate`;
    await rejectsWith(
      env.iam.send(new CreateDelegationRequestCommand({ Description: 'd', Permissions: { PolicyTemplateArn: missing }, RequestorWorkflowId: 'workflow-missing', NotificationChannel: CHANNEL, SessionDuration: 900 })),
      'InvalidInput',
      `The policy template ${missing} does not exist.`,
      400,
    );
    await assert.rejects(
      env.iam.send(new CreateDelegationRequestCommand({ Description: 'd', Permissions: { PolicyTemplateArn: template }, RequestorWorkflowId: 'workflow-short', NotificationChannel: CHANNEL, SessionDuration: 60 })),
      { name: 'ValidationError' },
    );
    // A request for another account cannot be associated from this one, nor seen.
    const theirs = await create({ OwnerAccountId: '999999999999' });
    await rejectsWith(approver.send(new AssociateDelegationRequestCommand({ DelegationRequestId: theirs })), 'NoSuchEntity', `Delegation request ${theirs} cannot be found.`, 404);
    assert.equal((await get(env.iam, theirs)).State, 'UNASSIGNED');
    assert.equal((await get(env.iam, id)).State, 'UNASSIGNED');
  });

  it('the AWS CLI: create, get, associate, accept, send, exchange the token; errors', async () => {
    const url = env.server.url;
    const created = await awsCliJson(url, [
      'iam', 'create-delegation-request', '--description', 'cli', '--permissions', `PolicyTemplateArn=${template}`, '--requestor-workflow-id', 'cli-workflow',
      '--notification-channel', CHANNEL, '--session-duration', '900',
    ]);
    const id = created.DelegationRequestId as string;
    assert.equal((await awsCliJson(url, ['iam', 'get-delegation-request', '--delegation-request-id', id])).DelegationRequest.State, 'UNASSIGNED');
    await awsCliJson(url, ['iam', 'associate-delegation-request', '--delegation-request-id', id]);
    assert.equal((await awsCliJson(url, ['iam', 'get-delegation-request', '--delegation-request-id', id])).DelegationRequest.OwnerId, `arn:aws:iam::${ACCOUNT}:root`);
    assert.match(await awsCliFails(url, ['iam', 'get-delegation-request', '--delegation-request-id', 'dr-000000000000000000000']), /\(NoSuchEntity\).*Delegation request dr-000000000000000000000 cannot be found\./);
    await awsCliJson(url, ['iam', 'accept-delegation-request', '--delegation-request-id', id]);
    await awsCliJson(url, ['iam', 'send-delegation-token', '--delegation-request-id', id]);
    // The partner reads its channel's messages with linkedrole (AWS would publish them to the SNS topic).
    const printed = await linkedrole(['delegation-notifications', '--channel', CHANNEL, ...env.server.storeFlags]);
    assert.equal(printed.code, 0, printed.stderr);
    const token = (JSON.parse(printed.stdout) as { DelegationRequestId: string; Message: { TradeInToken: string } }[]).find((n) => n.DelegationRequestId === id)!.Message.TradeInToken;
    const exchanged = await awsCliJson(url, ['sts', 'get-delegated-access-token', '--trade-in-token', token]);
    assert.equal(exchanged.AssumedPrincipal, `arn:aws:sts::${ACCOUNT}:federated-user/${`delegation-${id}`.slice(0, 32)}`);
    assert.match(exchanged.Credentials.AccessKeyId, /^ASIA/);
    assert.match(await awsCliFails(url, ['sts', 'get-delegated-access-token', '--trade-in-token', token]), /\(ExpiredTradeInTokenException\)/);
  });
});

describe('IAM delegation requests: time', () => {
  let offset = 0;
  const env = useTestServer({ app: { clock: () => new Date(Date.now() + offset) } });
  /** A client whose clock is the server's (SigV4 refuses 15 minutes of skew); the SDK resets its offset from each answer's Date header. */
  function client<C extends IAMClient | STSClient>(Client: new (config: object) => C, credentials?: object): { send: (command: object) => Promise<any> } {
    const made = new Client({ ...env.server.clientConfig(), ...(credentials ? { credentials } : {}) });
    after(() => made.destroy());
    const sender = made as unknown as { send(command: never): Promise<any> };
    return { send: (command) => ((made.config.systemClockOffset = offset), sender.send(command as never)) };
  }

  it('an open request expires after 7 days; a token after its session window', async () => {
    const iam = client(IAMClient);
    const sts = client(STSClient);
    const template = (await iam.send(new CreatePolicyCommand({ PolicyName: 'T', PolicyDocument: allow('iam:ListRoles') }))).Policy.Arn;
    const request = (workflow: string) => iam.send(new CreateDelegationRequestCommand({ Description: 'd', Permissions: { PolicyTemplateArn: template }, RequestorWorkflowId: workflow, NotificationChannel: CHANNEL, SessionDuration: 300 }));
    const stale = (await request('workflow-stale')).DelegationRequestId;

    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'Approver', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Approver', PolicyName: 'admin', PolicyDocument: allow('*') }));
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Approver`, RoleSessionName: 'bob' }));
    const approver = client(IAMClient, { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken });
    const id = (await request('workflow-timed')).DelegationRequestId;
    await approver.send(new AssociateDelegationRequestCommand({ DelegationRequestId: id }));
    await approver.send(new AcceptDelegationRequestCommand({ DelegationRequestId: id }));
    await approver.send(new SendDelegationTokenCommand({ DelegationRequestId: id }));
    const token = (await new DelegationRequests(env.server.app.store, env.server.app.iam.policies).notifications(CHANNEL)).find((n) => n.delegationRequestId === id)!.message.TradeInToken;

    // 301 seconds on, the session window (300 s) has ended: the token is no longer exchanged.
    offset += 301_000;
    await rejectsWith(
      sts.send(new GetDelegatedAccessTokenCommand({ TradeInToken: token })),
      'ExpiredTradeInTokenException',
      'The trade-in token provided in the request has expired and can no longer be exchanged for credentials. Request a new token and retry the operation.',
      400,
    );
    // FINALIZED is final (AWS: it "cannot be rolled back"): it does not turn EXPIRED.
    assert.equal((await iam.send(new GetDelegationRequestCommand({ DelegationRequestId: id }))).DelegationRequest.State, 'FINALIZED');

    assert.equal((await iam.send(new GetDelegationRequestCommand({ DelegationRequestId: stale }))).DelegationRequest.State, 'UNASSIGNED');
    offset += 7 * 24 * 3600_000;
    assert.equal((await iam.send(new GetDelegationRequestCommand({ DelegationRequestId: stale }))).DelegationRequest.State, 'EXPIRED');
    await rejectsWith(iam.send(new AssociateDelegationRequestCommand({ DelegationRequestId: stale })), 'InvalidInput', `Delegation request ${stale} is EXPIRED: AssociateDelegationRequest is not allowed in that state.`, 400);
  });
});

describe('IAM delegation requests: the permission check', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it("ALLOWED, DENIED or UNSURE by the caller's own policies, for a user", async () => {
    const policy = async (name: string, statement: object) =>
      (await env.iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) }))).Policy!.Arn!;
    const plain = await policy('Plain', { Effect: 'Allow', Action: ['iam:ListRoles', 'iam:GetRole'], Resource: '*' });
    const wildcard = await policy('Wild', { Effect: 'Allow', Action: 'iam:List*', Resource: '*' });
    const conditional = await policy('Cond', { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } });
    await env.iam.send(new CreateUserCommand({ UserName: 'checker' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'checker', PolicyName: 'p', PolicyDocument: allow(['iam:ListRoles', 'iam:GetDelegationRequest']) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'checker' }));
    const user = env.client(IAMClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }) as IAMClient;
    const cases: [string, string, string][] = [
      [plain, 'DENIED', 'iam:GetRole is not allowed to the user'],
      [wildcard, 'UNSURE', 'a wildcard action cannot be enumerated'],
      [conditional, 'UNSURE', 'the request asks with a condition'],
    ];
    for (const [i, [template, result, why]] of cases.entries()) {
      const { DelegationRequestId } = await env.iam.send(
        new CreateDelegationRequestCommand({ Description: 'd', Permissions: { PolicyTemplateArn: template }, RequestorWorkflowId: `check-${i}`, NotificationChannel: CHANNEL, SessionDuration: 900 }),
      );
      const checked = await user.send(new GetDelegationRequestCommand({ DelegationRequestId, DelegationPermissionCheck: true }));
      assert.deepEqual([checked.PermissionCheckStatus, checked.PermissionCheckResult], ['COMPLETE', result], why);
      const root = await env.iam.send(new GetDelegationRequestCommand({ DelegationRequestId, DelegationPermissionCheck: true }));
      assert.deepEqual([root.PermissionCheckStatus, root.PermissionCheckResult], ['COMPLETE', 'ALLOWED'], 'the root user has every permission');
      const unchecked = await user.send(new GetDelegationRequestCommand({ DelegationRequestId }));
      assert.equal(unchecked.PermissionCheckStatus, undefined);
    }
  });
});
