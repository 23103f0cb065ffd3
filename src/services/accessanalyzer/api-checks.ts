// Access Analyzer's operations of one kind: the custom policy checks (CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess). Composed with the others by api.ts.
import type { Operations } from '../../aws/generated/accessanalyzer.js';
import type { ServiceOperations } from '../../aws/service.js';
import type { AccessAnalyzerDomain } from './domain.js';

export function checkOperations(_domain: AccessAnalyzerDomain): ServiceOperations<Operations> {
  return {};
}
