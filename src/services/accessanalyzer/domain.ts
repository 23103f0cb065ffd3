// What Access Analyzer's operations call: the platform the module was given (store, IAM, the audit trail),
// and the parts that decide each kind of check (added beside this file, one concern per module).
import type { LinkedServicePlatform } from '../kit/module.js';
import type { AnalyzerParts } from './analyzer-parts.js';
import type { PolicyGenerations } from './policy-generation.js';

export interface AccessAnalyzerDomain extends AnalyzerParts {
  platform: LinkedServicePlatform;
  /** Policy generation from the audit trail (policy-generation.ts). */
  policyGenerations: PolicyGenerations;
}
