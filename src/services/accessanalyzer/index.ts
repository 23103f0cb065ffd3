// IAM Access Analyzer as one ServiceModule (kit/module.ts): policy validation and the custom policy checks
// (decided by reasoning over the policy language), analyzers of external and unused access over the
// account's roles and the audit trail, policy generation from the audit trail; what uses the roles of
// access-analyzer.amazonaws.com; its API binding and its tables.
import type { ServiceModuleDefinition } from '../kit/module.js';
import { analyzerParts } from './analyzer-parts.js';
import { SERVICE_PRINCIPAL } from './analyzers.js';
import { accessAnalyzerApi } from './api.js';
import { CustomChecks } from './custom-checks.js';
import type { AccessAnalyzerDomain } from './domain.js';
import { ACCESS_ANALYZER_MIGRATIONS } from './migrations.js';
import { PolicyGenerations } from './policy-generation.js';

export function accessAnalyzerModule(): ServiceModuleDefinition<AccessAnalyzerDomain> {
  return {
    migrations: ACCESS_ANALYZER_MIGRATIONS,
    create(platform) {
      const checks = new CustomChecks();
      const domain: AccessAnalyzerDomain = { platform, ...analyzerParts(platform), policyGenerations: new PolicyGenerations(platform), checks };
      // The analyzers keep AWSServiceRoleForAccessAnalyzer in use (the first one made it).
      return { domain, apis: [accessAnalyzerApi(domain)], linkedServices: { [SERVICE_PRINCIPAL]: domain.analyzers }, workers: [] };
    },
  };
}
