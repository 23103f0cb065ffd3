// Helpers shared by the IAM tests: trust policies, and a check of an AWS error as the SDK raises it.
import assert from 'node:assert/strict';

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
