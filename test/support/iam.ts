// Helpers shared by the tests that call IAM: trust policies, a check of an AWS error as the SDK raises
// it, and a service-linked role's deletion followed to its end.
import {
  DeleteServiceLinkedRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  type GetServiceLinkedRoleDeletionStatusCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { waitFor } from './wait.js';

export function trustPolicy(service = 'lambda.amazonaws.com'): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

export const s3ReadPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*' }],
});

/** Asserts that `promise` fails with the AWS error `code` (as the SDK names it), `message` and HTTP `status`. */
export async function rejectsWith(promise: Promise<unknown>, code: string, message: string | RegExp, status: number): Promise<void> {
  await assert.rejects(promise, (error: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
    const name = error.name.endsWith('Exception') && !code.endsWith('Exception') ? error.name.slice(0, -'Exception'.length) : error.name;
    assert.equal(name, code, `error name (${error.name}: ${error.message})`);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    assert.equal(error.$metadata?.httpStatusCode, status, 'HTTP status');
    return true;
  });
}

/** A deletion task has ended once it SUCCEEDED or FAILED. */
export const deletionEnded = (status: { Status?: string }): boolean => status.Status === 'SUCCEEDED' || status.Status === 'FAILED';

/** DeleteServiceLinkedRole, then the deletion status once the task has ended. */
export async function deleteServiceLinkedRole(iam: IAMClient, roleName: string): Promise<GetServiceLinkedRoleDeletionStatusCommandOutput> {
  const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: roleName }));
  return waitFor(() => iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId })), deletionEnded);
}
