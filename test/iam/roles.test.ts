import { CreateRoleCommand, GetRoleCommand, IAMClient, NoSuchEntityException, TagRoleCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { trustPolicy } from '../support/iam.js';

const trust = trustPolicy();

describe('IAM roles over the Query protocol', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('creates a role and reads it back', async () => {
    const created = await env.iam.send(new CreateRoleCommand({ RoleName: 'app-runner', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'team', Value: 'core' }] }));
    assert.equal(created.Role?.RoleName, 'app-runner');
    assert.match(created.Role?.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
    assert.equal(created.Role?.Arn, 'arn:aws:iam::123456789012:role/app-runner');
    const got = await env.iam.send(new GetRoleCommand({ RoleName: 'APP-RUNNER' }));
    assert.equal(got.Role?.RoleName, 'app-runner');
    assert.equal(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''), trust);
    assert.deepEqual(got.Role?.Tags, [{ Key: 'team', Value: 'core' }]);
    assert.equal(got.Role?.MaxSessionDuration, 3600);
  });

  it('answers NoSuchEntity for an unknown role', async () => {
    await assert.rejects(env.iam.send(new GetRoleCommand({ RoleName: 'nobody' })), (error: NoSuchEntityException) => {
      assert.equal(error.name, 'NoSuchEntityException');
      assert.equal(error.message, 'The role with name nobody cannot be found.');
      assert.equal(error.$metadata.httpStatusCode, 404);
      return true;
    });
  });

  it('refuses an invalid role name with the model constraint, in AWS words', async () => {
    await assert.rejects(env.iam.send(new GetRoleCommand({ RoleName: 'bad name' })), (error: Error & { $metadata: { httpStatusCode?: number } }) => {
      assert.equal(error.name, 'ValidationError');
      assert.equal(error.message, "1 validation error detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    });
  });

  it('leaves list values out of validation messages, as AWS does', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await assert.rejects(env.iam.send(new TagRoleCommand({ RoleName: 'app-runner', Tags: tags })), {
      name: 'ValidationError',
      message: "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    });
  });

  it('refuses a wrong secret and an unknown key', async () => {
    const wrongSecret = env.client(IAMClient, { secretAccessKey: 'nope' });
    await assert.rejects(wrongSecret.send(new GetRoleCommand({ RoleName: 'app-runner' })), { name: 'SignatureDoesNotMatch' });
    const unknownKey = env.client(IAMClient, { accessKeyId: 'AKIAUNKNOWN000000000' });
    await assert.rejects(unknownKey.send(new GetRoleCommand({ RoleName: 'app-runner' })), { name: 'InvalidClientTokenId' });
  });
});
