// GetAccessKeyLastUsed through the SDK and the AWS CLI: a key never used answers N/A; once it signs requests, the
// time, service and region of the latest (from the audit trail); any key of the account may be asked about by
// a caller allowed iam:GetAccessKeyLastUsed on its user, and a key the account does not have is refused.
import { CreateAccessKeyCommand, CreateUserCommand, GetAccessKeyLastUsedCommand, IAMClient, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { LexModelsV2Client, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('GetAccessKeyLastUsed', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  async function userWithKey(name: string, statements: object[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }]) {
    await env.iam.send(new CreateUserCommand({ UserName: name }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy(statements) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const credentials = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    return { id: AccessKey!.AccessKeyId!, credentials };
  }

  it('answers N/A for a key never used, then the time, service and region of its latest request', async () => {
    const key = await userWithKey('worker');
    const never = await env.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.id }));
    assert.equal(never.UserName, 'worker');
    assert.deepEqual(never.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });

    const before = Date.now();
    await env.client(IAMClient, { ...key.credentials, region: 'eu-west-1' }).send(new ListUsersCommand({}));
    const afterIam = Date.now();
    const iam = (await env.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.id }))).AccessKeyLastUsed!;
    // IAM is global: served in us-east-1 whatever region the client signed for.
    assert.equal(iam.ServiceName, 'iam');
    assert.equal(iam.Region, 'us-east-1');
    // CloudTrail-like times are whole seconds at most a second apart from the call.
    assert.ok(iam.LastUsedDate!.getTime() >= before - 1000 && iam.LastUsedDate!.getTime() <= afterIam + 1000, `${iam.LastUsedDate?.toISOString()}`);

    await env.client(LexModelsV2Client, { ...key.credentials, region: 'us-west-2' }).send(new ListBotsCommand({}));
    const lex = (await env.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.id }))).AccessKeyLastUsed!;
    assert.equal(lex.ServiceName, 'lex');
    assert.equal(lex.Region, 'us-west-2');
    assert.ok(lex.LastUsedDate!.getTime() >= iam.LastUsedDate!.getTime());
  });

  it('any key of the account, for a caller allowed on its user; a key the account does not have is refused', async () => {
    const watched = await userWithKey('watched');
    const unwatched = await userWithKey('unwatched');
    const auditor = await userWithKey('auditor', [{ Effect: 'Allow', Action: 'iam:GetAccessKeyLastUsed', Resource: `arn:aws:iam::${ACCOUNT}:user/watched` }]);
    const asAuditor = env.client(IAMClient, auditor.credentials);
    assert.equal((await asAuditor.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: watched.id }))).UserName, 'watched');
    await rejectsWith(
      asAuditor.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: unwatched.id })),
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: iam:GetAccessKeyLastUsed on resource: arn:aws:iam::${ACCOUNT}:user/unwatched because no identity-based policy allows the iam:GetAccessKeyLastUsed action`,
      403,
    );
    // Its own key too needs the permission on itself.
    await rejectsWith(asAuditor.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: auditor.id })), 'AccessDenied', /on resource: arn:aws:iam::123456789012:user\/auditor because/, 403);
    for (const id of ['AKIAIOSFODNN7EXAMPLE', 'test']) {
      await rejectsWith(
        env.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id.padEnd(16, 'X') })),
        'AccessDenied',
        `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${id.padEnd(16, 'X')}`,
        403,
      );
    }
  });

  it('the AWS CLI prints it', async () => {
    const key = await userWithKey('cli-user');
    const never = await awsCliJson(env.server.url, ['iam', 'get-access-key-last-used', '--access-key-id', key.id]);
    assert.deepEqual(never, { UserName: 'cli-user', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    await awsCliJson(env.server.url, ['iam', 'list-users'], { AWS_ACCESS_KEY_ID: key.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: key.credentials.secretAccessKey });
    const used = await awsCliJson(env.server.url, ['iam', 'get-access-key-last-used', '--access-key-id', key.id]);
    assert.equal(used.AccessKeyLastUsed.ServiceName, 'iam');
    assert.equal(used.AccessKeyLastUsed.Region, 'us-east-1');
    assert.match(used.AccessKeyLastUsed.LastUsedDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  });
});
