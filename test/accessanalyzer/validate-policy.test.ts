// IAM Access Analyzer's ValidatePolicy through the SDK and the AWS CLI: a table of policies and the
// findings the check reference documents for them (issue code, finding type, path, span). Each expected
// span is given as the exact text it covers, found in the policy by plain search, so that line, column
// and offset are computed here independently of the server (line from 1, column and offset from 0,
// the end just after the last character, as AWS's API reference defines a Position).
import { AccessAnalyzerClient, ValidatePolicyCommand, type PolicyType, type ValidatePolicyFinding, type ValidatePolicyResourceType } from '@aws-sdk/client-accessanalyzer';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

type Segment = string | number | { key: string };

interface Expected {
  code: string;
  type: 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';
  /** One entry per location: its path, the exact text its span covers, and which occurrence of that text (0 unless told). */
  at: [path: Segment[], text: string, occurrence?: number][];
  details?: string;
}

interface Case {
  name: string;
  policy: string;
  type?: PolicyType;
  resourceType?: ValidatePolicyResourceType;
  expected: Expected[];
}

const V = '2012-10-17';
const doc = (statement: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ Version: V, ...extra, Statement: statement }, null, 2);
const one = (statement: Record<string, unknown>) => doc([statement]);
const allow = (rest: Record<string, unknown>) => one({ Effect: 'Allow', ...rest });
const s0 = (...rest: Segment[]): Segment[] => ['Statement', 0, ...rest];
const trust = (statement: Record<string, unknown>) => one({ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement });

const cases: Case[] = [
  // The check reference's own example: iam:GetCredentialReport repeats iam:Get*.
  {
    name: 'REDUNDANT_ACTION: iam:GetCredentialReport beside iam:Get*',
    policy: allow({ Action: ['iam:Get*', 'iam:List*', 'iam:GetCredentialReport'], Resource: '*' }),
    expected: [
      {
        code: 'REDUNDANT_ACTION',
        type: 'SUGGESTION',
        at: [[s0('Action', 2), '"iam:GetCredentialReport"']],
        details: 'The 1 action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: iam:GetCredentialReport.',
      },
    ],
  },
  {
    name: 'no REDUNDANT_ACTION for iam:*CredentialReport, which also grants iam:GenerateCredentialReport',
    policy: allow({ Action: ['iam:Get*', 'iam:List*', 'iam:*CredentialReport'], Resource: '*' }),
    expected: [],
  },
  {
    name: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
    policy: allow({ Action: 'iam:PassRole', Resource: '*' }),
    expected: [
      {
        code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
        type: 'SECURITY_WARNING',
        at: [[s0('Resource'), '"*"']],
        details:
          'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
      },
    ],
  },
  {
    name: 'PASS_ROLE_WITH_STAR_IN_RESOURCE: a wildcard ARN of many roles, not one role',
    policy: allow({ Action: 'iam:PassRole', Resource: ['arn:aws:iam::123456789012:role/app', 'arn:aws:iam::*:role/service-*'] }),
    expected: [{ code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', type: 'SECURITY_WARNING', at: [[s0('Resource', 1), '"arn:aws:iam::*:role/service-*"']] }],
  },
  {
    name: 'iam:PassedToService scopes iam:PassRole on "*"',
    policy: allow({ Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }),
    expected: [],
  },
  {
    name: 'a wildcard action and "*": PassRole and CreateServiceLinkedRole on every resource',
    policy: allow({ Action: 'iam:*', Resource: '*' }),
    expected: [
      { code: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', type: 'SECURITY_WARNING', at: [[s0('Resource'), '"*"']] },
      { code: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE', type: 'WARNING', at: [[s0('Resource'), '"*"']] },
    ],
  },
  {
    name: 'NotAction that does not exclude them, with "*"',
    policy: allow({ NotAction: 's3:*', Resource: '*' }),
    expected: [
      { code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', type: 'SECURITY_WARNING', at: [[s0('Resource'), '"*"']] },
      { code: 'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', type: 'WARNING', at: [[s0('Resource'), '"*"']] },
    ],
  },
  {
    name: 'PASS_ROLE_WITH_NOT_RESOURCE',
    policy: allow({ Action: 'iam:PassRole', NotResource: 'arn:aws:iam::123456789012:role/admin' }),
    expected: [{ code: 'PASS_ROLE_WITH_NOT_RESOURCE', type: 'SECURITY_WARNING', at: [[s0('NotResource'), '"arn:aws:iam::123456789012:role/admin"']] }],
  },
  {
    name: 'a Deny of iam:PassRole on "*" is no warning',
    policy: one({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }),
    expected: [],
  },
  {
    name: 'MISSING_VERSION: the whole document',
    policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] }),
    expected: [
      {
        code: 'MISSING_VERSION',
        type: 'WARNING',
        at: [[[], '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}']],
        details: 'We recommend that you specify the Version element to help you with debugging permission issues.',
      },
    ],
  },
  {
    name: 'INVALID_VERSION',
    policy: JSON.stringify({ Version: '2012-10-18', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
    expected: [
      {
        code: 'INVALID_VERSION',
        type: 'ERROR',
        at: [[['Version'], '"2012-10-18"']],
        details: 'The version 2012-10-18 is not valid. Use one of the following versions: 2012-10-17, 2008-10-17',
      },
    ],
  },
  {
    name: 'MISSING_STATEMENT and an unknown top-level element',
    policy: JSON.stringify({ Version: V, Statements: [] }),
    expected: [
      { code: 'MISSING_STATEMENT', type: 'ERROR', at: [[[], '{"Version":"2012-10-17","Statements":[]}']] },
      { code: 'INVALID_POLICY_ELEMENT', type: 'ERROR', at: [[[{ key: 'Statements' }], '"Statements"']], details: 'The policy element Statements is not valid.' },
    ],
  },
  {
    name: 'MISSING_EFFECT',
    policy: one({ Action: 's3:GetObject', Resource: '*' }),
    expected: [{ code: 'MISSING_EFFECT', type: 'ERROR', at: [[s0(), '{\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }']] }],
  },
  {
    name: 'INVALID_EFFECT',
    policy: one({ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }),
    expected: [{ code: 'INVALID_EFFECT', type: 'ERROR', at: [[s0('Effect'), '"allow"']], details: 'The effect allow is not valid. Use Allow or Deny.' }],
  },
  {
    name: 'MISSING_ACTION, with the misspelt element named',
    policy: allow({ Actions: 's3:GetObject', Resource: '*' }),
    expected: [
      { code: 'MISSING_ACTION', type: 'ERROR', at: [[s0(), '{\n      "Effect": "Allow",\n      "Actions": "s3:GetObject",\n      "Resource": "*"\n    }']] },
      { code: 'INVALID_POLICY_ELEMENT', type: 'ERROR', at: [[s0({ key: 'Actions' }), '"Actions"']] },
    ],
  },
  {
    name: 'UNSUPPORTED_ELEMENT_COMBINATION: Action and NotAction',
    policy: allow({ Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' }),
    expected: [
      {
        code: 'UNSUPPORTED_ELEMENT_COMBINATION',
        type: 'ERROR',
        at: [[s0(), '{\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "NotAction": "s3:PutObject",\n      "Resource": "*"\n    }']],
        details: 'The policy elements Action and NotAction can not be used in the same statement. Remove one of these elements.',
      },
    ],
  },
  {
    name: 'MISSING_RESOURCE',
    policy: allow({ Action: 's3:GetObject' }),
    expected: [{ code: 'MISSING_RESOURCE', type: 'ERROR', at: [[s0(), '{\n      "Effect": "Allow",\n      "Action": "s3:GetObject"\n    }']] }],
  },
  {
    name: 'INVALID_ACTION with AWS\'s suggestion, INVALID_SERVICE_IN_ACTION, WILDCARD_IN_SERVICE_NAME',
    policy: allow({ Action: ['s3:GetObjct', 's4:GetObject', 's*:GetObject', 'iam:Frobnicate*'], Resource: '*' }),
    expected: [
      { code: 'INVALID_ACTION', type: 'ERROR', at: [[s0('Action', 0), '"s3:GetObjct"']], details: 'The action s3:GetObjct does not exist. Did you mean s3:GetObject?' },
      { code: 'INVALID_SERVICE_IN_ACTION', type: 'ERROR', at: [[s0('Action', 1), '"s4:GetObject"']], details: 'The service s4 specified in the action does not exist. Did you mean s3?' },
      { code: 'WILDCARD_IN_SERVICE_NAME', type: 'SUGGESTION', at: [[s0('Action', 2), '"s*:GetObject"']] },
      { code: 'INVALID_ACTION', type: 'ERROR', at: [[s0('Action', 3), '"iam:Frobnicate*"']], details: 'The action iam:Frobnicate* does not exist.' },
    ],
  },
  {
    name: 'action names are not case-sensitive',
    policy: allow({ Action: ['S3:getobject', 'IAM:listRoles'], Resource: '*' }),
    expected: [],
  },
  {
    name: 'EMPTY_ARRAY_ACTION and EMPTY_ARRAY_RESOURCE',
    policy: allow({ Action: [], Resource: [] }),
    expected: [
      { code: 'EMPTY_ARRAY_ACTION', type: 'SUGGESTION', at: [[s0('Action'), '[]']] },
      { code: 'EMPTY_ARRAY_RESOURCE', type: 'SUGGESTION', at: [[s0('Resource'), '[]', 1]] },
    ],
  },
  {
    name: 'resource ARNs against the services\' ARN formats',
    policy: allow({
      Action: 's3:GetObject',
      Resource: [
        'arn:aws:iam:us-east-1:123456789012:role/x',
        'arn:aws:iam::12345:role/x',
        'arn:aws:lambda:::function:f',
        'arn:aws:dynamodb:us-east-99:123456789012:table/t',
        'bucket',
        'arn:aws:s3',
        'arn:aws:S3:::b',
        'arn:aws:nosuch:::x',
        'arn:aws-xx:s3:::b',
        'arn:aws:s3:::bucket/${aws:username}/*',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
      ],
    }),
    expected: [
      { code: 'ARN_REGION_NOT_ALLOWED', type: 'ERROR', at: [[s0('Resource', 0), '"arn:aws:iam:us-east-1:123456789012:role/x"']], details: 'The service iam does not support specifying a Region in the resource ARN.' },
      { code: 'INVALID_ARN_ACCOUNT', type: 'ERROR', at: [[s0('Resource', 1), '"arn:aws:iam::12345:role/x"']], details: 'The resource ARN account ID 12345 is not valid. Provide a 12-digit account ID.' },
      { code: 'MISSING_ARN_REGION', type: 'ERROR', at: [[s0('Resource', 2), '"arn:aws:lambda:::function:f"']], details: 'Add a Region to the lambda resource ARN.' },
      { code: 'INVALID_ARN_REGION', type: 'ERROR', at: [[s0('Resource', 3), '"arn:aws:dynamodb:us-east-99:123456789012:table/t"']] },
      { code: 'INVALID_ARN_PREFIX', type: 'ERROR', at: [[s0('Resource', 4), '"bucket"']], details: 'Add the required prefix (arn) to the resource ARN.' },
      { code: 'MISSING_ARN_FIELD', type: 'ERROR', at: [[s0('Resource', 5), '"arn:aws:s3"']] },
      { code: 'INVALID_ARN_SERVICE_CASE', type: 'ERROR', at: [[s0('Resource', 6), '"arn:aws:S3:::b"']], details: 'Update the service name S3 in the resource ARN to use all lowercase letters.' },
      { code: 'INVALID_SERVICE', type: 'ERROR', at: [[s0('Resource', 7), '"arn:aws:nosuch:::x"']], details: 'The service nosuch does not exist. Use a valid service name.' },
      { code: 'INVALID_PARTITION', type: 'ERROR', at: [[s0('Resource', 8), '"arn:aws-xx:s3:::b"']] },
    ],
  },
  {
    name: 'REDUNDANT_RESOURCE',
    policy: allow({ Action: 's3:GetObject', Resource: ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/key'] }),
    expected: [{ code: 'REDUNDANT_RESOURCE', type: 'SUGGESTION', at: [[s0('Resource', 1), '"arn:aws:s3:::bucket/key"']] }],
  },
  {
    name: 'condition operators and keys',
    policy: allow({
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::bucket',
      Condition: {
        StringEqualz: { 's3:prefix': 'home/' },
        StringEquals: { 'aws:SourceIpp': 'x', 's3:prefixx': 'y', 'aws:ResourceTag': 'z', 'aws:TagKeys': 'team', 'aws:PrincipalAccount': '1234*' },
        NullIfExists: { 'aws:TokenIssueTime': 'true' },
        'ForAnyValue:Null': { 'aws:TagKeys': 'true' },
      },
    }),
    expected: [
      { code: 'INVALID_CONDITION_OPERATOR', type: 'ERROR', at: [[s0('Condition', { key: 'StringEqualz' }), '"StringEqualz"']], details: 'The condition operator StringEqualz is not valid. Use a valid condition operator.' },
      { code: 'INVALID_GLOBAL_CONDITION_KEY', type: 'ERROR', at: [[s0('Condition', 'StringEquals', { key: 'aws:SourceIpp' }), '"aws:SourceIpp"']], details: 'The condition key aws:SourceIpp does not exist. Use a valid condition key.' },
      { code: 'INVALID_SERVICE_CONDITION_KEY', type: 'ERROR', at: [[s0('Condition', 'StringEquals', { key: 's3:prefixx' }), '"s3:prefixx"']], details: 'The condition key s3:prefixx does not exist in the service s3. Use a valid condition key.' },
      {
        code: 'MISSING_TAG_KEY_IN_CONDITION',
        type: 'ERROR',
        at: [[s0('Condition', 'StringEquals', { key: 'aws:ResourceTag' }), '"aws:ResourceTag"']],
        details: 'The condition key aws:ResourceTag/ must include a tag key to control access based on tags. Use the format aws:ResourceTag/tag-key and specify a key name for tag-key.',
      },
      { code: 'MISSING_QUALIFIER', type: 'ERROR', at: [[s0('Condition', 'StringEquals', { key: 'aws:TagKeys' }), '"aws:TagKeys"']] },
      { code: 'WILDCARD_WITHOUT_LIKE_OPERATOR', type: 'WARNING', at: [[s0('Condition', 'StringEquals', 'aws:PrincipalAccount'), '"1234*"']] },
      { code: 'NULL_WITH_IF_EXISTS', type: 'ERROR', at: [[s0('Condition', { key: 'NullIfExists' }), '"NullIfExists"']] },
      { code: 'NULL_WITH_QUALIFIER', type: 'SUGGESTION', at: [[s0('Condition', { key: 'ForAnyValue:Null' }), '"ForAnyValue:Null"']] },
    ],
  },
  {
    name: 'condition values of the operator\'s type, and empty conditions',
    policy: allow({
      Action: 's3:ListBucket',
      Resource: '*',
      Condition: {
        Bool: { 'aws:SecureTransport': 'yes' },
        NumericLessThan: { 's3:max-keys': 'ten' },
        IpAddress: { 'aws:SourceIp': '300.1.1.1/8' },
        DateGreaterThan: { 'aws:CurrentTime': 'tomorrow' },
        StringLike: { 's3:prefix': [] },
        'ForAllValues:StringEquals': { 'aws:SourceVpc': 'vpc-12345678', 'aws:TagKeys': [] },
      },
    }),
    expected: [
      { code: 'TYPE_MISMATCH_BOOLEAN', type: 'WARNING', at: [[s0('Condition', 'Bool', 'aws:SecureTransport'), '"yes"']], details: 'Add a valid Boolean value (true or false) for the condition operator Bool.' },
      { code: 'TYPE_MISMATCH_NUMBER', type: 'WARNING', at: [[s0('Condition', 'NumericLessThan', 's3:max-keys'), '"ten"']] },
      { code: 'TYPE_MISMATCH_IP_RANGE', type: 'WARNING', at: [[s0('Condition', 'IpAddress', 'aws:SourceIp'), '"300.1.1.1/8"']] },
      { code: 'TYPE_MISMATCH_DATE', type: 'WARNING', at: [[s0('Condition', 'DateGreaterThan', 'aws:CurrentTime'), '"tomorrow"']] },
      { code: 'EMPTY_ARRAY_CONDITION', type: 'SUGGESTION', at: [[s0('Condition', 'StringLike', 's3:prefix'), '[]']] },
      { code: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY', type: 'SECURITY_WARNING', at: [[s0('Condition', 'ForAllValues:StringEquals', { key: 'aws:SourceVpc' }), '"aws:SourceVpc"']] },
      { code: 'EMPTY_ARRAY_CONDITION_FORALLVALUES', type: 'SUGGESTION', at: [[s0('Condition', 'ForAllValues:StringEquals', 'aws:TagKeys'), '[]', 1]] },
    ],
  },
  {
    name: 'TYPE_MISMATCH: an operator that cannot compare the key\'s type (ARNs as strings and aws:EpochTime as a number are taken)',
    policy: allow({
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::bucket',
      Condition: {
        StringEquals: { 'aws:SecureTransport': 'true', 's3:max-keys': '10' },
        StringLike: { 'aws:SourceIp': '203.0.113.*', 'aws:SourceArn': 'arn:aws:sns:*' },
        NumericLessThan: { 'aws:EpochTime': '1700000000' },
      },
    }),
    expected: [
      {
        code: 'TYPE_MISMATCH',
        type: 'WARNING',
        at: [[s0('Condition', 'StringEquals', { key: 'aws:SecureTransport' }), '"aws:SecureTransport"']],
        details: 'Use the operator type Bool instead of operator StringEquals for the condition key aws:SecureTransport.',
      },
      { code: 'TYPE_MISMATCH', type: 'WARNING', at: [[s0('Condition', 'StringEquals', { key: 's3:max-keys' }), '"s3:max-keys"']], details: 'Use the operator type Numeric instead of operator StringEquals for the condition key s3:max-keys.' },
      { code: 'TYPE_MISMATCH', type: 'WARNING', at: [[s0('Condition', 'StringLike', { key: 'aws:SourceIp' }), '"aws:SourceIp"']], details: 'Use the operator type IpAddress instead of operator StringLike for the condition key aws:SourceIp.' },
    ],
  },
  {
    name: 'REDUNDANT_CONDITION_VALUE_NUM: the check reference\'s aws:MultiFactorAuthAge example',
    policy: allow({ Action: 's3:GetObject', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': ['2700', '3600'] } } }),
    expected: [
      {
        code: 'REDUNDANT_CONDITION_VALUE_NUM',
        type: 'SUGGESTION',
        at: [[s0('Condition', 'NumericLessThan', 'aws:MultiFactorAuthAge'), '[\n            "2700",\n            "3600"\n          ]']],
        details: 'Multiple values in NumericLessThan are redundant. Replace with the greatest single value for aws:MultiFactorAuthAge.',
      },
    ],
  },
  {
    name: 'UNSUPPORTED_GLOBAL_CONDITION_KEY aws:ARN; MISSING_PAIRED_CONDITION_KEYS aws:VpcSourceIp without aws:SourceVpc',
    policy: doc([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { ArnLike: { 'aws:ARN': 'arn:aws:iam::123456789012:role/*' } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } } },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: '*', Condition: { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' }, StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c4d' } } },
    ]),
    expected: [
      { code: 'UNSUPPORTED_GLOBAL_CONDITION_KEY', type: 'ERROR', at: [[['Statement', 0, 'Condition', 'ArnLike', { key: 'aws:ARN' }], '"aws:ARN"']] },
      {
        code: 'MISSING_PAIRED_CONDITION_KEYS',
        type: 'SECURITY_WARNING',
        at: [[['Statement', 1, 'Condition', 'IpAddress', { key: 'aws:VpcSourceIp' }], '"aws:VpcSourceIp"']],
        details:
          'Using the condition key aws:VpcSourceIp can be overly permissive without also using the following condition keys: aws:SourceVpc. Condition keys like this one are more secure when paired with a related key. We recommend that you add the related condition keys to the same condition block.',
      },
    ],
  },
  {
    name: 'INVALID_CONDITION_MULTIPLE_BOOLEAN: several values for Bool, unless a qualifier compares a multivalued key',
    policy: allow({ Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': ['true', 'false'] } } }),
    expected: [{ code: 'INVALID_CONDITION_MULTIPLE_BOOLEAN', type: 'ERROR', at: [[s0('Condition', 'Bool', 'aws:SecureTransport'), '[\n            "true",\n            "false"\n          ]']] }],
  },
  {
    name: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY: s3:prefix means nothing to s3:GetObject and s3:PutObject',
    policy: allow({ Action: ['s3:ListBucket', 's3:GetObject', 's3:PutObject'], Resource: '*', Condition: { StringLike: { 's3:prefix': 'home/*' } } }),
    expected: [
      {
        code: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
        type: 'ERROR',
        at: [[s0('Condition', 'StringLike', { key: 's3:prefix' }), '"s3:prefix"']],
        details:
          'The following actions: s3:GetObject, s3:PutObject are not supported by the condition key s3:prefix. The condition will not be evaluated for these actions. We recommend that you move these actions to a different statement without this condition key.',
      },
    ],
  },
  {
    name: 'EMPTY_OBJECT_CONDITION, EMPTY_SID_VALUE',
    policy: allow({ Sid: '', Action: 's3:GetObject', Resource: '*', Condition: {} }),
    expected: [
      { code: 'EMPTY_SID_VALUE', type: 'SUGGESTION', at: [[s0('Sid'), '""']] },
      { code: 'EMPTY_OBJECT_CONDITION', type: 'SUGGESTION', at: [[s0('Condition'), '{}']] },
    ],
  },
  {
    name: 'duplicate Sids are an error in an identity policy, and its Sids are alphanumeric',
    policy: doc([
      { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Sid: 'Read', Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' },
      { Sid: 'read-2', Effect: 'Allow', Action: 's3:GetBucketTagging', Resource: '*' },
    ]),
    expected: [
      { code: 'UNIQUE_SIDS_REQUIRED', type: 'ERROR', at: [[['Statement', 1, 'Sid'], '"Read"', 1]] },
      { code: 'UNSUPPORTED_SID', type: 'ERROR', at: [[['Statement', 2, 'Sid'], '"read-2"']] },
    ],
  },
  {
    name: 'REDUNDANT_STATEMENT: the later of two statements granting the same',
    policy: doc([
      { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
      { Sid: 'B', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject'], Resource: '*' },
    ]),
    expected: [
      {
        code: 'REDUNDANT_STATEMENT',
        type: 'SUGGESTION',
        at: [[['Statement', 1], '{\n      "Sid": "B",\n      "Effect": "Allow",\n      "Action": [\n        "s3:ListBucket",\n        "s3:GetObject"\n      ],\n      "Resource": "*"\n    }']],
      },
    ],
  },
  {
    name: 'an identity policy names no principal',
    policy: allow({ Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }),
    expected: [{ code: 'UNSUPPORTED_PRINCIPAL', type: 'ERROR', at: [[s0({ key: 'Principal' }), '"Principal"']] }],
  },
  {
    name: 'resource policy: MISSING_PRINCIPAL, ALLOW_WITH_NOT_PRINCIPAL, INVALID_PRINCIPAL_KEY, duplicate Sids a warning',
    type: 'RESOURCE_POLICY',
    resourceType: 'AWS::S3::Bucket',
    policy: doc([
      { Sid: 'x-1', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
      { Sid: 'x-1', Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/a' },
      { Effect: 'Allow', Principal: { User: 'x' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/b' },
    ]),
    expected: [
      { code: 'MISSING_PRINCIPAL', type: 'ERROR', at: [[['Statement', 0], '{\n      "Sid": "x-1",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::bucket/*"\n    }']] },
      { code: 'UNIQUE_SIDS_RECOMMENDED', type: 'WARNING', at: [[['Statement', 1, 'Sid'], '"x-1"', 1]] },
      { code: 'ALLOW_WITH_NOT_PRINCIPAL', type: 'SECURITY_WARNING', at: [[['Statement', 1, { key: 'NotPrincipal' }], '"NotPrincipal"']] },
      { code: 'INVALID_PRINCIPAL_KEY', type: 'ERROR', at: [[['Statement', 2, 'Principal', { key: 'User' }], '"User"']], details: 'The principal key User is not valid.' },
    ],
  },
  {
    name: 'a role trust policy as IAM takes it',
    type: 'RESOURCE_POLICY',
    resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
    policy: trust({ Principal: { Service: 'lambda.amazonaws.com' } }),
    expected: [],
  },
  {
    name: 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: a session beside its role',
    type: 'RESOURCE_POLICY',
    resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
    policy: trust({ Principal: { AWS: ['arn:aws:iam::123456789012:role/ops/deployer', 'arn:aws:sts::123456789012:assumed-role/deployer/ci', 'arn:aws:sts::123456789012:assumed-role/other/ci'] } }),
    expected: [
      {
        code: 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY',
        type: 'SUGGESTION',
        at: [[s0('Principal', 'AWS', 1), '"arn:aws:sts::123456789012:assumed-role/deployer/ci"']],
        details: 'The assumed-role principal arn:aws:sts::123456789012:assumed-role/deployer/ci is redundant with its parent role arn:aws:iam::123456789012:role/ops/deployer. Remove the assumed-role principal.',
      },
    ],
  },
  {
    name: 'role trust policies: no "*" principal, no NotPrincipal, no Resource',
    type: 'RESOURCE_POLICY',
    resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
    policy: doc([
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
      { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole', Resource: '*' },
    ]),
    expected: [
      { code: 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', type: 'ERROR', at: [[['Statement', 0, 'Principal'], '"*"']] },
      { code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', type: 'ERROR', at: [[['Statement', 1, { key: 'NotPrincipal' }], '"NotPrincipal"']] },
      { code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', type: 'ERROR', at: [[['Statement', 1, { key: 'Resource' }], '"Resource"']] },
    ],
  },
  {
    name: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: a service principal in a bucket policy without a source',
    type: 'RESOURCE_POLICY',
    resourceType: 'AWS::S3::Bucket',
    policy: doc([
      { Sid: 'Open', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*' },
      { Sid: 'Scoped', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/logs/*', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } },
    ]),
    expected: [{ code: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL', type: 'SECURITY_WARNING', at: [[['Statement', 0, 'Principal', 'Service'], '"cloudtrail.amazonaws.com"']] }],
  },
  {
    name: 'FEDERATED_PRINCIPAL_NOT_SUPPORTED outside role trust policies; IAM unique IDs as principals',
    type: 'RESOURCE_POLICY',
    policy: doc([
      { Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
      { Effect: 'Allow', Principal: { AWS: ['AIDAJQABLZS4A3QDU576Q', 'AROAJQABLZS4A3QDU576Q'] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
    ]),
    expected: [
      { code: 'FEDERATED_PRINCIPAL_NOT_SUPPORTED', type: 'ERROR', at: [[['Statement', 0, 'Principal', { key: 'Federated' }], '"Federated"']] },
      { code: 'INVALID_USER_REFERENCE', type: 'WARNING', at: [[['Statement', 1, 'Principal', 'AWS', 0], '"AIDAJQABLZS4A3QDU576Q"']], details: 'The Principal element includes the IAM user ID AIDAJQABLZS4A3QDU576Q. We recommend that you use a user ARN instead.' },
      { code: 'INVALID_ROLE_REFERENCE', type: 'WARNING', at: [[['Statement', 1, 'Principal', 'AWS', 1], '"AROAJQABLZS4A3QDU576Q"']] },
    ],
  },
  {
    name: 'trust policies of OpenID Connect providers: GitHub without a sub condition, a wildcard sub, another provider without a condition',
    type: 'RESOURCE_POLICY',
    resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
    policy: doc([
      { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' },
      {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/*' } },
      },
      { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B7' }, Action: 'sts:AssumeRoleWithWebIdentity' },
      {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B7' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B7:sub': 'system:serviceaccount:default:app' } },
      },
    ]),
    expected: [
      { code: 'MISSING_GITHUB_REPO_CONDITION_KEY', type: 'SECURITY_WARNING', at: [[['Statement', 0, 'Principal', 'Federated'], '"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"']] },
      { code: 'SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', type: 'WARNING', at: [[['Statement', 1, 'Condition', 'StringLike', 'token.actions.githubusercontent.com:sub'], '"repo:octo-org/*"']] },
      {
        code: 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
        type: 'SECURITY_WARNING',
        at: [[['Statement', 2, 'Principal', 'Federated'], '"arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B7"']],
      },
    ],
  },
  {
    name: 'values of keys with a known form: regions, VPC and VPC endpoint IDs, public source IP ranges',
    policy: allow({
      Action: 's3:GetObject',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-7'], 'aws:SourceVpc': 'vpc-123', 'aws:SourceVpce': 'vpce-1a2b3c4d' },
        IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '203.0.113.5/24'] },
        NotIpAddress: { 'aws:SourceIp': '192.168.1.0/24' },
      },
    }),
    expected: [
      { code: 'INVALID_REGION', type: 'ERROR', at: [[s0('Condition', 'StringEquals', 'aws:RequestedRegion', 1), '"us-east-7"']], details: 'The Region us-east-7 is not valid. Update the condition value to a suported Region.' },
      { code: 'INVALID_VPC_FORMAT', type: 'ERROR', at: [[s0('Condition', 'StringEquals', 'aws:SourceVpc'), '"vpc-123"']] },
      { code: 'PRIVATE_IP_ADDRESS_SUBSET', type: 'SUGGESTION', at: [[s0('Condition', 'IpAddress', 'aws:SourceIp', 0), '"10.0.0.0/8"']] },
      { code: 'IMPROVE_IP_RANGE', type: 'SUGGESTION', at: [[s0('Condition', 'IpAddress', 'aws:SourceIp', 1), '"203.0.113.5/24"']], details: 'The non-zero bits in the IP address after the masked bits are ignored. Replace address with 203.0.113.0/24.' },
      { code: 'PRIVATE_NOT_IP_ADDRESS', type: 'ERROR', at: [[s0('Condition', 'NotIpAddress', 'aws:SourceIp'), '"192.168.1.0/24"']] },
    ],
  },
  {
    name: 'policy variables: AWS\'s default-value example, and the four syntax errors',
    policy: allow({
      Action: 's3:GetObject',
      Resource: [
        "arn:aws:s3:::DOC-EXAMPLE-BUCKET-${aws:PrincipalTag/team, 'company-wide'}",
        'arn:aws:s3:::bucket/${aws:username',
        'arn:aws:s3:::bucket/${}/x',
        'arn:aws:s3:::bucket/${aws: username}/y',
        'arn:aws:s3:::bucket-${aws:PrincipalTag/team, company-wide}',
      ],
    }),
    expected: [
      { code: 'MISSING_BRACE_IN_VARIABLE', type: 'ERROR', at: [[s0('Resource', 1), '"arn:aws:s3:::bucket/${aws:username"']] },
      { code: 'EMPTY_VARIABLE', type: 'ERROR', at: [[s0('Resource', 2), '"arn:aws:s3:::bucket/${}/x"']], details: 'Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure.' },
      { code: 'UNSUPPORTED_SPACE_IN_VARIABLE', type: 'ERROR', at: [[s0('Resource', 3), '"arn:aws:s3:::bucket/${aws: username}/y"']] },
      { code: 'MISSING_QUOTE_IN_VARIABLE', type: 'ERROR', at: [[s0('Resource', 4), '"arn:aws:s3:::bucket-${aws:PrincipalTag/team, company-wide}"']] },
    ],
  },
  {
    name: 'VARIABLE_UNSUPPORTED_IN_VERSION: variables need Version 2012-10-17',
    policy: JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/${aws:username}/*' }] }),
    expected: [{ code: 'VARIABLE_UNSUPPORTED_IN_VERSION', type: 'ERROR', at: [[s0('Resource'), '"arn:aws:s3:::bucket/${aws:username}/*"']] }],
  },
  {
    name: 'positions in a document with CRLF line ends and tabs',
    policy: '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": [{"Effect": "Allow", "Action": "iam:PassRole",\r\n\t\t"Resource": "*"}]\r\n}',
    expected: [{ code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', type: 'SECURITY_WARNING', at: [[s0('Resource'), '"*"']] }],
  },
  {
    name: 'service control policy grammar',
    type: 'SERVICE_CONTROL_POLICY',
    policy: doc([
      { Effect: 'Allow', Action: 's3:*Object', Resource: 'arn:aws:s3:::bucket', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Effect: 'Deny', Action: 'ec2:*', NotResource: 'arn:aws:ec2:us-east-1:123456789012:instance/i-1' },
    ]),
    expected: [
      { code: 'SCP_SYNTAX_ERROR_ACTION_WILDCARD', type: 'ERROR', at: [[['Statement', 0, 'Action'], '"s3:*Object"']], details: 'SCP actions can include wildcards (*) only at the end of a string. Update s3:*Object.' },
      { code: 'SCP_SYNTAX_ERROR_ALLOW_RESOURCE', type: 'ERROR', at: [[['Statement', 0, 'Resource'], '"arn:aws:s3:::bucket"']] },
      { code: 'SCP_SYNTAX_ERROR_ALLOW_CONDITION', type: 'ERROR', at: [[['Statement', 0, { key: 'Condition' }], '"Condition"']] },
      { code: 'SCP_SYNTAX_ERROR_NOTRESOURCE', type: 'ERROR', at: [[['Statement', 1, { key: 'NotResource' }], '"NotResource"']] },
    ],
  },
  {
    name: 'JSON_SYNTAX_ERROR at the first character the parser cannot take',
    policy: '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow", } ]\n}',
    expected: [{ code: 'JSON_SYNTAX_ERROR', type: 'ERROR', at: [[[], '}', 0]], details: 'Fix the JSON syntax error at index 67 line 3 column 38.' }],
  },
];

/** The span of the `occurrence`th `text` in `policy`, by AWS's definition of a position. */
function spanOf(policy: string, text: string, occurrence = 0) {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = policy.indexOf(text, offset + 1);
    assert.ok(offset >= 0, `the policy holds ${JSON.stringify(text)} (${occurrence})`);
  }
  const position = (at: number) => {
    const before = policy.slice(0, at);
    const line = before.split('\n').length;
    return { line, column: at - (before.lastIndexOf('\n') + 1), offset: at };
  };
  return { start: position(offset), end: position(offset + text.length) };
}

const pathElements = (path: Segment[]) => path.map((s) => (typeof s === 'number' ? { index: s } : typeof s === 'string' ? { value: s } : { key: s.key }));

const ANCHOR = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-';
const KIND = { ERROR: 'error', SECURITY_WARNING: 'security-warning', WARNING: 'general-warning', SUGGESTION: 'suggestion' };

function shape(findings: ValidatePolicyFinding[]) {
  return findings.map((f) => ({ code: f.issueCode, type: f.findingType, locations: f.locations!.map((l) => ({ path: l.path, span: l.span })) }));
}

describe('IAM Access Analyzer ValidatePolicy', () => {
  const env = useTestServer({ clients: { analyzer: AccessAnalyzerClient } });
  const validate = (policy: string, type: PolicyType = 'IDENTITY_POLICY', resourceType?: ValidatePolicyResourceType, page: { maxResults?: number; nextToken?: string } = {}) =>
    env.analyzer.send(new ValidatePolicyCommand({ policyDocument: policy, policyType: type, validatePolicyResourceType: resourceType, ...page }));

  for (const c of cases) {
    it(c.name, async () => {
      const { findings } = await validate(c.policy, c.type, c.resourceType);
      const expected = c.expected.map((e) => ({
        code: e.code,
        type: e.type,
        locations: e.at.map(([path, text, occurrence]) => ({ path: pathElements(path), span: spanOf(c.policy, text, occurrence) })),
      }));
      assert.deepEqual(shape(findings!), expected);
      c.expected.forEach((e, i) => {
        const finding = findings![i];
        if (e.details !== undefined) assert.equal(finding.findingDetails, e.details);
        // The check reference's section: its anchor is the finding type's part and the issue code in lower case.
        assert.equal(finding.learnMoreLink, `${ANCHOR}${KIND[e.type]}-${e.code.toLowerCase().replace(/_/g, '-')}`);
      });
    });
  }

  it('answers in English whatever the locale (AWS\'s translations are not modelled)', async () => {
    const policy = allow({ Action: 'iam:PassRole', Resource: '*' });
    const english = (await validate(policy)).findings!;
    const japanese = (await env.analyzer.send(new ValidatePolicyCommand({ policyDocument: policy, policyType: 'IDENTITY_POLICY', locale: 'JA' }))).findings!;
    assert.deepEqual(japanese, english);
  });

  it('pages with maxResults and nextToken, each finding once and in order', async () => {
    const policy = cases.find((c) => c.name === 'resource ARNs against the services\' ARN formats')!.policy;
    const all = (await validate(policy)).findings!;
    assert.equal(all.length, 9);
    const seen: ValidatePolicyFinding[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await validate(policy, 'IDENTITY_POLICY', undefined, { maxResults: 4, nextToken });
      assert.ok(page.findings!.length <= 4);
      seen.push(...page.findings!);
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    assert.equal(pages, 3);
    assert.deepEqual(seen, all);
  });

  it('refuses a resource type for a policy that is not a resource policy, a bad token, and changes nothing', async () => {
    await rejectsWith(validate(trustPolicyText(), 'IDENTITY_POLICY', 'AWS::IAM::AssumeRolePolicyDocument'), 'ValidationException', 'validatePolicyResourceType can be specified only when policyType is RESOURCE_POLICY.', 400);
    await rejectsWith(validate(trustPolicyText(), 'IDENTITY_POLICY', undefined, { nextToken: 'not-a-token' }), 'ValidationException', 'The nextToken is not valid.', 400);
    await rejectsWith(validate(trustPolicyText(), 'IDENTITY_POLICY', undefined, { maxResults: 0 }), 'ValidationException', 'maxResults must be at least 1.', 400);
  });

  it('through the AWS CLI: aws accessanalyzer validate-policy', async () => {
    const policy = allow({ Action: 'iam:PassRole', Resource: '*' });
    const out = await awsCliJson<{ findings: ValidatePolicyFinding[] }>(env.server.url, ['accessanalyzer', 'validate-policy', '--policy-type', 'IDENTITY_POLICY', '--policy-document', policy]);
    assert.deepEqual(
      out.findings.map((f) => [f.issueCode, f.findingType, f.locations![0].path, f.locations![0].span]),
      [['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'SECURITY_WARNING', pathElements(s0('Resource')), spanOf(policy, '"*"')]],
    );
  });
});

function trustPolicyText(): string {
  return trust({ Principal: { Service: 'lambda.amazonaws.com' } });
}
