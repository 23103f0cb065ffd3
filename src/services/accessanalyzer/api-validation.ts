// Access Analyzer's operations of one kind: policy validation (ValidatePolicy). Composed with the others by api.ts.
import type { Operations } from '../../aws/generated/accessanalyzer.js';
import type { ServiceOperations } from '../../aws/service.js';
import type { AccessAnalyzerDomain } from './domain.js';

export function validationOperations(_domain: AccessAnalyzerDomain): ServiceOperations<Operations> {
  return {};
}
