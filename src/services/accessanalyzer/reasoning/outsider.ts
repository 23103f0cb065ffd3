// Who "the public" is for CheckNoPublicAccess: a principal of an AWS account the policy does not name,
// in no organization, VPC or source the policy names (the request's `outsider`). Its principal ARN and the context keys that
// identify a caller (its account, ARN, organization, VPC, user id; the source account and ARN a service
// acts for) are constrained so; every other key stays free. A policy passes when no such request is
// allowed, so that Principal "*" limited by aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceArn,
// aws:SourceAccount or aws:SourceVpce is not public, while one limited by aws:SourceIp is. The account
// keys and the principal's account are each "some account not named", not tied to one another: more
// requests, never fewer.
import type { Policy } from '../../../policy/compile.js';
import { caseVariants } from './conditions.js';
import { accountArn } from './principals.js';
import { KeyShape, type SymbolicRequest } from './request.js';
import type { Formula } from './solver.js';

const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner']);
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);
const ORGANIZATION_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:sourceorgid', 'aws:sourceorgpaths']);
const NAMED_KEYS = new Set(['aws:sourcevpc', 'aws:sourcevpce', 'aws:userid']);
/** An outsider is no AWS service. */
const SERVICE_KEYS = new Set(['aws:principalservicename', 'aws:principalservicenameslist']);

const IDENTIFYING_KEYS = new Set([...ACCOUNT_KEYS, ...ARN_KEYS, 'aws:principalorgid', 'aws:sourceorgid', ...NAMED_KEYS, 'aws:principalisawsservice', 'aws:principalservicename']);

/** The constraints on the request that make its caller an outsider; call once the policy is encoded. */
export function outsiderConstraints(policy: Policy, request: SymbolicRequest): Formula[] {
  const z = request.z;
  const patterns = request.patterns;
  const accounts = new Set(policy.source.match(/(?<!\d)\d{12}(?!\d)/g) ?? []);
  const organizations = new Set(policy.source.match(/o-[a-z0-9]{10,32}/g) ?? []);
  const literals = new Set<string>();
  for (const statement of policy.statements) {
    for (const condition of statement.conditions) for (const value of condition.values) literals.add(value.text);
  }
  const namedAccount = patterns.union([...accounts].map((a) => accountArn(request, a)));
  // The principal is one of an account the policy does not name: SymbolicRequest.outsider makes every
  // Principal element other than "*" miss it (principals.ts).
  const constraints: Formula[] = [];
  const outsideAccount = (text: Parameters<SymbolicRequest['equals']>[0]) => z.And(z.Bool.val(true), ...[...accounts].map((a) => z.Not(request.equals(text, a))));
  const namedOrganization = patterns.union([...organizations].map((o) => patterns.concat(patterns.anyText, patterns.literal(o), patterns.anyText)));
  const notLiteral = (text: Parameters<SymbolicRequest['equals']>[0]) => z.And(...[...literals].map((l) => z.Not(request.equals(text, l))), z.Bool.val(true));
  for (const key of request.readKeys()) {
    const name = key.keyLower;
    // These keys are single-valued in AWS: the caller has one account, one ARN, one organization.
    if (IDENTIFYING_KEYS.has(name)) constraints.push(z.Not(key.isShape(KeyShape.List)));
    for (const slot of key.slots) {
      let constraint: Formula | undefined;
      if (ACCOUNT_KEYS.has(name)) constraint = outsideAccount(slot.text);
      else if (ARN_KEYS.has(name)) constraint = z.And(notLiteral(slot.text), z.Not(request.inRe(slot.text, namedAccount)));
      else if (ORGANIZATION_KEYS.has(name)) constraint = z.And(notLiteral(slot.text), z.Not(request.inRe(slot.text, namedOrganization)));
      else if (NAMED_KEYS.has(name)) constraint = notLiteral(slot.text);
      else if (SERVICE_KEYS.has(name)) constraint = z.Bool.val(false);
      else if (name === 'aws:principalisawsservice') constraint = z.Not(z.Or(...caseVariants('true').map((t) => request.equals(slot.text, t))));
      if (constraint) constraints.push(z.Implies(slot.present, constraint));
    }
  }
  return constraints;
}
