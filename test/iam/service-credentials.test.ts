// Service-specific credentials through the SDK and the AWS CLI: CodeCommit and Keyspaces passwords and Bedrock
// API keys in AWS's formats, CredentialAgeDays (Bedrock only), two per user and service, the ServiceName filter
// and AllUsers, status, reset, delete, and each refusal with its AWS error; expiry on the server's clock.
import {
  CreateAccessKeyCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteUserCommand,
  IAMClient,
  ListServiceSpecificCredentialsCommand,
  PutUserPolicyCommand,
  ResetServiceSpecificCredentialCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceSpecificCredentials } from '../../src/services/iam/service-specific-credentials.js';
import { awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const DAY = 24 * 60 * 60 * 1000;

describe('service-specific credentials', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });
  const create = (UserName: string, ServiceName: string, CredentialAgeDays?: number) =>
    env.iam.send(new CreateServiceSpecificCredentialCommand({ UserName, ServiceName, CredentialAgeDays })).then((r) => r.ServiceSpecificCredential!);

  it('makes each service its kind of credential, in AWS formats', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'jane' }));
    const cases: [string, 'password' | 'api-key'][] = [
      ['codecommit.amazonaws.com', 'password'],
      ['cassandra.amazonaws.com', 'password'],
      ['bedrock.amazonaws.com', 'api-key'],
    ];
    for (const [service, kind] of cases) {
      const c = await create('jane', service);
      assert.match(c.ServiceSpecificCredentialId!, /^ACCA[A-Z2-7]{17}$/, service);
      assert.equal(c.ServiceName, service);
      assert.equal(c.UserName, 'jane');
      assert.equal(c.Status, 'Active');
      assert.ok(c.CreateDate instanceof Date);
      assert.equal(c.ExpirationDate, undefined);
      if (kind === 'password') {
        assert.equal(c.ServiceUserName, `jane-at-${ACCOUNT}`, service);
        assert.match(c.ServicePassword!, /^[A-Za-z0-9+/]{43}=$/, service);
        assert.equal(c.ServiceCredentialAlias, undefined);
        assert.equal(c.ServiceCredentialSecret, undefined);
      } else {
        assert.equal(c.ServiceCredentialAlias, `jane-at-${ACCOUNT}`);
        assert.match(c.ServiceCredentialSecret!, /^ABSK[A-Za-z0-9+/=]+$/);
        assert.ok(Buffer.from(c.ServiceCredentialSecret!.slice(4), 'base64').toString('utf8').startsWith(`jane-at-${ACCOUNT}:`));
        assert.equal(c.ServicePassword, undefined);
        assert.equal(c.ServiceUserName, undefined);
      }
    }
    const listed = await env.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane' }));
    assert.deepEqual(listed.ServiceSpecificCredentials?.map((c) => c.ServiceName), cases.map(([s]) => s));
    for (const c of listed.ServiceSpecificCredentials ?? []) assert.ok(!('ServicePassword' in c) && !('ServiceCredentialSecret' in c), 'no secret is listed');
    assert.deepEqual(
      (await env.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane', ServiceName: 'bedrock.amazonaws.com' }))).ServiceSpecificCredentials?.map((c) => c.ServiceCredentialAlias),
      [`jane-at-${ACCOUNT}`],
    );
  });

  it('refuses what AWS refuses, changing nothing', async () => {
    // The wire code is NotSupportedService (the AWS CLI prints it); the SDK names the error by its shape.
    await env.iam.send(new CreateUserCommand({ UserName: 'rita' }));
    await rejectsWith(create('rita', 's3.amazonaws.com'), 'ServiceNotSupported', 'The specified service (s3.amazonaws.com) is not supported for service-specific credentials.', 404);
    await rejectsWith(create('rita', 'codecommit.amazonaws.com', 30), 'InvalidParameterValue', 'CredentialAgeDays is only valid for Bedrock API keys, not for codecommit.amazonaws.com.', 400);
    await rejectsWith(create('nobody', 'codecommit.amazonaws.com'), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
    await rejectsWith(
      env.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'rita', ServiceName: 'lambda.amazonaws.com' })),
      'ServiceNotSupported',
      'The specified service (lambda.amazonaws.com) is not supported for service-specific credentials.',
      404,
    );
    assert.deepEqual((await env.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'rita' }))).ServiceSpecificCredentials, []);
    await rejectsWith(env.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'rita', AllUsers: true })), 'InvalidInput', 'AllUsers cannot be specified together with UserName.', 400);

    // Two per user and service: a third for CodeCommit is refused, Keyspaces still has room.
    await create('rita', 'codecommit.amazonaws.com');
    await create('rita', 'codecommit.amazonaws.com');
    await rejectsWith(create('rita', 'codecommit.amazonaws.com'), 'LimitExceeded', 'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2', 409);
    await create('rita', 'cassandra.amazonaws.com');
    assert.equal((await env.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'rita' }))).ServiceSpecificCredentials?.length, 3);
  });

  it('updates status, resets the secret, deletes; another user does not reach the credential', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'ken' }));
    await env.iam.send(new CreateUserCommand({ UserName: 'kim' }));
    const made = await create('ken', 'codecommit.amazonaws.com');
    const id = made.ServiceSpecificCredentialId!;
    await env.iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'ken', ServiceSpecificCredentialId: id, Status: 'Inactive' }));
    assert.equal((await env.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'ken' }))).ServiceSpecificCredentials?.[0].Status, 'Inactive');
    await rejectsWith(
      env.iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'ken', ServiceSpecificCredentialId: id, Status: 'Expired' })),
      'InvalidParameterValue',
      'Status Expired cannot be set: a credential expires at its expiration date.',
      400,
    );

    const reset = (await env.iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'ken', ServiceSpecificCredentialId: id }))).ServiceSpecificCredential!;
    assert.equal(reset.ServiceSpecificCredentialId, id);
    assert.equal(reset.ServiceUserName, made.ServiceUserName);
    assert.match(reset.ServicePassword!, /^[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(reset.ServicePassword, made.ServicePassword);
    const bedrock = await create('ken', 'bedrock.amazonaws.com');
    const resetKey = (await env.iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'ken', ServiceSpecificCredentialId: bedrock.ServiceSpecificCredentialId }))).ServiceSpecificCredential!;
    assert.match(resetKey.ServiceCredentialSecret!, /^ABSK/);
    assert.notEqual(resetKey.ServiceCredentialSecret, bedrock.ServiceCredentialSecret);

    const missing = `No such credential ${id} exists`;
    for (const call of [
      () => env.iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'kim', ServiceSpecificCredentialId: id, Status: 'Active' })),
      () => env.iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'kim', ServiceSpecificCredentialId: id })),
      () => env.iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'kim', ServiceSpecificCredentialId: id })),
    ]) {
      await rejectsWith(call(), 'NoSuchEntity', missing, 404);
    }
    await rejectsWith(env.iam.send(new DeleteUserCommand({ UserName: 'ken' })), 'DeleteConflict', 'Cannot delete entity, must delete service specific credentials first.', 409);
    await env.iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'ken', ServiceSpecificCredentialId: id }));
    await rejectsWith(env.iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'ken', ServiceSpecificCredentialId: id })), 'NoSuchEntity', missing, 404);
    await env.iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'ken', ServiceSpecificCredentialId: bedrock.ServiceSpecificCredentialId }));
    await env.iam.send(new DeleteUserCommand({ UserName: 'ken' }));
  });

  it('lists the calling user’s own without UserName, every user’s with AllUsers, pages, and follows a rename', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'owner' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'owner', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'owner' }));
    const own = await create('owner', 'cassandra.amazonaws.com');
    const asOwner = env.client(IAMClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    assert.deepEqual((await asOwner.send(new ListServiceSpecificCredentialsCommand({}))).ServiceSpecificCredentials?.map((c) => c.ServiceSpecificCredentialId), [own.ServiceSpecificCredentialId]);
    assert.deepEqual((await env.iam.send(new ListServiceSpecificCredentialsCommand({}))).ServiceSpecificCredentials, []);

    const all = await env.iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, ServiceName: 'cassandra.amazonaws.com' }));
    const users = new Set(all.ServiceSpecificCredentials?.map((c) => c.UserName));
    assert.ok(users.has('owner') && users.size >= 2, `AllUsers lists several users' credentials: ${[...users].join(', ')}`);
    const first = await env.iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 1 }));
    assert.equal(first.IsTruncated, true);
    const second = await env.iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 1, Marker: first.Marker }));
    assert.notEqual(second.ServiceSpecificCredentials?.[0].ServiceSpecificCredentialId, first.ServiceSpecificCredentials?.[0].ServiceSpecificCredentialId);

    await env.iam.send(new UpdateUserCommand({ UserName: 'owner', NewUserName: 'proprietor' }));
    const moved = await env.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'proprietor' }));
    assert.deepEqual(moved.ServiceSpecificCredentials?.map((c) => [c.UserName, c.ServiceSpecificCredentialId]), [['proprietor', own.ServiceSpecificCredentialId]]);
  });

  it('a Bedrock key with CredentialAgeDays expires that many days after it is made, on the server clock', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'brief' }));
    const made = await create('brief', 'bedrock.amazonaws.com', 7);
    assert.equal(made.ExpirationDate!.getTime() - made.CreateDate!.getTime(), 7 * DAY);
    const listed = (await env.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'brief' }))).ServiceSpecificCredentials![0];
    assert.equal(listed.Status, 'Active');
    assert.equal(listed.ExpirationDate?.getTime(), made.ExpirationDate!.getTime());
    // The same store read on a clock eight days on: the key has expired.
    const { app } = env.server;
    const later = new ServiceSpecificCredentials(app.store, app.iamIdentities.users, () => new Date(made.CreateDate!.getTime() + 8 * DAY));
    const [expired] = await later.list(ACCOUNT, { userName: 'brief' });
    assert.equal(expired.status, 'Expired');
    const [sameDay] = await new ServiceSpecificCredentials(app.store, app.iamIdentities.users, () => new Date(made.CreateDate!.getTime() + 6 * DAY)).list(ACCOUNT, { userName: 'brief' });
    assert.equal(sameDay.status, 'Active');
  });

  it('the audit trail records a creation without its password', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'audited' }));
    const made = await create('audited', 'codecommit.amazonaws.com');
    const trail = env.client(CloudTrailClient);
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateServiceSpecificCredential' }] }));
    const record = Events!.map((e) => JSON.parse(e.CloudTrailEvent!)).find((r) => r.requestParameters?.userName === 'audited');
    assert.ok(record, 'the creation is in the trail');
    assert.deepEqual(record.requestParameters, { userName: 'audited', serviceName: 'codecommit.amazonaws.com' });
    const credential = record.responseElements.serviceSpecificCredential;
    assert.equal(credential.serviceSpecificCredentialId, made.ServiceSpecificCredentialId);
    assert.equal(credential.serviceUserName, made.ServiceUserName);
    assert.ok(!('servicePassword' in credential), 'the password (sensitive in the model) is left out');
  });

  it('the AWS CLI creates and lists credentials, and prints AWS error lines', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'cli' }));
    const made = await awsCliJson(env.server.url, ['iam', 'create-service-specific-credential', '--user-name', 'cli', '--service-name', 'bedrock.amazonaws.com', '--credential-age-days', '30']);
    assert.equal(made.ServiceSpecificCredential.ServiceCredentialAlias, `cli-at-${ACCOUNT}`);
    assert.ok(made.ServiceSpecificCredential.ExpirationDate);
    const listed = await awsCliJson(env.server.url, ['iam', 'list-service-specific-credentials', '--user-name', 'cli', '--service-name', 'bedrock.amazonaws.com']);
    assert.deepEqual(listed.ServiceSpecificCredentials.map((c: { ServiceSpecificCredentialId: string }) => c.ServiceSpecificCredentialId), [made.ServiceSpecificCredential.ServiceSpecificCredentialId]);
    const refused = await awsCliFails(env.server.url, ['iam', 'create-service-specific-credential', '--user-name', 'cli', '--service-name', 'sqs.amazonaws.com']);
    assert.match(refused, /An error occurred \(NotSupportedService\) when calling the CreateServiceSpecificCredential operation: The specified service \(sqs\.amazonaws\.com\) is not supported for service-specific credentials\./);
  });
});
