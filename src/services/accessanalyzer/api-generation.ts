// Access Analyzer's operations of one kind: policy generation from the audit trail. Composed with the others by api.ts.
import type { Operations } from '../../aws/generated/accessanalyzer.js';
import type { ServiceOperations } from '../../aws/service.js';
import type { AccessAnalyzerDomain } from './domain.js';

export function generationOperations(_domain: AccessAnalyzerDomain): ServiceOperations<Operations> {
  return {};
}
