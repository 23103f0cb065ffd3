// Access Analyzer's operations of one kind: the custom policy checks (CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess). Composed with the others by api.ts.
import type { Operations } from '../../aws/generated/accessanalyzer.js';
import type { ServiceOperations } from '../../aws/service.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import type { AccessAnalyzerDomain } from './domain.js';

export function checkOperations(domain: AccessAnalyzerDomain): ServiceOperations<Operations> {
  const checks = domain.checks;
  return {
    CheckNoNewAccess: {
      summary: 'Decides with Z3 whether the new policy allows any request the existing one does not (any principal, resource and context); FAIL names each new statement granting it',
      authorize: async () => [await authorizationTarget('access-analyzer:CheckNoNewAccess', '*')],
      handle: (input, ctx) => checks.checkNoNewAccess(ctx.caller.accountId, input.newPolicyDocument, input.existingPolicyDocument, input.policyType),
    },
    CheckAccessNotGranted: {
      summary: 'Decides with Z3 whether the policy can allow any listed action on any listed resource, for any principal and context; FAIL names each statement granting it',
      authorize: async () => [await authorizationTarget('access-analyzer:CheckAccessNotGranted', '*')],
      handle: (input, ctx) => checks.checkAccessNotGranted(ctx.caller.accountId, input.policyDocument, input.access, input.policyType),
    },
    CheckNoPublicAccess: {
      summary: 'Decides with Z3 whether the resource policy allows a principal of an account, organization, VPC or source it does not name; FAIL names each statement granting it',
      authorize: async () => [await authorizationTarget('access-analyzer:CheckNoPublicAccess', '*')],
      handle: (input, ctx) => checks.checkNoPublicAccess(ctx.caller.accountId, input.policyDocument, input.resourceType),
    },
  };
}
