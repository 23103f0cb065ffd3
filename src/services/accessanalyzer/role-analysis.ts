// The analysis of an external-access analyzer (type ACCOUNT): every IAM role of the account (resource type
// AWS::IAM::Role), each with the external accesses its trust policy grants (external-access.ts) as its
// findings. A role is analyzed anew when its trust policy changes (the fingerprint is the policy's digest).
import type { Iam } from '../iam/iam.js';
import { roleKey, type Role } from '../iam/roles.js';
import type { Analyzer } from './analyzers.js';
import { externalAccesses } from './external-access.js';
import { digest, type Analysis, type ObservedFinding, type ObservedResource } from './findings.js';

const PAGE = 500;

/** Every role of the account, in name order. */
export async function allRoles(iam: Iam, accountId: string): Promise<Role[]> {
  const roles: Role[] = [];
  for (let afterKey: string | undefined; ; ) {
    const page = await iam.roles.list(accountId, { afterKey, limit: PAGE });
    roles.push(...page);
    if (page.length < PAGE) return roles;
    afterKey = roleKey(page[page.length - 1].roleName);
  }
}

export class RoleTrustAnalysis implements Analysis {
  constructor(private readonly iam: Iam) {}

  /** The account's count of role changes (IAM keeps it with every write of a role, its trust policy or tags). */
  async version(analyzer: Analyzer): Promise<string> {
    return String(await this.iam.roles.version(analyzer.scope.accountId));
  }

  async observe(analyzer: Analyzer): Promise<ObservedResource[]> {
    const { accountId } = analyzer.scope;
    return (await allRoles(this.iam, accountId)).map((role) => {
      let findings: ObservedFinding[] | undefined;
      return {
        arn: role.arn,
        type: 'AWS::IAM::Role',
        owner: accountId,
        fingerprint: digest(role.assumeRolePolicyDocument),
        // Worked out when read: Findings reconciles only the roles whose trust policy changed (or is rescanned).
        get findings() {
          return (findings ??= externalAccesses(role.assumeRolePolicyDocument, accountId).map((access) => ({
            key: digest([access.principal, access.action, access.condition]),
            findingType: 'ExternalAccess' as const,
            details: { externalAccessDetails: access },
          })));
        },
      };
    });
  }
}
