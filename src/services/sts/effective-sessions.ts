// Role sessions for effective permissions (src/services/iam/effective-permissions.ts): a session acts with
// its role's policies limited by its session policy, the one AssumeRole was given.
import type { SessionLookup } from '../iam/effective-permissions.js';
import { compilePolicy } from '../iam/policy-documents.js';
import type { SessionStore } from './sessions.js';

/** The newest unexpired session of the ARN, as the role it acts as and its session policy. */
export function roleSessionLookup(sessions: SessionStore, clock: () => Date = () => new Date()): SessionLookup {
  return async (accountId, sessionArn) => {
    const session = await sessions.latestRoleSession(accountId, sessionArn, clock());
    if (!session) return undefined;
    return {
      roleArn: session.roleArn,
      expiration: session.expiration,
      // The same id and type the session decider gives it (src/services/sts/session-decider.ts).
      ...(session.sessionPolicy ? { sessionPolicy: { policy: compilePolicy(session.sessionPolicy, 'session'), id: 'SessionPolicy', type: 'session' } } : {}),
    };
  };
}
