// AWS's texts for the policy checks this server makes, as data: for each issue code its finding type, the
// anchor of its section in the user guide's "IAM Access Analyzer policy check reference"
// (access-analyzer-reference-policy-checks.html) and the findingDetails text the reference gives for
// programmatic calls, with its placeholders ({{name}}, or ${name} where the reference writes it so).
// The issue code is the anchor's check name in capitals (…-general-warning-missing-version: MISSING_VERSION).
import type { ValidatePolicyFindingType } from '../../../aws/generated/accessanalyzer.js';

export interface CheckText {
  readonly type: ValidatePolicyFindingType;
  /** The section's anchor without the page's `access-analyzer-reference-policy-checks-` prefix. */
  readonly anchor: string;
  readonly details: string;
}

const E = 'ERROR';
const S = 'SECURITY_WARNING';
const W = 'WARNING';
const G = 'SUGGESTION';

/** [finding type, the check's name in the anchor, findingDetails]. */
const ROWS: [ValidatePolicyFindingType, string, string][] = [
  // Errors: the grammar and the elements.
  [E, 'json-syntax-error', 'Fix the JSON syntax error at index {{index}} line {{line}} column {{column}}.'],
  [E, 'data-type-mismatch', 'The text does not match the expected JSON data type {{data_type}}.'],
  [E, 'invalid-policy-element', 'The policy element {{element}} is not valid.'],
  [E, 'invalid-version', 'The version ${version} is not valid. Use one of the following versions: ${versions}'],
  [E, 'missing-statement', 'Add a statement to the policy'],
  [E, 'missing-effect', 'Add an Effect element to the policy statement with a value of Allow or Deny.'],
  [E, 'invalid-effect', 'The effect {{effect}} is not valid. Use Allow or Deny.'],
  [E, 'missing-action', 'Add an Action or NotAction element to the policy statement.'],
  [E, 'missing-resource', 'Add a Resource or NotResource element to the policy statement.'],
  [E, 'missing-principal', 'Add a Principal element to the policy statement.'],
  [E, 'unsupported-element-combination', 'The policy elements ${element1} and ${element2} can not be used in the same statement. Remove one of these elements.'],
  [E, 'unsupported-principal', 'The policy type ${policy_type} does not support the Principal element. Remove the Principal element.'],
  [E, 'invalid-principal-format', 'The Principal element contents are not valid. Specify a key-value pair in the Principal element.'],
  [E, 'invalid-principal-key', 'The principal key {{principal-key}} is not valid.'],
  [E, 'unique-sids-required', 'Duplicate statement IDs are not supported for this policy type. Update the Sid value.'],
  [E, 'unsupported-sid', 'Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]'],
  [E, 'policy-size-exceeds-scp-quota', 'The {{policySize}} characters in the service control policy (SCP) exceed the {{policySizeQuota}} character maximum for SCPs. We recommend that you use multiple granular policies.'],
  [E, 'scp-syntax-error-action-wildcard', 'SCP actions can include wildcards (*) only at the end of a string. Update {{action}}.'],
  [E, 'scp-syntax-error-allow-condition', 'SCPs do not support the Condition element with effect Allow. Update the element Condition or the effect.'],
  [E, 'scp-syntax-error-allow-notaction', 'SCPs do not support NotAction with effect Allow. Update the element NotAction or the effect.'],
  [E, 'scp-syntax-error-allow-resource', 'SCPs do not support Resource with effect Allow. Update the element Resource or the effect.'],
  [E, 'scp-syntax-error-notresource', 'SCPs do not support the NotResource element. Update the policy to use Resource instead.'],
  [E, 'scp-syntax-error-principal', 'SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.'],
  [E, 'role-trust-policy-syntax-error-notprincipal', 'Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.'],
  [E, 'role-trust-policy-unsupported-wildcard-in-principal', '"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.'],
  [E, 'role-trust-policy-syntax-error-resource', 'Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.'],
  // Errors: actions, resources and condition keys against the Service Authorization Reference.
  [E, 'invalid-action', 'The action {{action}} does not exist. Did you mean {{valid_action}}?'],
  [E, 'invalid-service-in-action', 'The service {{service}} specified in the action does not exist. Did you mean {{service2}}?'],
  [E, 'invalid-arn-prefix', 'Add the required prefix (arn) to the resource ARN.'],
  [E, 'missing-arn-field', 'Resource ARNs must include at least {{fields}} fields in the following structure: arn:partition:service:region:account:resource'],
  [E, 'invalid-arn-service-case', 'Update the service name ${service} in the resource ARN to use all lowercase letters.'],
  [E, 'invalid-partition', 'The resource ARN for the service {{service}} does not support the partition {{partition}}. Use the supported values: {{partitions}}'],
  [E, 'invalid-service', 'The service {{service}} does not exist. Use a valid service name.'],
  [E, 'arn-region-not-allowed', 'The service {{service}} does not support specifying a Region in the resource ARN.'],
  [E, 'missing-arn-region', 'Add a Region to the {{service}} resource ARN.'],
  [E, 'invalid-arn-region', 'The Region {{region}} is not valid for this resource. Update the resource ARN to include a supported Region.'],
  [E, 'arn-account-not-allowed', 'The service {{service}} does not support specifying an account ID in the resource ARN.'],
  [E, 'invalid-arn-account', 'The resource ARN account ID {{account}} is not valid. Provide a 12-digit account ID.'],
  [E, 'invalid-condition-operator', 'The condition operator {{operator}} is not valid. Use a valid condition operator.'],
  [E, 'null-with-if-exists', 'The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.'],
  [E, 'invalid-condition-key-format', 'The condition key format is not valid. Use the format service:keyname.'],
  [E, 'invalid-global-condition-key', 'The condition key {{key}} does not exist. Use a valid condition key.'],
  [E, 'invalid-service-condition-key', 'The condition key {{key}} does not exist in the service {{service}}. Use a valid condition key.'],
  [E, 'missing-tag-key-in-condition', 'The condition key {{conditionKeyName}} must include a tag key to control access based on tags. Use the format {{conditionKeyName}}tag-key and specify a key name for tag-key.'],
  [E, 'duplicate-keys-with-different-case', 'The condition key {{key}} appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.'],
  [E, 'invalid-condition-multiple-boolean', 'The condition key does not support multiple Boolean values. Use a single Boolean value.'],
  [E, 'federated-principal-not-supported', 'The policy type does not support a federated identity provider in the principal element. Use a supported principal.'],
  [E, 'invalid-region', 'The Region {{region}} is not valid. Update the condition value to a suported Region.'],
  [E, 'invalid-vpc-format', "The VPC identifier in the condition key value is not valid. Use the prefix 'vpc-' followed by 8 or 17 alphanumeric characters."],
  [E, 'invalid-vpce-format', "The VPCE identifier in the condition key value is not valid.  Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters."],
  [E, 'private-ip-address', 'aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.'],
  [E, 'private-not-ip-address', 'The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses.'],
  [E, 'unsupported-global-condition-key', 'The condition key aws:ARN is not supported. Use aws:PrincipalArn or aws:SourceArn instead.'],
  [E, 'unsupported-action-for-condition-key', 'The following actions: {{actions}} are not supported by the condition key {{key}}. The condition will not be evaluated for these actions. We recommend that you move these actions to a different statement without this condition key.'],
  [E, 'missing-qualifier', 'The request context key ${key} has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.'],
  [E, 'missing-brace-in-variable', 'The policy variable is missing a closing curly brace. Add } after the variable text.'],
  [E, 'missing-quote-in-variable', 'The policy variable default value must begin and end with a single quote. Add the missing quote.'],
  [E, 'unsupported-space-in-variable', 'A space is not supported within the policy variable text. Remove the space.'],
  [E, 'empty-variable', 'Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure.'],
  [E, 'variable-unsupported-in-version', 'To include variables in your policy, use the policy version 2012-10-17 or later.'],
  [E, 'variable-unsupported-in-element', 'Policy variables are supported in the Resource and Condition elements. Remove the policy variable {{variable}} from this element.'],
  // General warnings.
  [W, 'missing-version', 'We recommend that you specify the Version element to help you with debugging permission issues.'],
  [W, 'unique-sids-recommended', 'We recommend that you use statement IDs that are unique to your policy. Update the Sid value.'],
  [W, 'policy-size-exceeds-identity-policy-quota', 'The {{policySize}} characters in the identity policy, excluding whitespace, exceed the {{policySizeQuota}} character maximum for inline and managed policies. We recommend that you use multiple granular policies.'],
  [W, 'policy-size-exceeds-resource-policy-quota', 'The {{policySize}} characters in the resource policy exceed the {{policySizeQuota}} character maximum for resource policies. We recommend that you use multiple granular policies.'],
  [W, 'policy-size-exceeds-role-trust-policy-quota', 'The characters in the role trust policy, excluding whitespace, exceed the character maximum. We recommend that you request a role trust policy length quota increase using Service Quotas and AWS Support Center. If the quotas have already been increased, then you can ignore this warning.'],
  [W, 'invalid-role-reference', 'The Principal element includes the IAM role ID {{roleid}}. We recommend that you use a role ARN instead.'],
  [W, 'invalid-user-reference', 'The Principal element includes the IAM user ID {{userid}}. We recommend that you use a user ARN instead.'],
  [W, 'specific-github-repo-and-branch-recommended', 'Using a wildcard (*) in token.actions.githubusercontent.com:sub can allow requests from more sources than you intended. Specify the value of token.actions.githubusercontent.com:sub with the repository and branch name.'],
  [W, 'wildcard-without-like-operator', 'Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.'],
  [W, 'type-mismatch', 'Use the operator type {{allowed}} instead of operator {{operator}} for the condition key {{key}}.'],
  [W, 'type-mismatch-boolean', 'Add a valid Boolean value (true or false) for the condition operator {{operator}}.'],
  [W, 'type-mismatch-date', 'The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.'],
  [W, 'type-mismatch-ip-range', 'The condition operator {{operator}} is used with an invalid IP range value. Specify the IP range in standard CIDR format.'],
  [W, 'type-mismatch-number', 'Add a valid numeric value for the condition operator {{operator}}.'],
  [W, 'create-slr-with-not-resource', 'Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of unintended service-linked roles for multiple resources. We recommend that you specify resource ARNs instead.'],
  [W, 'create-slr-with-star-in-action-and-not-resource', 'Using an action with a wildcard(*) and NotResource can allow creation of unintended service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.'],
  [W, 'create-slr-with-not-action-and-not-resource', 'Using NotAction with NotResource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.'],
  [W, 'create-slr-with-star-in-resource', 'Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow creation of unintended service-linked roles. We recommend that you specify resource ARNs instead.'],
  [W, 'create-slr-with-star-in-action-and-resource', 'Using wildcards (*) in the action and the resource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.'],
  [W, 'create-slr-with-star-in-resource-and-not-action', 'Using a resource with wildcards (*) and NotAction can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.'],
  // Security warnings.
  [S, 'allow-with-not-principal', 'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.'],
  [S, 'forallvalues-with-single-valued-key', 'Using ForAllValues qualifier with the single-valued condition key {{key}} can be overly permissive. We recommend that you remove ForAllValues:.'],
  [S, 'restrict-access-to-service-principal', 'Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn or aws:SourceAccount condition key and scope access to a specific source to grant fine-grained access.'],
  [S, 'missing-condition-key-for-oidc-principal', 'Using an Open ID Connect principal without a condition can be overly permissive. Add condition keys with a prefix that matches your federated OIDC principals to ensure that only the intended identity provider assumes the role.'],
  [S, 'missing-github-repo-condition-key', 'Granting a federated GitHub principal permissions without a condition key can allow more sources to assume the role than you intended. Add the token.actions.githubusercontent.com:sub condition key and specify the branch and repository name in the value.'],
  [S, 'missing-paired-condition-keys', 'Using the condition key {{conditionKeyName}} can be overly permissive without also using the following condition keys: {{recommendedKeys}}. Condition keys like this one are more secure when paired with a related key. We recommend that you add the related condition keys to the same condition block.'],
  [S, 'pass-role-with-not-resource', 'Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.'],
  [S, 'pass-role-with-star-in-action-and-not-resource', 'Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.'],
  [S, 'pass-role-with-not-action-and-not-resource', 'Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources.. We recommend that you specify resource ARNs instead.'],
  [S, 'pass-role-with-star-in-resource', 'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.'],
  [S, 'pass-role-with-star-in-action-and-resource', 'Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.'],
  [S, 'pass-role-with-star-in-resource-and-not-action', 'Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.'],
  // Suggestions.
  [G, 'empty-array-action', 'This statement includes no actions and does not affect the policy. Specify actions.'],
  [G, 'empty-array-resource', 'This statement includes no resources and does not affect the policy. Specify resources.'],
  [G, 'empty-array-principal', 'This statement includes no principals and does not affect the policy. Specify principals.'],
  [G, 'empty-object-principal', 'This statement includes no principals and does not affect the policy. Specify principals.'],
  [G, 'empty-object-condition', 'This condition block is empty and it does not affect the policy. Specify conditions.'],
  [G, 'empty-array-condition', 'There are no values for the condition key {{key}} and it does not affect the policy. Specify conditions.'],
  [G, 'empty-array-condition-forallvalues', 'The ForAllValues prefix with an empty condition key matches only if the key {{key}} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.'],
  [G, 'empty-array-condition-foranyvalue', 'The ForAnyValue prefix with an empty condition key {{key}} never matches the request context and it does not affect the policy. Specify conditions.'],
  [G, 'empty-array-condition-ifexists', 'The IfExists suffix with an empty condition key matches only if the key {{key}} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.'],
  [G, 'empty-sid-value', 'Add a value to the empty string in the Sid element.'],
  [G, 'null-with-qualifier', 'Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.'],
  [G, 'improve-ip-range', 'The non-zero bits in the IP address after the masked bits are ignored. Replace address with {{addr}}.'],
  [G, 'private-ip-address-subset', 'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.'],
  [G, 'private-not-ip-address-subset', 'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.'],
  [G, 'redundant-condition-value-num', 'Multiple values in {{operator}} are redundant. Replace with the {{greatest/least}} single value for {{key}}.'],
  [G, 'redundant-principal-in-role-trust-policy', 'The assumed-role principal {{redundant_principal}} is redundant with its parent role {{parent_role}}. Remove the assumed-role principal.'],
  [G, 'redundant-action', 'The {{redundantActionCount}} action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: {{redundantAction}}.'],
  [G, 'redundant-resource', 'The {{redundantResourceCount}} resource ARN(s) are redundant because they reference the same resource. Review the use of wildcards (*)'],
  [G, 'redundant-statement', 'The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement.'],
  [G, 'wildcard-in-service-name', 'Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names.'],
];

const KIND: Record<ValidatePolicyFindingType, string> = {
  ERROR: 'error',
  SECURITY_WARNING: 'security-warning',
  WARNING: 'general-warning',
  SUGGESTION: 'suggestion',
};

export const CHECK_TEXTS: ReadonlyMap<string, CheckText> = new Map(
  ROWS.map(([type, name, details]) => [name.toUpperCase().replace(/-/g, '_'), { type, anchor: `${KIND[type]}-${name}`, details }]),
);

export const LEARN_MORE_PAGE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

/** The findingDetails text of `code` with its placeholders filled. */
export function detailsText(code: string, params: Readonly<Record<string, string | number>> = {}): string {
  // "Did you mean …?" is said only when there is a suggestion.
  const text = checkText(code).details.replace(/ Did you mean \{\{(\w+)\}\}\?$/, (sentence, name: string) => (params[name] === undefined ? '' : sentence));
  return text.replace(/\{\{([^}]+)\}\}|\$\{([^}]+)\}/g, (whole, a: string | undefined, b: string | undefined) => {
    const value = params[(a ?? b)!];
    return value === undefined ? whole : String(value);
  });
}

export function checkText(code: string): CheckText {
  const text = CHECK_TEXTS.get(code);
  // A code without a row is this module's own mistake, found by the tests of the check that uses it.
  if (!text) throw new Error(`no policy-check text for ${code}`);
  return text;
}
