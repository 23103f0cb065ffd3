// Access Analyzer's operations of one kind: analyzers, their findings and archive rules, access previews, tags. Composed with the others by api.ts.
import type { Operations } from '../../aws/generated/accessanalyzer.js';
import type { ServiceOperations } from '../../aws/service.js';
import type { AccessAnalyzerDomain } from './domain.js';

export function analyzerOperations(_domain: AccessAnalyzerDomain): ServiceOperations<Operations> {
  return {};
}
