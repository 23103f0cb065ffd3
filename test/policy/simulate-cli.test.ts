// `linkedrole simulate`, run as a user runs it: a child process reading files and stdin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { seedPolicyDocument, SEED_PRINCIPAL } from './support/workload.js';

const dir = mkdtempSync(join(tmpdir(), 'linkedrole-simulate-'));
const FLOW = 'arn:aws:appflow:us-east-1:123456789012:flow/FlowCreatedByAppIntegrations-1';

function simulate(args: string[], stdin?: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'simulate', ...args], { input: stdin, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const startFlow = (tag?: string) => ({
  principal: SEED_PRINCIPAL,
  action: 'appflow:StartFlow',
  resource: FLOW,
  context: tag === undefined ? {} : { 'aws:ResourceTag/AppIntegrationsManaged': tag },
  identityPolicies: [seedPolicyDocument()],
});

describe('linkedrole simulate', { timeout: 120_000 }, () => {
  test('--input FILE --json with one request prints one result', () => {
    const run = simulate(['--input', file('one.json', startFlow('true')), '--json']);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.decision, 'allowed');
    assert.equal(result.matchedStatements[0].statementIndex, 3);
    assert.deepEqual(result.missingContextValues, []);
    assert.match(result.explanation, /^Decision: allowed/);
  });

  test('--input - reads an array from stdin and prints an array', () => {
    const run = simulate(['--input', '-', '--json'], JSON.stringify([startFlow('true'), startFlow()]));
    assert.equal(run.status, 0, run.stderr);
    const results = JSON.parse(run.stdout);
    assert.deepEqual(results.map((r: { decision: string }) => r.decision), ['allowed', 'implicitDeny']);
    assert.deepEqual(results[1].missingContextValues, ['aws:ResourceTag/AppIntegrationsManaged']);
  });

  test('text output explains the decision', () => {
    const run = simulate(['--input', file('deny.json', startFlow('false'))]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Decision: implicitDeny/);
    assert.match(run.stdout, /StringEquals aws:ResourceTag\/AppIntegrationsManaged: request value "false" does not match \["true"\]/);
  });

  test('an invalid document is a validation error with its path and rule, and exit status 1', () => {
    const bad = { ...startFlow('true'), identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'appflow:*' }] }] };
    const run = simulate(['--input', file('bad.json', bad), '--json']);
    assert.equal(run.status, 1);
    const output = JSON.parse(run.stdout);
    assert.equal(output.decision, undefined);
    assert.deepEqual(output.errors, [
      { path: 'identityPolicies[0].Statement[0].Resource', rule: 'Resource', message: 'Policy statement must contain resources.' },
    ]);
  });

  test('in an array, valid requests are decided and invalid ones reported', () => {
    const run = simulate(['--input', '-', '--json'], JSON.stringify([startFlow('true'), { action: 'x' }]));
    assert.equal(run.status, 1);
    const [ok, bad] = JSON.parse(run.stdout);
    assert.equal(ok.decision, 'allowed');
    assert.ok(bad.errors.some((e: { path: string }) => e.path === 'principal'));
  });

  test('flags: --policy, --action, --resource, --principal and repeated --context', () => {
    const policy = file('policy.json', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'appflow:TagResource', Resource: 'arn:aws:appflow:*:*:flow/*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } } }],
    });
    const args = ['--policy', policy, '--action', 'appflow:TagResource', '--resource', FLOW, '--json'];
    const allowed = simulate([...args, '--context', 'aws:TagKeys=a', '--context', 'aws:TagKeys=b']);
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.equal(JSON.parse(allowed.stdout).decision, 'allowed');
    assert.equal(JSON.parse(allowed.stdout).matchedStatements[0].policyId, policy);
    const denied = simulate([...args, '--context', 'aws:TagKeys=a', '--context', 'aws:TagKeys=c']);
    assert.equal(JSON.parse(denied.stdout).decision, 'implicitDeny');
  });

  test('--policy with a syntax error names its line', () => {
    const run = simulate(['--policy', file('broken.json', '{\n  "Statement": [\n    {"Effect": "Allow",, }\n  ]\n}'), '--action', 's3:GetObject']);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /identityPolicies\[0\] \(line 3, column 24\): Syntax errors in policy\. \[Syntax\]/);
  });

  describe("trustPolicy: a role's trust policy decides sts:AssumeRole on the role, both sides across accounts", () => {
    const ROLE = 'arn:aws:iam::123456789012:role/Auditor';
    const BOB = 'arn:aws:iam::210987654321:user/bob';
    const trustOther = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole' }] };
    const mayAssume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }] };
    // [name, request fields, decision, policySetDecisions]
    const cases: [string, Record<string, unknown>, string, Record<string, string>][] = [
      ["trusted account, the caller's policies allow", { identityPolicies: [mayAssume] }, 'allowed', { identity: 'allowed', resource: 'allowed' }],
      ["trusted account, the caller's policies do not", { identityPolicies: [] }, 'implicitDeny', { identity: 'implicitDeny', resource: 'allowed' }],
      [
        'an SCP of the caller that does not allow',
        { identityPolicies: [mayAssume], serviceControlPolicies: [[{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }]] },
        'implicitDeny',
        { identity: 'allowed', resource: 'allowed', organizations: 'implicitDeny' },
      ],
    ];
    for (const [name, fields, decision, sets] of cases) {
      test(`${name} -> ${decision}`, () => {
        const request = { principal: BOB, action: 'sts:AssumeRole', resource: ROLE, trustPolicy: trustOther, ...fields };
        const run = simulate(['--input', file('trust.json', request), '--json']);
        assert.equal(run.status, 0, run.stderr);
        const result = JSON.parse(run.stdout);
        assert.equal(result.decision, decision);
        assert.deepEqual(result.policySetDecisions, sets);
      });
    }
    test('--trust-policy FILE on the command line', () => {
      const args = ['--principal', BOB, '--trust-policy', file('trust-doc.json', trustOther), '--action', 'sts:AssumeRole', '--resource', ROLE, '--json'];
      assert.equal(JSON.parse(simulate([...args, '--policy', file('assume.json', mayAssume)]).stdout).decision, 'allowed');
      assert.equal(JSON.parse(simulate(args).stdout).decision, 'implicitDeny');
    });
    test('a trust policy is read as one: a Resource in it is refused, and so is giving a resourcePolicy too', () => {
      const withResource = { ...trustOther, Statement: [{ ...trustOther.Statement[0], Resource: '*' }] };
      const run = simulate(['--input', file('trust-bad.json', { principal: BOB, action: 'sts:AssumeRole', resource: ROLE, trustPolicy: withResource, resourcePolicy: withResource }), '--json']);
      assert.equal(run.status, 1);
      assert.deepEqual(
        JSON.parse(run.stdout).errors.map((e: { path: string; rule: string }) => [e.path, e.rule]),
        [['trustPolicy', 'Request'], ['trustPolicy.Statement[0].Resource', 'ProhibitedField']],
      );
    });
  });

  test('missing or conflicting arguments are usage errors', () => {
    assert.equal(simulate([]).status, 1);
    const both = simulate(['--input', file('x.json', startFlow()), '--action', 's3:GetObject']);
    assert.equal(both.status, 1);
    assert.match(both.stderr, /cannot be combined/);
    assert.equal(simulate(['--input', file('garbage.json', 'not json')]).status, 1);
  });
});
