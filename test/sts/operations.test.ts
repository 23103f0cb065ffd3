// STS GetAccessKeyInfo (the account of any key id: this server's keys from the store, others decoded as AWS
// encodes them), DecodeAuthorizationMessage (the audit trail's encoded refusals, decoded only in their own
// account and only with sts:DecodeAuthorizationMessage) and AssumeRoot (AWS's root task policies; refused
// for an account in no organization), through the SDK and the AWS CLI.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListRolesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRootCommand, DecodeAuthorizationMessageCommand, GetAccessKeyInfoCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountOfKeyId } from '../../src/services/sts/access-key-info.js';
import { encodeAuthorizationMessage } from '../../src/services/sts/authorization-message.js';
import { awsCliJson } from '../support/aws-cli.js';
import { linkedrole } from '../support/cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const policy = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

describe('STS GetAccessKeyInfo, DecodeAuthorizationMessage and AssumeRoot', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient } });

  async function user(name: string, actions: string[]) {
    await env.iam.send(new CreateUserCommand({ UserName: name }));
    if (actions.length > 0) await env.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy(actions) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const credentials = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    return { keyId: AccessKey!.AccessKeyId!, sts: env.client(STSClient, credentials), iam: env.client(IAMClient, credentials) };
  }

  it('decodes the account AWS encodes in a key id', () => {
    // Key ids and accounts published with the decoding (2019 on: the account in bits 1..40 of the payload).
    const cases: [string, string][] = [
      ['ASIAQNZGKIQY56JQ7WML', '029608264753'],
      ['ASIAY34FZKBOKMUTVV7A', '609629065308'],
    ];
    for (const [keyId, account] of cases) assert.equal(accountOfKeyId(keyId), account, keyId);
    assert.equal(accountOfKeyId('AKIA!!!!!!!!!!!!!!!!'), undefined);
  });

  it('answers the account of this server\'s keys, of session keys, and of keys it never issued', async () => {
    const alice = await user('key-info-alice', ['sts:GetAccessKeyInfo']);
    assert.equal((await alice.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.keyId }))).Account, ACCOUNT);
    const session = await alice.sts.send(new GetSessionTokenCommand({}));
    assert.equal((await alice.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: session.Credentials!.AccessKeyId! }))).Account, ACCOUNT);
    assert.equal((await alice.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'ASIAQNZGKIQY56JQ7WML' }))).Account, '029608264753');
    await rejectsWith(alice.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'short' })), 'ValidationError', /accessKeyId|AccessKeyId/, 400);
    const bob = await user('key-info-bob', []);
    await rejectsWith(bob.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.keyId })), 'AccessDenied', /is not authorized to perform: sts:GetAccessKeyInfo on resource: \*/, 403);
    const cli = await awsCliJson(env.server.url, ['sts', 'get-access-key-info', '--access-key-id', 'ASIAY34FZKBOKMUTVV7A']);
    assert.equal(cli.Account, '609629065308');
  });

  it('decodes the audit trail\'s encoded refusal, in its own account, with the permission to', async () => {
    const carol = await user('decode-carol', ['sts:DecodeAuthorizationMessage']);
    await rejectsWith(carol.iam.send(new ListRolesCommand({})), 'AccessDenied', /iam:ListRoles/, 403);
    const audit = await linkedrole(['audit', ...env.server.storeFlags, '--identity', `arn:aws:iam::${ACCOUNT}:user/decode-carol`, '--action', 'iam:ListRoles', '--json']);
    assert.equal(audit.code, 0, audit.stderr);
    const [event] = JSON.parse(audit.stdout) as { encodedAuthorizationMessage?: string; decision: string }[];
    assert.equal(event.decision, 'implicitDeny');
    const decoded = await carol.sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: event.encodedAuthorizationMessage! }));
    const message = JSON.parse(decoded.DecodedMessage!);
    assert.equal(message.allowed, false);
    assert.equal(message.explicitDeny, false);
    assert.equal(message.context.action, 'iam:ListRoles');
    assert.equal(message.context.principal.arn, `arn:aws:iam::${ACCOUNT}:user/decode-carol`);
    assert.deepEqual(message.matchedStatements, { items: [] });
    assert.match(message.explanation, /./);

    const invalid = 'The specified encoded message is invalid or has expired.';
    await rejectsWith(carol.sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'garbage' })), 'InvalidAuthorizationMessageException', invalid, 400);
    await rejectsWith(carol.sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encodeAuthorizationMessage(ACCOUNT, 'no-such-event') })), 'InvalidAuthorizationMessageException', invalid, 400);
    const otherAccount = event.encodedAuthorizationMessage!.replace(/^lr1\./, '');
    const forged = `lr1.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(otherAccount, 'base64url').toString()), account: '111122223333' })).toString('base64url')}`;
    await rejectsWith(carol.sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: forged })), 'InvalidAuthorizationMessageException', invalid, 400);
    const dave = await user('decode-dave', []);
    await rejectsWith(dave.sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: event.encodedAuthorizationMessage! })), 'AccessDenied', /sts:DecodeAuthorizationMessage/, 403);
  });

  it('AssumeRoot: AWS\'s root task policies only, then refused outside an organization', async () => {
    const task = (name: string) => ({ arn: `arn:aws:iam::aws:policy/root-task/${name}` });
    await rejectsWith(env.sts.send(new AssumeRootCommand({ TargetPrincipal: '111122223333', TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } })), 'ValidationError', /root task policies/, 400);
    await rejectsWith(env.sts.send(new AssumeRootCommand({ TargetPrincipal: '111122223333', TaskPolicyArn: task('NoSuchTask') })), 'ValidationError', /root task policies/, 400);
    await rejectsWith(env.sts.send(new AssumeRootCommand({ TargetPrincipal: 'not-an-account', TaskPolicyArn: task('IAMAuditRootUserCredentials') })), 'ValidationError', /TargetPrincipal/, 400);
    for (const name of ['IAMAuditRootUserCredentials', 'IAMCreateRootUserPassword', 'IAMDeleteRootUserCredentials', 'S3UnlockBucketPolicy', 'SQSUnlockQueuePolicy']) {
      await rejectsWith(env.sts.send(new AssumeRootCommand({ TargetPrincipal: 'arn:aws:iam::111122223333:root', TaskPolicyArn: task(name) })), 'AccessDenied', /belongs to no organization/, 403);
    }
    const erin = await user('root-erin', []);
    await rejectsWith(erin.sts.send(new AssumeRootCommand({ TargetPrincipal: '111122223333', TaskPolicyArn: task('S3UnlockBucketPolicy') })), 'AccessDenied', /because no identity-based policy allows the sts:AssumeRoot action/, 403);
  });
});
