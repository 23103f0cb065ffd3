// IAM's credential report operations: GenerateCredentialReport and GetCredentialReport, on * (the actions
// have no resource type).
import type { Operations } from '../../../aws/generated/iam.js';
import type { ServiceOperations } from '../../../aws/service.js';
import { CredentialReports } from '../credential-report.js';
import type { Identities } from '../identities.js';
import { account, onAll } from './common.js';

export function credentialReportOperations(identities: Identities): ServiceOperations<Operations> {
  const reports = new CredentialReports(identities.store, identities, identities.clock);
  return {
    GenerateCredentialReport: {
      authorize: onAll('iam:GenerateCredentialReport'),
      handle: (_input, ctx) => reports.generate(account(ctx)),
    },
    GetCredentialReport: {
      authorize: onAll('iam:GetCredentialReport'),
      handle: (_input, ctx) => reports.get(account(ctx)),
    },
  };
}
