// Managed policy ARNs as IAM reads them: arn:aws:iam::aws:policy/PATH/NAME (AWS managed) and
// arn:aws:iam::ACCOUNT:policy/PATH/NAME (customer managed), and the checks of a PolicyArn parameter.
import { commonErrors } from '../../aws/generated/iam.js';
import { partition } from '../../aws/partitions.js';

/** A managed policy ARN: arn:aws:iam::aws|ACCOUNT:policy/PATH/NAME. */
const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::(aws|\d{12}):policy\/([\u0021-\u007E]*\/)?[\w+=,.@-]+$/;

/** Any ARN as IAM parses one: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. */
const ANY_ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

export function isPolicyArn(arn: string): boolean {
  return POLICY_ARN.test(arn);
}

/** ValidationError `ARN X is not valid.` unless `arn` is a managed policy's. */
export function checkPolicyArn(arn: string): void {
  if (!isPolicyArn(arn)) throw commonErrors.ValidationError(`ARN ${arn} is not valid.`);
}

/**
 * The PolicyArn of AttachRolePolicy / AttachUserPolicy / AttachGroupPolicy: a string that is not an ARN
 * at all answers AWS's `Invalid ARN:  Could not be parsed!` (two spaces; ValidationError 400, as
 * localstack's snapshot tests recorded it from AWS); an ARN that is not a policy's, `ARN X is not valid.`
 */
export function checkAttachPolicyArn(policyArn: string): void {
  if (!ANY_ARN.test(policyArn)) throw commonErrors.ValidationError('Invalid ARN:  Could not be parsed!');
  checkPolicyArn(policyArn);
}

export function customerPolicyArn(accountId: string, path: string, name: string): string {
  return `arn:${partition()}:iam::${accountId}:policy${path}${name}`;
}

export function isAwsManagedArn(arn: string): boolean {
  return /^arn:aws[\w-]*:iam::aws:policy\//.test(arn);
}

/** An AWS managed policy under /aws-service-role/: it belongs to a service-linked role (AWS: a "service role policy"). */
export function isServiceRolePolicyArn(arn: string): boolean {
  return /^arn:aws[\w-]*:iam::aws:policy\/aws-service-role\//.test(arn);
}

/** The simulator's SourcePolicyType of a managed policy. */
export function managedPolicySourceType(arn: string): 'aws-managed' | 'user-managed' {
  return isAwsManagedArn(arn) ? 'aws-managed' : 'user-managed';
}

/** The account of a customer managed policy ARN, or undefined. */
export function policyAccount(arn: string): string | undefined {
  return /^arn:aws[\w-]*:iam::(\d{12}):policy\//.exec(arn)?.[1];
}

export function splitPolicyArn(arn: string): { path: string; name: string } {
  const rest = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
  const slash = rest.lastIndexOf('/');
  return { path: rest.slice(0, slash + 1), name: rest.slice(slash + 1) };
}
