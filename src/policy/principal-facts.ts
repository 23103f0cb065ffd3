// What a principal fixes of every request it makes, whatever the request: the global condition keys whose
// values (or absence) follow from who it is. Effective permissions (effective.ts) decide the conditions on
// these keys and leave the others to the request. The values are those the deciders give real requests
// (src/services/iam/request-context.ts, src/services/sts/on-behalf-sessions.ts). No I/O.
import type { ContextValues } from './types.js';

export interface PrincipalFacts {
  /** user; role: any session of the role (the service's, for a service-linked role); session: one session. */
  kind: 'user' | 'role' | 'session';
  /** aws:PrincipalArn: the user's ARN, or the role's ARN for the role and its sessions. */
  arn: string;
  account: string;
  /** aws:userid: a user's id (AIDA...), a session's (AROA...:name); a role's sessions each have their own. */
  userId?: string;
  /** aws:username: users only. */
  userName?: string;
  /** aws:PrincipalTag/*: the user's or role's tags (a session's: the role's with its session tags over them). */
  tags: Record<string, string>;
}

export interface PrincipalKnowledge {
  /** The known keys' values, as a request's context. */
  context: ContextValues;
  /** Does the principal fix this key (lowercased), present or absent? */
  known: (keyLower: string) => boolean;
}

// Keys every request of a user or role session carries with the same value, or never carries: the
// principal is no AWS service (aws:PrincipalServiceName, ...NamesList absent, aws:PrincipalIsAWSService
// false, also for a service-linked role's sessions, whose calls are the role session's) and, as no
// account here belongs to an organization, aws:PrincipalOrgID and aws:PrincipalOrgPaths are absent.
const ALWAYS_KNOWN = new Set([
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principalservicenameslist',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:username',
]);

export function principalKnowledge(facts: PrincipalFacts): PrincipalKnowledge {
  const context: ContextValues = {
    'aws:PrincipalArn': facts.arn,
    'aws:PrincipalAccount': facts.account,
    'aws:PrincipalType': facts.kind === 'user' ? 'User' : 'AssumedRole',
    'aws:PrincipalIsAWSService': 'false',
  };
  if (facts.userName !== undefined) context['aws:username'] = facts.userName;
  if (facts.userId !== undefined) context['aws:userid'] = facts.userId;
  for (const [key, value] of Object.entries(facts.tags)) context[`aws:PrincipalTag/${key}`] = value;
  const userIdKnown = facts.userId !== undefined;
  return {
    context,
    known: (key) => ALWAYS_KNOWN.has(key) || key.startsWith('aws:principaltag/') || (userIdKnown && key === 'aws:userid'),
  };
}
