// What Access Analyzer's operations call: the platform the module was given (store, IAM, the audit trail),
// and the parts that decide each kind of check (added beside this file, one concern per module).
import type { LinkedServicePlatform } from '../kit/module.js';
import type { AnalyzerParts } from './analyzer-parts.js';
import type { PolicyGenerations } from './policy-generation.js';
import type { CustomChecks } from './custom-checks.js';

export interface AccessAnalyzerDomain extends AnalyzerParts {
  platform: LinkedServicePlatform;
  /** Policy generation from the audit trail (policy-generation.ts). */
  policyGenerations: PolicyGenerations;
  /** The custom policy checks (custom-checks.ts), decided with Z3, which loads on the first check. */
  checks: CustomChecks;
}
