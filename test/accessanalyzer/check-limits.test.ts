// The bounds on the custom checks' work: the policy size each check takes (through the SDK), the budget of
// one check's questions, and the solver's queue, served in turn by account with a bounded length.
import { AccessAnalyzerClient, CheckAccessNotGrantedCommand, CheckNoNewAccessCommand, CheckNoPublicAccessCommand } from '@aws-sdk/client-accessanalyzer';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECK_SIZE_LIMITS } from '../../src/services/accessanalyzer/custom-checks.js';
import { satisfiableAmong, SolverBusy, SolverQueue, z3 } from '../../src/services/accessanalyzer/reasoning/solver.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

/** An identity (or resource) policy of exactly `size` characters other than whitespace. */
function policyOfSize(size: number, resourcePolicy = false): string {
  const statement = (resource: string) => ({ Effect: 'Allow', ...(resourcePolicy ? { Principal: { AWS: '111122223333' } } : {}), Action: 's3:GetObject', Resource: resource });
  const base = JSON.stringify({ Version: '2012-10-17', Statement: [statement('arn:aws:s3:::b/')] });
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [statement(`arn:aws:s3:::b/${'k'.repeat(size - base.length)}`)] });
  assert.equal(text.length, size);
  return text;
}

describe('custom checks: how much work one request may ask', () => {
  const env = useTestServer({ clients: { aa: AccessAnalyzerClient } });
  const SMALL = policyOfSize(200);

  // [check, policy type, size, the result (or refused)]
  const rows: [string, 'IDENTITY_POLICY' | 'RESOURCE_POLICY', number, 'PASS' | 'FAIL' | 'refused'][] = [
    ['CheckAccessNotGranted', 'IDENTITY_POLICY', CHECK_SIZE_LIMITS.identity, 'FAIL'],
    ['CheckAccessNotGranted', 'IDENTITY_POLICY', CHECK_SIZE_LIMITS.identity + 1, 'refused'],
    ['CheckAccessNotGranted', 'RESOURCE_POLICY', CHECK_SIZE_LIMITS.identity + 1, 'FAIL'],
    ['CheckAccessNotGranted', 'RESOURCE_POLICY', CHECK_SIZE_LIMITS.resource + 1, 'refused'],
    ['CheckNoNewAccess', 'IDENTITY_POLICY', CHECK_SIZE_LIMITS.identity + 1, 'refused'],
    ['CheckNoNewAccess', 'RESOURCE_POLICY', CHECK_SIZE_LIMITS.resource + 1, 'refused'],
    // A named account is not the public.
    ['CheckNoPublicAccess', 'RESOURCE_POLICY', CHECK_SIZE_LIMITS.resource, 'PASS'],
    ['CheckNoPublicAccess', 'RESOURCE_POLICY', CHECK_SIZE_LIMITS.resource + 1, 'refused'],
  ];
  for (const [check, type, size, expected] of rows) {
    it(`${check} of a ${type} of ${size} characters: ${expected === 'refused' ? 'ValidationException' : expected}`, async () => {
      const document = policyOfSize(size, type === 'RESOURCE_POLICY');
      const member = check === 'CheckNoNewAccess' ? 'newPolicyDocument' : 'policyDocument';
      const call =
        check === 'CheckAccessNotGranted'
          ? env.aa.send(new CheckAccessNotGrantedCommand({ policyDocument: document, access: [{ actions: ['s3:GetObject'] }], policyType: type }))
          : check === 'CheckNoNewAccess'
            ? env.aa.send(new CheckNoNewAccessCommand({ newPolicyDocument: document, existingPolicyDocument: type === 'RESOURCE_POLICY' ? policyOfSize(200, true) : SMALL, policyType: type }))
            : env.aa.send(new CheckNoPublicAccessCommand({ policyDocument: document, resourceType: 'AWS::S3::Bucket' }));
      if (expected !== 'refused') {
        assert.equal((await call).result, expected);
        return;
      }
      const limit = type === 'IDENTITY_POLICY' ? CHECK_SIZE_LIMITS.identity : CHECK_SIZE_LIMITS.resource;
      await rejectsWith(call, 'ValidationException', `${member} is too large: ${size} characters other than whitespace, of at most ${limit} for ${type === 'IDENTITY_POLICY' ? 'an identity' : 'a resource'} policy.`, 400);
    });
  }

  it('the existing policy of CheckNoNewAccess is bounded too', async () => {
    await rejectsWith(
      env.aa.send(new CheckNoNewAccessCommand({ newPolicyDocument: SMALL, existingPolicyDocument: policyOfSize(CHECK_SIZE_LIMITS.identity + 1), policyType: 'IDENTITY_POLICY' })),
      'ValidationException',
      /^existingPolicyDocument is too large/,
      400,
    );
  });
});

describe('custom checks: the budget of one check', () => {
  it('a question asked with no time left counts as satisfiable (FAIL, never PASS); with time, Z3 answers', async () => {
    const z = await z3();
    const x = z.Int.const('x');
    const given = [x.gt(0)];
    const candidates = [x.lt(0), x.gt(5)];
    assert.deepEqual(await satisfiableAmong(z, given, candidates, { deadline: Date.now() + 60_000 }), [false, true]);
    assert.deepEqual(await satisfiableAmong(z, given, candidates, { deadline: Date.now() - 1 }), [true, true]);
  });
});

describe('custom checks: the solver queue', () => {
  /** A check that runs until released, recording when it started. */
  const gate = () => {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    return { release, done };
  };

  it('serves the accounts in turn: another account waits for one check, not for every check of the first', async () => {
    const queue = new SolverQueue({ perCaller: 4, total: 32 });
    const order: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const submit = (caller: string, name: string) => {
      const g = gate();
      gates.set(name, g);
      return queue.run(caller, async () => {
        order.push(name);
        await g.done;
        return name;
      });
    };
    const runs = [submit('A', 'a1'), submit('A', 'a2'), submit('A', 'a3'), submit('A', 'a4'), submit('B', 'b1'), submit('B', 'b2'), submit('C', 'c1')];
    // Releases whatever runs now, until all ran.
    for (let i = 0; i < runs.length; i++) {
      while (order.length <= i) await new Promise((r) => setImmediate(r));
      gates.get(order[i])!.release();
    }
    assert.deepEqual(await Promise.all(runs), ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'c1']);
    assert.deepEqual(order, ['a1', 'a2', 'b1', 'c1', 'a3', 'b2', 'a4']);
    assert.equal(queue.length, 0);
  });

  // [limits, checks submitted as caller names (the first runs, the others wait), the ones refused]
  const rows: [string, { perCaller: number; total: number }, string[], number[]][] = [
    ['a caller may have perCaller checks waiting', { perCaller: 2, total: 10 }, ['A', 'A', 'A', 'A', 'B'], [3]],
    ['others are not refused for it', { perCaller: 1, total: 10 }, ['A', 'A', 'A', 'B', 'C', 'B'], [2, 5]],
    ['the whole queue is bounded', { perCaller: 5, total: 2 }, ['A', 'B', 'C', 'D'], [3]],
  ];
  for (const [name, limits, callers, refused] of rows) {
    it(`${name}: beyond it, SolverBusy (ThrottlingException)`, async () => {
      const queue = new SolverQueue(limits);
      const g = gate();
      const outcomes = callers.map((caller) =>
        queue.run(caller, () => g.done.then(() => 'ran')).then(
          (v) => v,
          (e: unknown) => {
            assert.ok(e instanceof SolverBusy);
            assert.ok(e.retryAfterSeconds > 0);
            return 'refused';
          },
        ),
      );
      g.release();
      const results = await Promise.all(outcomes);
      assert.deepEqual(results.flatMap((r, i) => (r === 'refused' ? [i] : [])), refused);
    });
  }
});
