// STS AssumeRoot: short-term root credentials in a member account of an AWS Organization, limited to one of
// AWS's root task policies. It needs the organization's centralized root access (RootSessions, enabled from
// the management account or IAM's delegated administrator); an account in no organization, as every
// account here is (AWS Organizations is not served: docs/iam.md "Account"), has no member account to act
// in, so a request that is well formed and allowed by the caller's policies is refused after authorization.
// The root task policies are AWS's managed policies under /root-task/ (the managed-policy data).
import { commonErrors } from '../../aws/generated/sts.js';
import type { Operations } from '../../aws/generated/sts.js';
import type { ServiceOperations } from '../../aws/service.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import type { Sts } from './sts.js';
import { partition } from '../../aws/partitions.js';

const ROOT_TASK_POLICY = /^arn:aws(?:-cn|-us-gov)?:iam::aws:policy\/root-task\/[\w+=,.@-]+$/;
const TARGET = /^(?:(\d{12})|arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):root)$/;

/** The member account a TargetPrincipal names (an account id, or its root's ARN). */
export function targetAccount(principal: string): string {
  const m = TARGET.exec(principal);
  if (!m) throw commonErrors.ValidationError(`The TargetPrincipal ${principal} is not a valid account ID or root user ARN.`);
  return m[1] ?? m[2];
}

export function assumeRootOperations(sts: Sts): ServiceOperations<Operations> {
  const taskPolicy = async (arn: string | undefined): Promise<string> => {
    if (!arn || !ROOT_TASK_POLICY.test(arn) || (await sts.iam.policies.document(arn)) === undefined) {
      throw commonErrors.ValidationError(`The TaskPolicyArn ${arn ?? ''} is not one of the AWS managed root task policies (arn:aws:iam::aws:policy/root-task/...).`);
    }
    return arn;
  };
  return {
    AssumeRoot: {
      summary: 'AWS\'s root task policies only, sts:TaskPolicyArn authorized; refused for an account in no organization',
      authorize: async (input) => {
        const account = targetAccount(input.TargetPrincipal);
        const policy = await taskPolicy(input.TaskPolicyArn.arn);
        return [await authorizationTarget('sts:AssumeRoot', `arn:${partition()}:iam::${account}:root`, { keys: { 'sts:TaskPolicyArn': policy } })];
      },
      handle: async (input, ctx) => {
        const account = targetAccount(input.TargetPrincipal);
        // No organization, so no centralized root access: AWS's refusal of a caller outside one.
        throw commonErrors.AccessDenied(
          `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRoot on resource: arn:${partition()}:iam::${account}:root because centralized root access is not enabled: the account belongs to no organization`,
        );
      },
    },
  };
}
