// Role sessions for effective permissions (src/services/iam/effective-permissions.ts): a session acts with
// its role's policies limited by its session policy, the one AssumeRole was given.
import type { SessionLookup } from '../iam/effective-permissions.js';
import type { Iam } from '../iam/iam.js';
import { compilePolicy } from '../iam/policy-documents.js';
import { principalTags } from './session-decider.js';
import type { SessionStore } from './sessions.js';

/**
 * The newest unexpired session of the ARN, as the role it acts as and its session policy, with what it fixes
 * of its requests: its aws:userid and its aws:PrincipalTag values (the role's tags under its session tags).
 */
export function roleSessionLookup(sessions: SessionStore, iam: Iam, clock: () => Date = () => new Date()): SessionLookup {
  return async (accountId, sessionArn) => {
    const session = await sessions.latestRoleSession(accountId, sessionArn, clock());
    if (!session) return undefined;
    const roleTags = await iam.roles.tags(accountId, session.roleName).catch(() => []);
    return {
      roleArn: session.roleArn,
      expiration: session.expiration,
      userId: `${session.roleId}:${session.sessionName}`,
      tags: principalTags(roleTags, session.sessionTags),
      // The same id and type the session decider gives it (src/services/sts/session-decider.ts).
      ...(session.sessionPolicy ? { sessionPolicy: { policy: compilePolicy(session.sessionPolicy, 'session'), id: 'SessionPolicy', type: 'session' } } : {}),
    };
  };
}
