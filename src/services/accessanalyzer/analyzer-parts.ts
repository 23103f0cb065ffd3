// The analyzers' parts, made for the module's platform and wired to each other: the analyzers, their
// findings (with the analysis of each kind of analyzer) and their archive rules.
import type { LinkedServicePlatform } from '../kit/module.js';
import { AccessPreviews } from './access-previews.js';
import { Analyzers, isExternalAccess, isUnusedAccess, SERVICE_PRINCIPAL, type Analyzer } from './analyzers.js';
import { ArchiveRules } from './archive-rules.js';
import { Findings, type Analysis } from './findings.js';
import { Recommendations } from './recommendations.js';
import { RoleTrustAnalysis } from './role-analysis.js';
import { UnusedAccessAnalysis } from './unused-access.js';

export interface AnalyzerParts {
  analyzers: Analyzers;
  findings: Findings;
  archiveRules: ArchiveRules;
  recommendations: Recommendations;
  accessPreviews: AccessPreviews;
}

export function analyzerParts(platform: LinkedServicePlatform): AnalyzerParts {
  const { store, clock } = platform;
  const roleTrust = new RoleTrustAnalysis(platform.iam);
  const unusedAccess = new UnusedAccessAnalysis(platform.iam, platform.iamIdentities, platform.audit, clock);
  // ACCOUNT_INTERNAL_ACCESS has no analysis: none of its resource types (S3, DynamoDB, ...) is served here.
  const analysisOf = (analyzer: Analyzer): Analysis | undefined => (isExternalAccess(analyzer.type) ? roleTrust : isUnusedAccess(analyzer.type) ? unusedAccess : undefined);
  let analyzers: Analyzers | undefined;
  const findings = new Findings(store, clock, analysisOf, ArchiveRules.filters, (db, arn, resource, at) => analyzers!.analyzed(db, arn, resource, at));
  const archiveRules = new ArchiveRules(store, clock, findings);
  analyzers = new Analyzers(
    store,
    clock,
    async (accountId) => {
      await platform.serviceLinkedRoles.ensure(accountId, SERVICE_PRINCIPAL);
    },
    (db, arn, rules) => archiveRules.insert(db, arn, rules),
    async (db, arn) => {
      await Findings.removeAll(db, arn);
      await ArchiveRules.removeAll(db, arn);
    },
  );
  const recommendations = new Recommendations(store, clock, findings, async (accountId, arn) => {
    const role = /:role\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (role) {
      const found = await platform.iam.roles.find(accountId, role[1]);
      return found ? (await platform.iam.rolePolicies.load(found)).identity : undefined;
    }
    const user = /:user\/(?:.*\/)?([^/]+)$/.exec(arn);
    const found = user ? await platform.iamIdentities.users.find(accountId, user[1]) : undefined;
    return found ? (await platform.iamIdentities.userAuthorization(found.userId))?.identity : undefined;
  });
  const accessPreviews = new AccessPreviews(store, clock, findings, ArchiveRules.filters);
  return { analyzers, findings, archiveRules, recommendations, accessPreviews };
}
