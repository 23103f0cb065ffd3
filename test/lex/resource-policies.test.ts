// Lex V2 resource-based policies on bots and bot aliases through @aws-sdk/client-lex-models-v2: the
// documents and their revisions, statements, AWS's validation; and what they decide: a caller of another
// account (its root, or its user with its own identity policy) reaches a bot or alias only through the
// policy, and a Deny in it refuses even the owner's users.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateResourcePolicyCommand,
  CreateResourcePolicyStatementCommand,
  DeleteResourcePolicyCommand,
  DeleteResourcePolicyStatementCommand,
  DescribeBotCommand,
  DescribeResourcePolicyCommand,
  LexModelsV2Client,
  ListIntentsCommand,
  UpdateBotAliasCommand,
  UpdateResourcePolicyCommand,
} from '@aws-sdk/client-lex-models-v2';
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { serveFailure, startServeProcess } from '../support/serve-process.js';
import { ACCOUNT, createReadyBot, REGION, rejectsWith, useLexEnv } from './support.js';

const OTHER = '210987654321';
const OTHER_KEYS = { accessKeyId: 'OTHERROOTKEY', secretAccessKey: 'other-secret' };
const document = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const botArnOf = (botId: string) => `arn:aws:lex:${REGION}:${ACCOUNT}:bot/${botId}`;
const aliasArnOf = (botId: string) => `arn:aws:lex:${REGION}:${ACCOUNT}:bot-alias/${botId}/TSTALIASID`;
const allowAll = document([{ Effect: 'Allow', Action: '*', Resource: '*' }]);

describe('Lex V2 resource policies', () => {
  const env = useLexEnv({ otherAccounts: [{ accountId: OTHER, ...OTHER_KEYS }] });

  it('keeps a document per bot or alias with a revision, checked by expectedRevisionId, and statements by id', async () => {
    const { botId } = await createReadyBot(env.models, 'PolicyBot');
    const arn = botArnOf(botId!);
    const allowDescribe = { Sid: 'Describe', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'lex:DescribeBot', Resource: arn };
    await rejectsWith(env.models.send(new DescribeResourcePolicyCommand({ resourceArn: arn })), 'ResourceNotFoundException', 404);
    const created = await env.models.send(new CreateResourcePolicyCommand({ resourceArn: arn, policy: document([allowDescribe]) }));
    assert.deepEqual([created.resourceArn, created.revisionId], [arn, '1']);
    await rejectsWith(env.models.send(new CreateResourcePolicyCommand({ resourceArn: arn, policy: document([allowDescribe]) })), 'PreconditionFailedException', 412, /already has a policy/);
    assert.deepEqual(JSON.parse((await env.models.send(new DescribeResourcePolicyCommand({ resourceArn: arn }))).policy!).Statement, [allowDescribe]);
    await rejectsWith(env.models.send(new UpdateResourcePolicyCommand({ resourceArn: arn, policy: document([allowDescribe]), expectedRevisionId: '7' })), 'PreconditionFailedException', 412, /revision/);
    assert.equal((await env.models.send(new UpdateResourcePolicyCommand({ resourceArn: arn, policy: document([allowDescribe]), expectedRevisionId: '1' }))).revisionId, '2');
    const statement = await env.models.send(
      new CreateResourcePolicyStatementCommand({
        resourceArn: arn,
        statementId: 'ListIntents',
        effect: 'Allow',
        principal: [{ arn: `arn:aws:iam::${OTHER}:root` }],
        action: ['lex:ListIntents', 'lex:DescribeIntent'],
        condition: { StringEquals: { 'aws:RequestedRegion': REGION } },
      }),
    );
    assert.equal(statement.revisionId, '3');
    const described = await env.models.send(new DescribeResourcePolicyCommand({ resourceArn: arn }));
    assert.equal(described.revisionId, '3');
    assert.deepEqual(JSON.parse(described.policy!).Statement[1], {
      Sid: 'ListIntents',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
      Action: ['lex:ListIntents', 'lex:DescribeIntent'],
      Resource: arn,
      Condition: { StringEquals: { 'aws:RequestedRegion': REGION } },
    });
    await rejectsWith(
      env.models.send(new CreateResourcePolicyStatementCommand({ resourceArn: arn, statementId: 'ListIntents', effect: 'Allow', principal: [{ arn: `arn:aws:iam::${OTHER}:root` }], action: ['lex:ListIntents'] })),
      'ConflictException',
      409,
      /ListIntents/,
    );
    await rejectsWith(env.models.send(new DeleteResourcePolicyStatementCommand({ resourceArn: arn, statementId: 'Nope' })), 'ResourceNotFoundException', 404);
    // The deletes answer 204 (no body, as their model says), so the revision is read back.
    assert.equal((await env.models.send(new DeleteResourcePolicyStatementCommand({ resourceArn: arn, statementId: 'ListIntents', expectedRevisionId: '3' }))).$metadata.httpStatusCode, 204);
    const left = await env.models.send(new DescribeResourcePolicyCommand({ resourceArn: arn }));
    assert.deepEqual([left.revisionId, JSON.parse(left.policy!).Statement.map((s: { Sid: string }) => s.Sid)], ['4', ['Describe']]);
    await rejectsWith(env.models.send(new DeleteResourcePolicyCommand({ resourceArn: arn, expectedRevisionId: '3' })), 'PreconditionFailedException', 412);
    await env.models.send(new DeleteResourcePolicyCommand({ resourceArn: arn, expectedRevisionId: '4' }));
    await rejectsWith(env.models.send(new DescribeResourcePolicyCommand({ resourceArn: arn })), 'ResourceNotFoundException', 404);
    // A statement on a resource without a policy creates it; removing its last statement removes it.
    await env.models.send(new CreateResourcePolicyStatementCommand({ resourceArn: aliasArnOf(botId!), statementId: 'Talk', effect: 'Allow', principal: [{ service: 'connect.amazonaws.com' }], action: ['lex:RecognizeText'] }));
    assert.equal(JSON.parse((await env.models.send(new DescribeResourcePolicyCommand({ resourceArn: aliasArnOf(botId!) }))).policy!).Statement[0].Principal.Service, 'connect.amazonaws.com');
    await env.models.send(new DeleteResourcePolicyStatementCommand({ resourceArn: aliasArnOf(botId!), statementId: 'Talk' }));
    await rejectsWith(env.models.send(new DescribeResourcePolicyCommand({ resourceArn: aliasArnOf(botId!) })), 'ResourceNotFoundException', 404);
  });

  it("refuses documents AWS refuses and resources that are not there, and changes nothing", async () => {
    const { botId } = await createReadyBot(env.models, 'BadPolicyBot');
    const arn = botArnOf(botId!);
    const principal = { AWS: `arn:aws:iam::${OTHER}:root` };
    const cases: [string, string, RegExp][] = [
      ['not JSON', '{nope', /policy/i],
      ['no principal', document([{ Effect: 'Allow', Action: 'lex:DescribeBot', Resource: arn }]), /Principal/],
      ['an action of another service', document([{ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: arn }]), /not a Lex action/],
      ['another resource', document([{ Effect: 'Allow', Principal: principal, Action: 'lex:DescribeBot', Resource: botArnOf('ABCDEFGHIJ') }]), /does not match/],
      ['a duplicated Sid', document([{ Sid: 'A', Effect: 'Allow', Principal: principal, Action: 'lex:DescribeBot', Resource: arn }, { Sid: 'A', Effect: 'Deny', Principal: principal, Action: 'lex:DescribeBot', Resource: arn }]), /must be unique/],
    ];
    for (const [what, policy, message] of cases) {
      await rejectsWith(env.models.send(new CreateResourcePolicyCommand({ resourceArn: arn, policy })), 'ValidationException', 400, message).catch((e) => assert.fail(`${what}: ${e.message}`));
    }
    await rejectsWith(env.models.send(new CreateResourcePolicyCommand({ resourceArn: botArnOf('NOSUCHBOT0'), policy: allowAll })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new CreateResourcePolicyCommand({ resourceArn: `arn:aws:lex:${REGION}:${ACCOUNT}:bot-alias/${botId}/NOSUCHALIA`, policy: allowAll })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new CreateResourcePolicyCommand({ resourceArn: 'arn:aws:s3:::bucket', policy: allowAll })), 'ResourceNotFoundException', 404);
    await rejectsWith(
      env.models.send(new CreateResourcePolicyStatementCommand({ resourceArn: arn, statementId: 'X', effect: 'Allow', principal: [{ arn: 'arn:aws:iam::123:root' }], action: ['lex:DescribeBot'] })),
      'ValidationException',
      400,
      /principal/,
    );
    await rejectsWith(env.models.send(new DescribeResourcePolicyCommand({ resourceArn: arn })), 'ResourceNotFoundException', 404);
  });

  describe('what the policies decide', () => {
    let botId: string;
    let otherRoot: LexModelsV2Client;
    let otherUser: LexModelsV2Client;
    let otherUserRuntime: LexRuntimeV2Client;
    let otherIam: IAMClient;
    before(async () => {
      botId = (await createReadyBot(env.models, 'SharedBot')).botId!;
      otherRoot = env.client(LexModelsV2Client, OTHER_KEYS);
      otherIam = env.client(IAMClient, OTHER_KEYS);
      await otherIam.send(new CreateUserCommand({ UserName: 'partner' }));
      const { AccessKey } = await otherIam.send(new CreateAccessKeyCommand({ UserName: 'partner' }));
      const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
      otherUser = env.client(LexModelsV2Client, keys);
      otherUserRuntime = env.client(LexRuntimeV2Client, keys);
    });

    it('refuses another account, even its root, while the bot has no policy', async () => {
      await rejectsWith(otherRoot.send(new DescribeBotCommand({ botId })), 'AccessDeniedException', 403, new RegExp(`arn:aws:iam::${OTHER}:root is not authorized to perform: lex:DescribeBot on resource: ${botArnOf(botId)}`));
      await rejectsWith(otherUser.send(new DescribeBotCommand({ botId })), 'AccessDeniedException', 403);
    });

    it("allows another account's root what the policy allows it, and its user only with its own identity policy too", async () => {
      await env.models.send(
        new CreateResourcePolicyCommand({
          resourceArn: botArnOf(botId),
          policy: document([{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: ['lex:DescribeBot', 'lex:ListIntents'], Resource: botArnOf(botId) }]),
        }),
      );
      const seen = await otherRoot.send(new DescribeBotCommand({ botId }));
      assert.equal(seen.botName, 'SharedBot');
      // In the audit trail of the calling account: allowed by the bot's policy, its statement named.
      const events = await env.server.app.audit.query({ accountId: OTHER, resource: botArnOf(botId) });
      const allowed = events.find((e) => e.action === 'lex:DescribeBot' && e.decision === 'allowed')!;
      assert.ok(allowed, 'the allowed call is audited');
      const matched = JSON.parse(allowed.detail).matchedStatements as { sid?: string; source: string; policyId?: string }[];
      assert.ok(matched.some((m) => m.sid === 'Partner' && m.source === 'resource' && m.policyId === botArnOf(botId)), JSON.stringify(matched));
      assert.ok((await otherRoot.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }))).intentSummaries?.some((i) => i.intentName === 'OrderPizza'));
      // Allowed to change an alias of the bot, but not to write into the owner's role (a capability needs iam:PutRolePolicy on it).
      await env.models.send(new CreateResourcePolicyStatementCommand({ resourceArn: aliasArnOf(botId), statementId: 'Alias', effect: 'Allow', principal: [{ arn: `arn:aws:iam::${OTHER}:root` }], action: ['lex:UpdateBotAlias'] }));
      await rejectsWith(
        otherRoot.send(new UpdateBotAliasCommand({ botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', botVersion: 'DRAFT', sentimentAnalysisSettings: { detectSentiment: true } })),
        'AccessDeniedException',
        403,
        /iam:PutRolePolicy/,
      );
      await env.models.send(new DeleteResourcePolicyStatementCommand({ resourceArn: aliasArnOf(botId), statementId: 'Alias' }));
      // Not in the policy: refused, naming the resource-based policy.
      await rejectsWith(otherRoot.send(new CreateResourcePolicyStatementCommand({ resourceArn: botArnOf(botId), statementId: 'Me', effect: 'Allow', principal: [{ arn: `arn:aws:iam::${OTHER}:root` }], action: ['lex:*'] })), 'AccessDeniedException', 403, /because no resource-based policy allows the lex:CreateResourcePolicyStatement action/);
      await rejectsWith(otherUser.send(new DescribeBotCommand({ botId })), 'AccessDeniedException', 403, /because no identity-based policy allows the lex:DescribeBot action/);
      await otherIam.send(new PutUserPolicyCommand({ UserName: 'partner', PolicyName: 'lex', PolicyDocument: allowAll }));
      assert.equal((await otherUser.send(new DescribeBotCommand({ botId }))).botId, botId);
      await rejectsWith(otherUser.send(new DeleteResourcePolicyCommand({ resourceArn: botArnOf(botId) })), 'AccessDeniedException', 403, /no resource-based policy allows/);
      await rejectsWith(otherUser.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_GB' })), 'ResourceNotFoundException', 404);
      // The policy operations act on the ARN's own account: allowed to read the policy, another account reads the owner's.
      await env.models.send(new CreateResourcePolicyStatementCommand({ resourceArn: botArnOf(botId), statementId: 'ReadPolicy', effect: 'Allow', principal: [{ arn: `arn:aws:iam::${OTHER}:root` }], action: ['lex:DescribeResourcePolicy'] }));
      const read = await otherRoot.send(new DescribeResourcePolicyCommand({ resourceArn: botArnOf(botId) }));
      assert.deepEqual(JSON.parse(read.policy!).Statement.map((st: { Sid: string }) => st.Sid), ['Partner', 'ReadPolicy']);
    });

    it("lets another account converse with an alias its policy opens to it, and not with the bot's other operations", async () => {
      await rejectsWith(otherUserRuntime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'partner-1', text: 'hello' })), 'AccessDeniedException', 403, /resource-based policy/);
      await env.models.send(
        new CreateResourcePolicyStatementCommand({ resourceArn: aliasArnOf(botId), statementId: 'Converse', effect: 'Allow', principal: [{ arn: `arn:aws:iam::${OTHER}:user/partner` }], action: ['lex:RecognizeText'] }),
      );
      const answer = await otherUserRuntime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'partner-1', text: 'hello' }));
      assert.equal(answer.sessionState?.intent?.name, 'Greeting');
    });

    it("refuses even the owner's own user where the policy denies", async () => {
      const ownerIam = env.iam;
      await ownerIam.send(new CreateUserCommand({ UserName: 'insider' }));
      await ownerIam.send(new PutUserPolicyCommand({ UserName: 'insider', PolicyName: 'lex', PolicyDocument: allowAll }));
      const { AccessKey } = await ownerIam.send(new CreateAccessKeyCommand({ UserName: 'insider' }));
      const insider = env.client(LexModelsV2Client, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
      assert.equal((await insider.send(new DescribeBotCommand({ botId }))).botId, botId);
      await env.models.send(
        new CreateResourcePolicyStatementCommand({ resourceArn: botArnOf(botId), statementId: 'NoInsider', effect: 'Deny', principal: [{ arn: `arn:aws:iam::${ACCOUNT}:user/insider` }], action: ['lex:DescribeBot'] }),
      );
      await rejectsWith(insider.send(new DescribeBotCommand({ botId })), 'AccessDeniedException', 403, /with an explicit deny in a resource-based policy/);
      assert.equal((await env.models.send(new DescribeBotCommand({ botId }))).botId, botId, 'the owner account root is not named by the Deny');
    });
  });

  it('serves other accounts given to `linkedrole serve --other-account ID:KEY:SECRET`, and refuses a malformed one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkedrole-other-account-'));
    try {
      const server = await startServeProcess({ storeFlags: ['--data-dir', dir, '--other-account', `${OTHER}:PARTNERKEY:partner:secret`] });
      try {
        const sts = new STSClient({ ...server.clientConfig(), credentials: { accessKeyId: 'PARTNERKEY', secretAccessKey: 'partner:secret' } });
        const me = await sts.send(new GetCallerIdentityCommand({}));
        assert.deepEqual([me.Account, me.Arn], [OTHER, `arn:aws:iam::${OTHER}:root`]);
        sts.destroy();
      } finally {
        await server.stop();
      }
      const bad = await serveFailure({ storeFlags: ['--data-dir', dir, '--other-account', '12345:KEY:secret'] });
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /--other-account 12345:KEY:secret: the account id must be 12 digits/);
      const shared = await serveFailure({ storeFlags: ['--data-dir', dir, '--other-account', `${OTHER}:test:secret`] });
      assert.match(shared.stderr, /every account needs an access key id of its own/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
