// NotPrincipal with Deny exempts exactly the principals it lists (IAM User Guide, "AWS JSON policy
// elements: NotPrincipal"): an account listed exempts its root alone, a role its role ARN alone, and a
// session only when its own session ARN is listed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, explain, type AuthorizationRequest, type EvalDecision } from '../../src/policy/index.js';
import { compiled } from './support/helpers.js';

const ACCOUNT = '444455556666';
const OTHER = '111122223333';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/Bob`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/Alice`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ops/cross-account-read-only-role`;
const AUDIT_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/cross-account-read-only-role/cross-account-audit-app`;
const OTHER_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/cross-account-read-only-role/someone-else`;
const OTHER_ROOT = `arn:aws:iam::${OTHER}:root`;
const OTHER_BOB = `arn:aws:iam::${OTHER}:user/Bob`;
const BUCKET = 'arn:aws:s3:::BUCKETNAME/key';

/** A bucket policy: everyone may read, except that the Deny applies to all but `notPrincipal`. */
function request(principal: string, notPrincipal: unknown): AuthorizationRequest {
  const resourcePolicy = compiled(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: BUCKET },
        { Sid: 'AllButListed', Effect: 'Deny', NotPrincipal: notPrincipal, Action: 's3:*', Resource: BUCKET },
      ],
    },
    'resource',
  );
  const identity = compiled({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  return {
    principal,
    action: 's3:GetObject',
    resource: BUCKET,
    resourceAccount: ACCOUNT,
    identityPolicies: principal.includes('.amazonaws.com') ? [] : [{ policy: identity }],
    resourcePolicy: { policy: resourcePolicy, id: 'ResourcePolicy' },
  };
}

const BOB_AND_ACCOUNT = { AWS: [BOB, ROOT] };
const ROLE_AND_ACCOUNT = { AWS: [ROLE, ROOT] };
const SESSION_ROLE_ACCOUNT = { AWS: [AUDIT_SESSION, ROLE, ROOT] };

// [NotPrincipal, caller, decision]: allowed means exempt from the Deny, explicitDeny means denied.
const cases: [string, unknown, string, EvalDecision][] = [
  ['the listed user is exempt', BOB_AND_ACCOUNT, BOB, 'allowed'],
  ["the listed account's root is exempt", BOB_AND_ACCOUNT, ROOT, 'allowed'],
  ['another user of the listed account is denied', BOB_AND_ACCOUNT, ALICE, 'explicitDeny'],
  ['a session of a role of the listed account is denied', BOB_AND_ACCOUNT, AUDIT_SESSION, 'explicitDeny'],
  ['a user of the same name in another account is denied', BOB_AND_ACCOUNT, OTHER_BOB, 'explicitDeny'],
  ["another account's root is denied", BOB_AND_ACCOUNT, OTHER_ROOT, 'explicitDeny'],
  ['an account given as 12 digits exempts its root', { AWS: ACCOUNT }, ROOT, 'allowed'],
  ['an account given as 12 digits does not exempt its users', { AWS: ACCOUNT }, BOB, 'explicitDeny'],
  ['a root ARN does not exempt the account users', { AWS: ROOT }, ALICE, 'explicitDeny'],
  ['a listed role ARN exempts the role ARN itself', ROLE_AND_ACCOUNT, ROLE, 'allowed'],
  ['a listed role ARN does not exempt its sessions', ROLE_AND_ACCOUNT, AUDIT_SESSION, 'explicitDeny'],
  ['a listed session ARN exempts that session', SESSION_ROLE_ACCOUNT, AUDIT_SESSION, 'allowed'],
  ['a listed session ARN does not exempt other sessions of its role', SESSION_ROLE_ACCOUNT, OTHER_SESSION, 'explicitDeny'],
  ['a listed session ARN alone exempts that session', { AWS: AUDIT_SESSION }, AUDIT_SESSION, 'allowed'],
  ['a listed user ARN is matched exactly, path included', { AWS: `arn:aws:iam::${ACCOUNT}:user/team/Bob` }, BOB, 'explicitDeny'],
  ['a listed service principal is exempt', { Service: 'cloudtrail.amazonaws.com' }, 'cloudtrail.amazonaws.com', 'allowed'],
  ['another service principal is denied', { Service: 'cloudtrail.amazonaws.com' }, 'config.amazonaws.com', 'explicitDeny'],
  ['an AWS principal list does not exempt a service', BOB_AND_ACCOUNT, 'cloudtrail.amazonaws.com', 'explicitDeny'],
  ['another account listed exempts its root across accounts', { AWS: [OTHER_ROOT] }, OTHER_ROOT, 'allowed'],
];

describe('NotPrincipal with Deny exempts only the principals it lists', () => {
  for (const [name, notPrincipal, principal, expected] of cases) {
    test(`${name}: ${principal} -> ${expected}`, () => {
      const req = request(principal, notPrincipal);
      assert.equal(evaluate(req).decision, expected);
      const explained = explain(req);
      assert.equal(explained.decision, expected, 'explain agrees with evaluate');
      if (expected === 'explicitDeny') assert.deepEqual(explained.matchedStatements.map((m) => m.sid), ['AllButListed']);
      else assert.ok(explained.unmatchedStatements.some((u) => u.sid === 'AllButListed' && u.reason === 'principal'));
    });
  }
});
