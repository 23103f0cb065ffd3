// IAM Access Analyzer's operations, named as AWS names them (REST-JSON, signing name access-analyzer), bound
// by kind: policy validation, the custom policy checks, analyzers with their findings and archive rules, and
// policy generation. Each declares the permission it needs (access-analyzer:<Action>) and calls the domain.
import type { Operations } from '../../aws/generated/accessanalyzer.js';
import { loadModel } from '../../aws/model.js';
import type { ServiceApi } from '../../aws/service.js';
import { bindOnce } from '../../aws/bind-once.js';
import { analyzerOperations } from './api-analyzers.js';
import { checkOperations } from './api-checks.js';
import { generationOperations } from './api-generation.js';
import { validationOperations } from './api-validation.js';
import type { AccessAnalyzerDomain } from './domain.js';

export function accessAnalyzerApi(domain: AccessAnalyzerDomain): ServiceApi<Operations> {
  return {
    signingName: 'access-analyzer',
    protocol: 'rest-json',
    models: [loadModel('accessanalyzer')],
    operations: bindOnce<Operations>(
      'Access Analyzer',
      validationOperations(domain),
      checkOperations(domain),
      analyzerOperations(domain),
      generationOperations(domain),
    ),
  };
}
