// Access Analyzer's operations of one kind: policy validation (ValidatePolicy). Composed with the others by api.ts.
import { errors, type Operations } from '../../aws/generated/accessanalyzer.js';
import type { ServiceOperations } from '../../aws/service.js';
import { offsetPage } from '../kit/paging.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import type { AccessAnalyzerDomain } from './domain.js';
import { validatePolicyDocument } from './validation/index.js';

const invalidToken = (message: string) => errors.ValidationException(message, { reason: 'other' });

export function validationOperations(_domain: AccessAnalyzerDomain): ServiceOperations<Operations> {
  return {
    ValidatePolicy: {
      summary:
        'Checks a policy document as IAM Access Analyzer does (grammar, actions, resource ARNs and condition keys against the Service Authorization Reference, overly permissive PassRole and CreateServiceLinkedRole, redundancy): findings with AWS\'s issue codes, texts, links and locations; English texts whatever the locale (docs/insight.md)',
      authorize: async () => [await authorizationTarget('access-analyzer:ValidatePolicy', '*')],
      handle: async (input) => {
        if (input.validatePolicyResourceType !== undefined && input.policyType !== 'RESOURCE_POLICY') {
          throw errors.ValidationException('validatePolicyResourceType can be specified only when policyType is RESOURCE_POLICY.', { reason: 'fieldValidationFailed' });
        }
        if (input.maxResults !== undefined && input.maxResults < 1) {
          throw errors.ValidationException('maxResults must be at least 1.', { reason: 'fieldValidationFailed' });
        }
        const findings = await validatePolicyDocument(input.policyDocument, input.policyType, input.validatePolicyResourceType);
        const page = offsetPage(findings, input.maxResults, input.nextToken, Math.max(findings.length, 1), invalidToken);
        return { findings: page.items, nextToken: page.nextToken };
      },
    },
  };
}
