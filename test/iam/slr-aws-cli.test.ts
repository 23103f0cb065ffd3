// The AWS CLI (the `aws` on PATH, v1 here) through create, get, delete and deletion status of the
// AppIntegrations service-linked role, checking the JSON it prints.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { useTestServer } from '../support/fixture.js';

const run = promisify(execFile);

describe('AWS CLI: service-linked role lifecycle', () => {
  const env = useTestServer();

  /** Runs `aws iam ...` against the server (asynchronously: the server runs in this process). */
  async function aws(...args: string[]): Promise<{ json: any; stderr: string; code: number }> {
    try {
      const { stdout, stderr } = await run('aws', ['--endpoint-url', env.server.url, '--output', 'json', 'iam', ...args], {
        env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
        encoding: 'utf8',
      });
      return { json: stdout.trim() ? JSON.parse(stdout) : {}, stderr, code: 0 };
    } catch (error) {
      const failed = error as { stderr?: string; code?: number };
      return { json: undefined, stderr: failed.stderr ?? '', code: typeof failed.code === 'number' ? failed.code : 1 };
    }
  }

  it('creates, reads, deletes the role and reports the deletion status', async () => {
    const created = await aws('create-service-linked-role', '--aws-service-name', 'app-integrations.amazonaws.com');
    assert.equal(created.code, 0, created.stderr);
    const role = created.json.Role;
    assert.deepEqual(Object.keys(role).sort(), ['Arn', 'AssumeRolePolicyDocument', 'CreateDate', 'Path', 'RoleId', 'RoleName']);
    assert.equal(role.RoleName, 'AWSServiceRoleForAppIntegrations');
    assert.equal(role.Path, '/aws-service-role/app-integrations.amazonaws.com/');
    assert.equal(role.Arn, 'arn:aws:iam::123456789012:role/aws-service-role/app-integrations.amazonaws.com/AWSServiceRoleForAppIntegrations');
    assert.match(role.RoleId, /^AROA[A-Z2-7]{17}$/);
    assert.match(role.CreateDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|\+00:00)$/);
    // The CLI decodes the document and prints it as JSON: string values, not arrays.
    assert.deepEqual(role.AssumeRolePolicyDocument, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'app-integrations.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });

    const again = await aws('create-service-linked-role', '--aws-service-name', 'app-integrations.amazonaws.com');
    assert.notEqual(again.code, 0);
    assert.match(
      again.stderr,
      /An error occurred \(InvalidInput\) when calling the CreateServiceLinkedRole operation: Service role name AWSServiceRoleForAppIntegrations has been taken in this account, please try a different suffix\./,
    );

    const got = await aws('get-role', '--role-name', 'AWSServiceRoleForAppIntegrations');
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.json.Role.RoleId, role.RoleId);
    assert.equal(got.json.Role.MaxSessionDuration, 3600);
    assert.deepEqual(got.json.Role.RoleLastUsed, {});
    assert.deepEqual(got.json.Role.AssumeRolePolicyDocument, role.AssumeRolePolicyDocument);

    const deleted = await aws('delete-service-linked-role', '--role-name', 'AWSServiceRoleForAppIntegrations');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.json.DeletionTaskId, /^task\/aws-service-role\/app-integrations\.amazonaws\.com\/AWSServiceRoleForAppIntegrations\/[0-9a-f-]{36}$/);

    let status: any;
    for (let i = 0; i < 100; i++) {
      const answer = await aws('get-service-linked-role-deletion-status', '--deletion-task-id', deleted.json.DeletionTaskId);
      assert.equal(answer.code, 0, answer.stderr);
      status = answer.json;
      assert.ok(['NOT_STARTED', 'IN_PROGRESS', 'SUCCEEDED'].includes(status.Status), JSON.stringify(status));
      if (status.Status === 'SUCCEEDED') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(status, { Status: 'SUCCEEDED' });

    const gone = await aws('get-role', '--role-name', 'AWSServiceRoleForAppIntegrations');
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /\(NoSuchEntity\) when calling the GetRole operation: The role with name AWSServiceRoleForAppIntegrations cannot be found\./);

    const unknown = await aws('get-service-linked-role-deletion-status', '--deletion-task-id', 'task/aws-service-role/app-integrations.amazonaws.com/AWSServiceRoleForAppIntegrations/00000000-0000-4000-8000-000000000000');
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /\(NoSuchEntity\) when calling the GetServiceLinkedRoleDeletionStatus operation/);
  });
});
