// Privilege escalation, kept refused: a table of attacks (data), each by an IAM user with a narrow
// policy of its own, through the real SDK clients against the real server. Every attack must be
// refused (AccessDenied with AWS's sentence, or the AWS error that protects the target) and must change
// nothing: the whole account (users, groups, policies and their versions, roles and their policies,
// trust, boundaries and tags, access keys, Lex bots and aliases, AppIntegrations integrations) is read
// back as root before and after, and must be the same.
//
// The paths come from AWS security folklore: Rhino Security Labs' "AWS IAM privilege escalation"
// methods (CreatePolicyVersion, SetDefaultPolicyVersion, CreateAccessKey, CreateLoginProfile,
// UpdateLoginProfile, Attach/Put User/Group/Role Policy, AddUserToGroup, UpdateAssumeRolePolicy,
// PassRole to a service), plus what service-linked roles add (only the service may assume one; AWS
// alone may modify one; a linked service must not act for a caller beyond what the caller may).
//
// Not testable here, and why (none is skipped silently):
// - PassRole to EC2 (RunInstances / instance profiles), Lambda (CreateFunction, UpdateFunctionCode),
//   Glue (CreateDevEndpoint, UpdateDevEndpoint), CloudFormation (CreateStack), Data Pipeline and
//   CodeStar: those services are not served; PassRole is tested where it is served, Lex V2's CreateBot
//   and UpdateBot (roleArn).
// - PassRole to AppIntegrations: no AppIntegrations operation takes a role (it creates and uses its own
//   service-linked role); the path tested instead is its service-linked role's creation and its forward
//   access (appflow:CreateFlow for a scheduled source).
// - iam:CreateInstanceProfile / AddRoleToInstanceProfile, UpdateAccessKey on another user's key with
//   SAML/OIDC providers: not served. (Console passwords are: CreateLoginProfile and UpdateLoginProfile of the
//   admin are in the table.)
// - The first AppIntegrations integration without iam:CreateServiceLinkedRole needs an account without
//   the role, which this shared world has: test/appintegrations/permissions.test.ts keeps it.
import { AppIntegrationsClient, CreateDataIntegrationCommand, CreateEventIntegrationCommand, ListDataIntegrationsCommand, ListEventIntegrationsCommand } from '@aws-sdk/client-appintegrations';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteServiceLinkedRoleCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetGroupPolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateLoginProfileCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBotAliasCommand,
  CreateBotCommand,
  CreateIntentCommand,
  DescribeBotAliasCommand,
  DescribeBotCommand,
  LexModelsV2Client,
  ListBotAliasesCommand,
  ListBotsCommand,
  ListIntentsCommand,
  UpdateBotAliasCommand,
  UpdateBotCommand,
} from '@aws-sdk/client-lex-models-v2';
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { signedJsonRequest, type ServerTarget } from '../../src/cli/client.js';
import { botInput, createReadyBot } from '../lex/support.js';
import { useTestServer } from '../support/fixture.js';
import { enabledDevice } from '../support/mfa.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
const IAM_READ_ONLY = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
const APPINTEGRATIONS_SLR = 'AWSServiceRoleForAppIntegrations';
const APPINTEGRATIONS_SLR_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/app-integrations.amazonaws.com/${APPINTEGRATIONS_SLR}`;
const KMS = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

type Statement = Record<string, unknown>;
const doc = (...statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*', condition?: Record<string, unknown>): Statement => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
});
const deny = (action: string | string[], resource: string | string[] = '*'): Statement => ({ Effect: 'Deny', Action: action, Resource: resource });
const trusting = (principal: Record<string, string>) => doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });
const everything = doc(allow('*'));
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Temporary = { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string };
/** The attackers' MFA devices, enabled in a case's setup: GetSessionToken verifies a code, without which IAM refuses the session. */
const devices = new Map<string, Awaited<ReturnType<typeof enabledDevice>>>();
const withDevice = async (root: Clients, attacker: string) => void devices.set(attacker, await enabledDevice(root.iam, attacker));
const mfaOf = (attacker: string) => ({ SerialNumber: devices.get(attacker)!.serialNumber, TokenCode: devices.get(attacker)!.code() });

/** The attacker's clients, signed with its own new access key. */
interface Attacker {
  name: string;
  arn: string;
  key: { accessKeyId: string; secretAccessKey: string };
  iam: IAMClient;
  sts: STSClient;
  lex: LexModelsV2Client;
  runtime: LexRuntimeV2Client;
  appIntegrations: AppIntegrationsClient;
  /** A SigV4-signed call of Lex's REST extension (channels) with the attacker's key. */
  lexExtension(method: string, path: string, body?: unknown): ReturnType<typeof signedJsonRequest>;
  /** IAM and STS clients signed with other (temporary) credentials. */
  iamWith(credentials: Temporary): IAMClient;
  stsWith(credentials: Temporary): STSClient;
}

/** The world every attack runs in (made by root in `before`). */
interface World {
  /** The bot whose own service-linked role (AWSServiceRoleForLexV2Bots_...) Lex made. */
  botId: string;
  botRoleName: string;
  botRoleArn: string;
  /** A bot given a customer role (lex-basic) at creation. */
  basicBotId: string;
}

/** What a refusal looks like: AccessDenied for `action` on `resource`, or another AWS error. */
type Refusal =
  | { denied: string; resource: string | RegExp; reason?: RegExp }
  | { code: string; status: number; message: string | RegExp };

interface Attack {
  /** What the attacker tries, in words. */
  title: string;
  /** The attacker's own inline policy (its only grant, unless `setup` adds more). */
  grant: Statement[];
  /** More of the attacker's standing, made by root before the attack (groups, boundaries, attached policies). */
  setup?: (root: Clients, attacker: string, world: World) => Promise<void>;
  attempt: (attacker: Attacker, world: World) => Promise<unknown>;
  refusal: Refusal | ((attacker: Attacker, world: World) => Refusal);
  /** Set when the attack succeeds today: the test stays in the suite as a todo (see docs/security.md). */
  todo?: string;
}

interface Clients {
  iam: IAMClient;
  lex: LexModelsV2Client;
  appIntegrations: AppIntegrationsClient;
}

// ---- the attacks -----------------------------------------------------------------------------------

const attacks: Attack[] = [
  // Rhino 1: CreatePolicyVersion on a policy attached to oneself, with SetAsDefault.
  {
    title: 'CreatePolicyVersion (SetAsDefault) on its own attached policy, allowed only to read it',
    grant: [allow(['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions'], policyArn('*'))],
    setup: async (root, name) => {
      await root.iam.send(new CreatePolicyCommand({ PolicyName: `${name}-own`, PolicyDocument: doc(allow('iam:ListUsers')) }));
      await root.iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn(`${name}-own`) }));
    },
    attempt: (a) => a.iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn(`${a.name}-own`), PolicyDocument: everything, SetAsDefault: true })),
    refusal: (a) => ({ denied: 'iam:CreatePolicyVersion', resource: policyArn(`${a.name}-own`) }),
  },
  {
    title: 'CreatePolicyVersion on its own policy when allowed it only on another policy',
    grant: [allow('iam:CreatePolicyVersion', policyArn('sandbox-*'))],
    setup: async (root, name) => {
      await root.iam.send(new CreatePolicyCommand({ PolicyName: `${name}-own`, PolicyDocument: doc(allow('iam:ListUsers')) }));
      await root.iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn(`${name}-own`) }));
    },
    attempt: (a) => a.iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn(`${a.name}-own`), PolicyDocument: everything, SetAsDefault: true })),
    refusal: (a) => ({ denied: 'iam:CreatePolicyVersion', resource: policyArn(`${a.name}-own`) }),
  },
  // Rhino 2: SetDefaultPolicyVersion back to an older, broader version.
  {
    title: 'SetDefaultPolicyVersion to an older version that allowed everything',
    grant: [allow(['iam:GetPolicyVersion', 'iam:ListPolicyVersions'], policyArn('*'))],
    setup: async (root, name) => {
      const arn = policyArn(`${name}-own`);
      await root.iam.send(new CreatePolicyCommand({ PolicyName: `${name}-own`, PolicyDocument: everything }));
      await root.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(allow('iam:ListUsers')), SetAsDefault: true }));
      await root.iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }));
    },
    attempt: async (a) => {
      // The attacker can see that v1 is the broad one...
      const v1 = await a.iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn(`${a.name}-own`), VersionId: 'v1' }));
      assert.match(decodeURIComponent(v1.PolicyVersion!.Document!), /"Action":"\*"/);
      return a.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn(`${a.name}-own`), VersionId: 'v1' }));
    },
    refusal: (a) => ({ denied: 'iam:SetDefaultPolicyVersion', resource: policyArn(`${a.name}-own`) }),
  },
  // Rhino 4: CreateAccessKey for another (more privileged) user.
  {
    title: "CreateAccessKey for another user (the admin), allowed only for its own keys",
    grant: [allow(['iam:CreateAccessKey', 'iam:ListAccessKeys'], 'arn:aws:iam::*:user/${aws:username}')],
    attempt: (a) => a.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })),
    refusal: { denied: 'iam:CreateAccessKey', resource: userArn('alice') },
  },
  // Rhino 5, 6: console passwords: a user allowed to manage only its own password sets or changes the admin's.
  {
    title: "CreateLoginProfile for the admin, allowed only on its own user (${aws:username})",
    grant: [allow(['iam:CreateLoginProfile', 'iam:UpdateLoginProfile'], 'arn:aws:iam::*:user/${aws:username}')],
    attempt: (a) => a.iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-Battery-1' })),
    refusal: { denied: 'iam:CreateLoginProfile', resource: userArn('alice') },
  },
  {
    title: "UpdateLoginProfile of the admin, allowed only on its own user (${aws:username})",
    grant: [allow(['iam:CreateLoginProfile', 'iam:UpdateLoginProfile'], 'arn:aws:iam::*:user/${aws:username}')],
    attempt: (a) => a.iam.send(new UpdateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-Battery-1' })),
    refusal: { denied: 'iam:UpdateLoginProfile', resource: userArn('alice') },
  },
  // Rhino 7: AttachUserPolicy to oneself.
  {
    title: 'AttachUserPolicy AdministratorAccess to itself, allowed to attach only IAMReadOnlyAccess (iam:PolicyARN)',
    grant: [allow('iam:AttachUserPolicy', 'arn:aws:iam::*:user/${aws:username}', { ArnEquals: { 'iam:PolicyARN': IAM_READ_ONLY } })],
    attempt: (a) => a.iam.send(new AttachUserPolicyCommand({ UserName: a.name, PolicyArn: ADMIN_POLICY })),
    refusal: (a) => ({ denied: 'iam:AttachUserPolicy', resource: a.arn }),
  },
  {
    title: 'AttachUserPolicy of a customer policy allowing everything to itself, with no permission at all',
    grant: [allow('iam:ListPolicies')],
    attempt: (a) => a.iam.send(new AttachUserPolicyCommand({ UserName: a.name, PolicyArn: policyArn('Everything') })),
    refusal: (a) => ({ denied: 'iam:AttachUserPolicy', resource: a.arn }),
  },
  // Rhino 8: AttachGroupPolicy on its own group.
  {
    title: 'AttachGroupPolicy AdministratorAccess to its own group, allowed it only on the sandbox group',
    grant: [allow('iam:AttachGroupPolicy', `arn:aws:iam::${ACCOUNT}:group/sandbox`)],
    setup: async (root, name) => {
      await root.iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: name }));
    },
    attempt: (a) => a.iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: ADMIN_POLICY })),
    refusal: { denied: 'iam:AttachGroupPolicy', resource: `arn:aws:iam::${ACCOUNT}:group/readers` },
  },
  // Rhino 9: AttachRolePolicy on a role it can assume.
  {
    title: 'AttachRolePolicy AdministratorAccess to a role it may assume',
    grant: [allow('sts:AssumeRole', roleArn('helper'))],
    attempt: (a) => a.iam.send(new AttachRolePolicyCommand({ RoleName: 'helper', PolicyArn: ADMIN_POLICY })),
    refusal: { denied: 'iam:AttachRolePolicy', resource: roleArn('helper') },
  },
  // Rhino 10: PutUserPolicy on oneself.
  {
    title: "PutUserPolicy on itself, allowed only on other users' policies",
    grant: [allow('iam:PutUserPolicy', userArn('interns/*'))],
    attempt: (a) => a.iam.send(new PutUserPolicyCommand({ UserName: a.name, PolicyName: 'escalate', PolicyDocument: everything })),
    refusal: (a) => ({ denied: 'iam:PutUserPolicy', resource: a.arn }),
  },
  {
    title: 'PutUserPolicy on itself under iam:* with iam:PutUserPolicy explicitly denied',
    grant: [allow('iam:*'), deny('iam:PutUserPolicy')],
    attempt: (a) => a.iam.send(new PutUserPolicyCommand({ UserName: a.name, PolicyName: 'escalate', PolicyDocument: everything })),
    refusal: (a) => ({ denied: 'iam:PutUserPolicy', resource: a.arn, reason: /with an explicit deny in an identity-based policy$/ }),
  },
  {
    title: 'PutUserPolicy on the admin under iam:* with iam:Put*Policy denied by a wildcard',
    grant: [allow('iam:*'), deny('iam:Put*Policy')],
    attempt: (a) => a.iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'escalate', PolicyDocument: everything })),
    refusal: { denied: 'iam:PutUserPolicy', resource: userArn('alice'), reason: /with an explicit deny in an identity-based policy$/ },
  },
  // Rhino 11: PutGroupPolicy on its own group.
  {
    title: 'PutGroupPolicy on its own group',
    grant: [allow(['iam:ListGroupsForUser', 'iam:GetGroup'])],
    setup: async (root, name) => {
      await root.iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: name }));
    },
    attempt: (a) => a.iam.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'escalate', PolicyDocument: everything })),
    refusal: { denied: 'iam:PutGroupPolicy', resource: `arn:aws:iam::${ACCOUNT}:group/readers` },
  },
  // Rhino 12: PutRolePolicy on a role it can assume.
  {
    title: 'PutRolePolicy on a role it may assume',
    grant: [allow('sts:AssumeRole', roleArn('helper'))],
    attempt: (a) => a.iam.send(new PutRolePolicyCommand({ RoleName: 'helper', PolicyName: 'escalate', PolicyDocument: everything })),
    refusal: { denied: 'iam:PutRolePolicy', resource: roleArn('helper') },
  },
  // Rhino 13: AddUserToGroup.
  {
    title: 'AddUserToGroup itself into the admins group, allowed only into readers',
    grant: [allow('iam:AddUserToGroup', `arn:aws:iam::${ACCOUNT}:group/readers`)],
    attempt: (a) => a.iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: a.name })),
    refusal: { denied: 'iam:AddUserToGroup', resource: `arn:aws:iam::${ACCOUNT}:group/admins` },
  },
  // Rhino 14: UpdateAssumeRolePolicy of a privileged role, to trust oneself.
  {
    title: 'UpdateAssumeRolePolicy of the admin role to trust itself, allowed it only on the helper role',
    grant: [allow('iam:UpdateAssumeRolePolicy', roleArn('helper')), allow('sts:AssumeRole')],
    attempt: (a) => a.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'admin-role', PolicyDocument: trusting({ AWS: a.arn }) })),
    refusal: { denied: 'iam:UpdateAssumeRolePolicy', resource: roleArn('admin-role') },
  },
  // Removing what restrains oneself.
  {
    title: 'DeleteUserPermissionsBoundary on itself, with iam:* allowed but a boundary that does not allow it',
    grant: [allow(['iam:*', 'lex:*'])],
    setup: async (root, name) => {
      await root.iam.send(new CreatePolicyCommand({ PolicyName: `${name}-boundary`, PolicyDocument: doc(allow(['lex:*', 'iam:Get*', 'iam:List*'])) }));
      await root.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: policyArn(`${name}-boundary`) }));
    },
    attempt: (a) => a.iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: a.name })),
    refusal: (a) => ({ denied: 'iam:DeleteUserPermissionsBoundary', resource: a.arn, reason: /because no permissions boundary policy allows the iam:DeleteUserPermissionsBoundary action$/ }),
  },
  {
    title: 'PutUserPermissionsBoundary AdministratorAccess on itself, in place of its boundary',
    grant: [allow(['iam:*', 'lex:*'])],
    setup: async (root, name) => {
      await root.iam.send(new CreatePolicyCommand({ PolicyName: `${name}-boundary`, PolicyDocument: doc(allow(['lex:*', 'iam:Get*', 'iam:List*'])) }));
      await root.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: policyArn(`${name}-boundary`) }));
    },
    attempt: (a) => a.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: a.name, PermissionsBoundary: ADMIN_POLICY })),
    refusal: (a) => ({ denied: 'iam:PutUserPermissionsBoundary', resource: a.arn, reason: /because no permissions boundary policy allows/ }),
  },
  {
    title: 'DeleteUserPermissionsBoundary on itself, delegated admin with that action denied',
    grant: [allow('iam:*'), deny(['iam:DeleteUserPermissionsBoundary', 'iam:DeleteRolePermissionsBoundary'])],
    setup: async (root, name) => {
      await root.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: IAM_READ_ONLY }));
    },
    attempt: (a) => a.iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: a.name })),
    refusal: (a) => ({ denied: 'iam:DeleteUserPermissionsBoundary', resource: a.arn }),
  },
  {
    title: 'CreateUser without the permissions boundary its delegation requires (iam:PermissionsBoundary)',
    grant: [allow(['iam:CreateUser', 'iam:PutUserPermissionsBoundary'], '*', { ArnEquals: { 'iam:PermissionsBoundary': IAM_READ_ONLY } })],
    attempt: (a) => a.iam.send(new CreateUserCommand({ UserName: `${a.name}-minion` })),
    refusal: (a) => ({ denied: 'iam:CreateUser', resource: userArn(`${a.name}-minion`) }),
  },
  {
    title: 'CreateUser with AdministratorAccess as the boundary, where only IAMReadOnlyAccess is allowed',
    grant: [allow(['iam:CreateUser', 'iam:PutUserPermissionsBoundary'], '*', { ArnEquals: { 'iam:PermissionsBoundary': IAM_READ_ONLY } })],
    attempt: (a) => a.iam.send(new CreateUserCommand({ UserName: `${a.name}-minion`, PermissionsBoundary: ADMIN_POLICY })),
    refusal: (a) => ({ denied: 'iam:CreateUser', resource: userArn(`${a.name}-minion`) }),
  },
  {
    title: 'CreateRole trusting itself without the required boundary (iam:PermissionsBoundary)',
    grant: [allow('iam:CreateRole', '*', { ArnEquals: { 'iam:PermissionsBoundary': IAM_READ_ONLY } })],
    attempt: (a) => a.iam.send(new CreateRoleCommand({ RoleName: `${a.name}-backdoor`, AssumeRolePolicyDocument: trusting({ AWS: a.arn }) })),
    refusal: (a) => ({ denied: 'iam:CreateRole', resource: roleArn(`${a.name}-backdoor`) }),
  },
  {
    title: 'DeleteRolePermissionsBoundary of a bounded role it may assume',
    grant: [allow('sts:AssumeRole', roleArn('bounded')), allow('iam:Get*')],
    attempt: (a) => a.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded' })),
    refusal: { denied: 'iam:DeleteRolePermissionsBoundary', resource: roleArn('bounded') },
  },
  {
    title: 'DetachUserPolicy of the managed Deny that quarantines it',
    grant: [allow(['iam:List*', 'iam:Get*'])],
    setup: async (root, name) => {
      await root.iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn('Quarantine') }));
    },
    attempt: (a) => a.iam.send(new DetachUserPolicyCommand({ UserName: a.name, PolicyArn: policyArn('Quarantine') })),
    refusal: (a) => ({ denied: 'iam:DetachUserPolicy', resource: a.arn }),
  },
  {
    title: 'DeleteUserPolicy of its inline Deny (iam:* allowed elsewhere, the deny denies touching itself)',
    grant: [allow('iam:*')],
    setup: async (root, name) => {
      await root.iam.send(
        new PutUserPolicyCommand({ UserName: name, PolicyName: 'restraint', PolicyDocument: doc(deny('iam:*', 'arn:aws:iam::*:user/${aws:username}')) }),
      );
    },
    attempt: (a) => a.iam.send(new DeleteUserPolicyCommand({ UserName: a.name, PolicyName: 'restraint' })),
    refusal: (a) => ({ denied: 'iam:DeleteUserPolicy', resource: a.arn, reason: /with an explicit deny in an identity-based policy$/ }),
  },
  {
    title: 'RemoveUserFromGroup: leaving the quarantined group whose policy denies it',
    grant: [allow('iam:*')],
    setup: async (root, name) => {
      await root.iam.send(new AddUserToGroupCommand({ GroupName: 'quarantined', UserName: name }));
    },
    attempt: (a) => a.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'quarantined', UserName: a.name })),
    refusal: { denied: 'iam:RemoveUserFromGroup', resource: `arn:aws:iam::${ACCOUNT}:group/quarantined`, reason: /with an explicit deny in an identity-based policy/ },
  },
  // Attribute-based control: tagging one's way into a grant.
  {
    title: 'TagRole the admin role with the tag its policy trusts (aws:ResourceTag), to then edit it',
    grant: [allow(['iam:TagRole', 'iam:PutRolePolicy'], '*', { StringEquals: { 'aws:ResourceTag/team': 'sandbox' } })],
    attempt: (a) => a.iam.send(new TagRoleCommand({ RoleName: 'admin-role', Tags: [{ Key: 'team', Value: 'sandbox' }] })),
    refusal: { denied: 'iam:TagRole', resource: roleArn('admin-role') },
  },
  {
    title: 'PutRolePolicy on the admin role, allowed only on roles tagged team=sandbox',
    grant: [allow(['iam:TagRole', 'iam:PutRolePolicy'], '*', { StringEquals: { 'aws:ResourceTag/team': 'sandbox' } })],
    attempt: (a) => a.iam.send(new PutRolePolicyCommand({ RoleName: 'admin-role', PolicyName: 'escalate', PolicyDocument: everything })),
    refusal: { denied: 'iam:PutRolePolicy', resource: roleArn('admin-role') },
  },
  // STS: assuming what one may not.
  {
    title: 'AssumeRole of the admin role (trusting the account), allowed sts:AssumeRole only on the helper role',
    grant: [allow('sts:AssumeRole', roleArn('helper'))],
    attempt: (a) => a.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('admin-role'), RoleSessionName: 'escalate' })),
    refusal: (a) => ({ denied: 'sts:AssumeRole', resource: roleArn('admin-role') }),
  },
  {
    title: 'AssumeRole of a role trusting it by name, with sts:AssumeRole explicitly denied on that role',
    grant: [allow('sts:AssumeRole'), deny('sts:AssumeRole', roleArn('trusts-attackers'))],
    attempt: (a) => a.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('trusts-attackers'), RoleSessionName: 'escalate' })),
    refusal: { denied: 'sts:AssumeRole', resource: roleArn('trusts-attackers'), reason: /with an explicit deny/ },
  },
  {
    title: 'AssumeRole of a role that trusts only another user (alice), with sts:AssumeRole on *',
    grant: [allow('sts:AssumeRole')],
    attempt: (a) => a.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('alice-only'), RoleSessionName: 'escalate' })),
    refusal: (a) => ({ code: 'AccessDenied', status: 403, message: `User: ${a.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn('alice-only')}` }),
  },
  {
    title: "AssumeRole of AppIntegrations' service-linked role (only app-integrations.amazonaws.com may), with sts:AssumeRole on *",
    grant: [allow('sts:AssumeRole')],
    attempt: (a) => a.sts.send(new AssumeRoleCommand({ RoleArn: APPINTEGRATIONS_SLR_ARN, RoleSessionName: 'escalate' })),
    refusal: (a) => ({ code: 'AccessDenied', status: 403, message: `User: ${a.arn} is not authorized to perform: sts:AssumeRole on resource: ${APPINTEGRATIONS_SLR_ARN}` }),
  },
  {
    title: "AssumeRole of a Lex bot's service-linked role, with sts:AssumeRole on *",
    grant: [allow('sts:AssumeRole')],
    attempt: (a, w) => a.sts.send(new AssumeRoleCommand({ RoleArn: w.botRoleArn, RoleSessionName: 'escalate' })),
    refusal: (a, w) => ({ code: 'AccessDenied', status: 403, message: `User: ${a.arn} is not authorized to perform: sts:AssumeRole on resource: ${w.botRoleArn}` }),
  },
  {
    title: 'Role chaining: from the helper role (whose policies allow no sts:AssumeRole) into the admin role',
    grant: [allow('sts:AssumeRole', roleArn('helper'))],
    attempt: async (a) => {
      const { Credentials } = await a.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('helper'), RoleSessionName: 'hop' }));
      return a.stsWith(Credentials!).send(new AssumeRoleCommand({ RoleArn: roleArn('admin-role'), RoleSessionName: 'escalate' }));
    },
    refusal: { denied: 'sts:AssumeRole', resource: roleArn('admin-role') },
  },
  {
    title: 'A session policy narrows the session: writing with a session of the iam:* role limited to reads',
    grant: [allow('sts:AssumeRole', roleArn('iam-writer'))],
    attempt: async (a) => {
      const { Credentials } = await a.sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn('iam-writer'), RoleSessionName: 'narrowed', Policy: doc(allow(['iam:Get*', 'iam:List*'])) }),
      );
      return a.iamWith(Credentials!).send(new PutUserPolicyCommand({ UserName: a.name, PolicyName: 'escalate', PolicyDocument: everything }));
    },
    // The role's policies allow it; the session policy does not (AWS's text names the session policy).
    refusal: (a) => ({ denied: 'iam:PutUserPolicy', resource: a.arn, reason: /because no session policy allows the iam:PutUserPolicy action$/ }),
  },
  {
    title: "GetSessionToken without MFA: its credentials call no IAM operation, even for a user allowed iam:*",
    grant: [allow('iam:*')],
    attempt: async (a) => {
      const { Credentials } = await a.sts.send(new GetSessionTokenCommand({}));
      return a.iamWith(Credentials!).send(new AttachUserPolicyCommand({ UserName: a.name, PolicyArn: ADMIN_POLICY }));
    },
    refusal: { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' },
  },
  {
    title: "GetSessionToken (with MFA) does not shed the user's explicit deny: PutUserPolicy with the session's credentials",
    grant: [allow('iam:*'), deny('iam:PutUserPolicy')],
    setup: withDevice,
    attempt: async (a) => {
      const { Credentials } = await a.sts.send(new GetSessionTokenCommand(mfaOf(a.name)));
      return a.iamWith(Credentials!).send(new PutUserPolicyCommand({ UserName: a.name, PolicyName: 'escalate', PolicyDocument: everything }));
    },
    refusal: (a) => ({ denied: 'iam:PutUserPolicy', resource: a.arn, reason: /with an explicit deny in an identity-based policy$/ }),
  },
  {
    title: "GetSessionToken (with MFA) does not shed the user's permissions boundary: AttachUserPolicy with the session's credentials",
    grant: [allow('iam:*')],
    setup: async (root, name) => {
      await root.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: IAM_READ_ONLY }));
      await withDevice(root, name);
    },
    attempt: async (a) => {
      const { Credentials } = await a.sts.send(new GetSessionTokenCommand(mfaOf(a.name)));
      return a.iamWith(Credentials!).send(new AttachUserPolicyCommand({ UserName: a.name, PolicyArn: ADMIN_POLICY }));
    },
    refusal: (a) => ({ denied: 'iam:AttachUserPolicy', resource: a.arn, reason: /because no permissions boundary policy allows/ }),
  },
  // Service-linked roles: creating one for a service one may not.
  {
    title: 'CreateServiceLinkedRole for lexv2.amazonaws.com, allowed only where iam:AWSServiceName is app-integrations.amazonaws.com',
    grant: [allow('iam:CreateServiceLinkedRole', '*', { StringEquals: { 'iam:AWSServiceName': 'app-integrations.amazonaws.com' } })],
    attempt: (a) => a.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'lexv2.amazonaws.com', CustomSuffix: 'Escalate' })),
    refusal: { denied: 'iam:CreateServiceLinkedRole', resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_Escalate` },
  },
  {
    title: "DeleteServiceLinkedRole of AppIntegrations' role, allowed only for lexv2.amazonaws.com's roles",
    grant: [allow('iam:DeleteServiceLinkedRole', `arn:aws:iam::${ACCOUNT}:role/aws-service-role/lexv2.amazonaws.com/*`)],
    attempt: (a) => a.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: APPINTEGRATIONS_SLR })),
    refusal: { denied: 'iam:DeleteServiceLinkedRole', resource: APPINTEGRATIONS_SLR_ARN },
  },
  // PassRole: handing a service a role more powerful than oneself.
  {
    title: 'PassRole to Lex (CreateBot) of the admin-powered lex-admin role, allowed to pass only lex-basic',
    grant: [allow('lex:*'), allow('iam:PassRole', roleArn('lex-basic'))],
    attempt: (a) =>
      a.lex.send(new CreateBotCommand({ botName: `${a.name}Bot`, roleArn: roleArn('lex-admin'), dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 })),
    refusal: { denied: 'iam:PassRole', resource: roleArn('lex-admin') },
  },
  {
    title: "PassRole to Lex (UpdateBot): swapping an existing bot's role for lex-admin, allowed to pass only lex-basic",
    grant: [allow('lex:*'), allow('iam:PassRole', roleArn('lex-basic'))],
    attempt: (a, w) =>
      a.lex.send(new UpdateBotCommand({ botId: w.basicBotId, botName: 'BasicBot', roleArn: roleArn('lex-admin'), dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 })),
    refusal: { denied: 'iam:PassRole', resource: roleArn('lex-admin') },
  },
  {
    title: 'PassRole of lex-admin to Lex, allowed only when iam:PassedToService is lambda.amazonaws.com',
    grant: [allow('lex:*'), allow('iam:PassRole', '*', { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } })],
    attempt: (a) =>
      a.lex.send(new CreateBotCommand({ botName: `${a.name}Bot`, roleArn: roleArn('lex-admin'), dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 })),
    refusal: { denied: 'iam:PassRole', resource: roleArn('lex-admin') },
  },
  {
    title: 'PassRole to Lex of a role in another account, with iam:PassRole on *',
    grant: [allow(['lex:*', 'iam:PassRole'])],
    attempt: (a) =>
      a.lex.send(
        new CreateBotCommand({ botName: `${a.name}Bot`, roleArn: 'arn:aws:iam::999999999999:role/OrganizationAdmin', dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 }),
      ),
    // Refused as AWS refuses passing another account's role: no identity policy can grant that alone.
    refusal: { denied: 'iam:PassRole', resource: 'arn:aws:iam::999999999999:role/OrganizationAdmin' },
  },
  // A linked service acting through its service-linked role for a caller beyond what the caller may.
  {
    title: "Lex creates a bot's service-linked role for a caller without iam:CreateServiceLinkedRole (CreateBot without a role)",
    grant: [allow('lex:*')],
    // roleArn left out: Lex then creates the bot's own role (the SDK's type requires one; linkedrole's model does not).
    attempt: (a) => a.lex.send(new CreateBotCommand(botInput(`${a.name}Bot`))),
    refusal: { denied: 'iam:CreateServiceLinkedRole', resource: new RegExp(`${escape(`arn:aws:iam::${ACCOUNT}:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_`)}\\w+ `) },
  },
  {
    title: "Lex writes an S3 audio-log grant into the bot's service-linked role for a caller without iam:PutRolePolicy on it (CreateBotAlias)",
    grant: [allow('lex:*')],
    attempt: (a, w) =>
      a.lex.send(
        new CreateBotAliasCommand({
          botId: w.botId,
          botAliasName: `${a.name}Alias`,
          conversationLogSettings: { audioLogSettings: [{ enabled: true, destination: { s3Bucket: { s3BucketArn: 'arn:aws:s3:::exfiltration-bucket', logPrefix: 'loot/' } } }] },
        }),
      ),
    refusal: (_a, w) => ({ denied: 'iam:PutRolePolicy', resource: w.botRoleArn }),
  },
  {
    title: "Lex writes a Comprehend grant into the bot's service-linked role for a caller without iam:PutRolePolicy on it (UpdateBotAlias)",
    grant: [allow('lex:*')],
    attempt: (a, w) =>
      a.lex.send(new UpdateBotAliasCommand({ botId: w.botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: true } })),
    refusal: (_a, w) => ({ denied: 'iam:PutRolePolicy', resource: w.botRoleArn }),
  },
  {
    title: "Lex writes a Kendra grant into the bot's service-linked role for a caller with iam:PutRolePolicy only on another role (CreateIntent)",
    grant: [allow('lex:*'), allow('iam:PutRolePolicy', roleArn('aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_Other'))],
    attempt: (a, w) =>
      a.lex.send(
        new CreateIntentCommand({
          botId: w.botId,
          botVersion: 'DRAFT',
          localeId: 'en_US',
          intentName: `${a.name}Faq`,
          parentIntentSignature: 'AMAZON.KendraSearchIntent',
          kendraConfiguration: { kendraIndex: `arn:aws:kendra:${REGION}:${ACCOUNT}:index/secret-index` },
        }),
      ),
    refusal: (_a, w) => ({ denied: 'iam:PutRolePolicy', resource: w.botRoleArn }),
  },
  {
    title: "Lex creates a channel's service-linked role for a caller without iam:CreateServiceLinkedRole (CreateBotChannel)",
    grant: [allow('lex:*')],
    attempt: async (a, w) => {
      const answer = await a.lexExtension('PUT', `/bots/${w.botId}/channels/`, {
        channelName: `${a.name}-slack`,
        botAliasId: 'TSTALIASID',
        localeId: 'en_US',
        platform: 'Slack',
        platformConfiguration: { slack: { clientId: 'c', clientSecret: 's', verificationToken: 'v', signingSecret: 'g' } },
      });
      throw Object.assign(new Error((answer.body as { message?: string })?.message ?? ''), { name: answer.errorType ?? `HTTP ${answer.status}`, $metadata: { httpStatusCode: answer.status } });
    },
    refusal: { denied: 'iam:CreateServiceLinkedRole', resource: new RegExp(`${escape(`arn:aws:iam::${ACCOUNT}:role/aws-service-role/channels.lexv2.amazonaws.com/AWSServiceRoleForLexV2Channels_`)}\\w+ `) },
  },
  {
    title: 'AppIntegrations creates an AppFlow flow (run through its service-linked role) for a caller without appflow:CreateFlow',
    grant: [allow('app-integrations:*')],
    attempt: (a) =>
      a.appIntegrations.send(
        new CreateDataIntegrationCommand({ Name: `${a.name}-sf`, KmsKey: KMS, SourceURI: 'Salesforce://AppFlow/sf', ScheduleConfig: { ScheduleExpression: 'rate(1 day)', Object: 'Account' } }),
      ),
    refusal: { denied: 'appflow:CreateFlow', resource: '*' },
  },
];

/** Every write IAM refuses on a service-linked role with UnmodifiableEntity (AWS alone may make them). */
const protectedWrites: { title: string; write: (iam: IAMClient, roleName: string, attacker: string) => Promise<unknown> }[] = [
  { title: 'DeleteRole', write: (iam, role) => iam.send(new DeleteRoleCommand({ RoleName: role })) },
  { title: 'AttachRolePolicy AdministratorAccess', write: (iam, role) => iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: ADMIN_POLICY })) },
  { title: 'PutRolePolicy allowing everything', write: (iam, role) => iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'escalate', PolicyDocument: everything })) },
  { title: 'DetachRolePolicy of its service policy', write: (iam, role) => iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: serviceRolePolicy[role] ?? ADMIN_POLICY })) },
  { title: 'DeleteRolePolicy', write: (iam, role) => iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: 'AmazonLexV2-ComprehendDetectSentiment' })) },
  { title: 'UpdateAssumeRolePolicy trusting the attacker', write: (iam, role, attacker) => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: trusting({ AWS: userArn(attacker) }) })) },
  { title: 'PutRolePermissionsBoundary', write: (iam, role) => iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: role, PermissionsBoundary: ADMIN_POLICY })) },
  { title: 'DeleteRolePermissionsBoundary', write: (iam, role) => iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: role })) },
  { title: 'UpdateRole MaxSessionDuration', write: (iam, role) => iam.send(new UpdateRoleCommand({ RoleName: role, MaxSessionDuration: 43200 })) },
];
/** The AWS managed policy each service-linked role of the world has attached (filled in `before`). */
const serviceRolePolicy: Record<string, string> = {};

// ---- the state, read back as root ------------------------------------------------------------------

/**
 * The account as root reads it. Earlier attacks' users are left out (`attacker` names the one of this
 * attack): what they could do is not this attack's business, and reading them all makes every attack slower.
 */
async function snapshot(root: Clients, attacker?: string): Promise<unknown> {
  const { iam, lex, appIntegrations } = root;
  const decode = (text?: string) => (text ? decodeURIComponent(text) : text);
  const users = ((await iam.send(new ListUsersCommand({ MaxItems: 1000 }))).Users ?? []).filter((u) => !/^mallory\d+$/.test(u.UserName!) || u.UserName === attacker);
  const usersState = await Promise.all(
    users.map(async ({ UserName }) => {
      const inline = (await iam.send(new ListUserPoliciesCommand({ UserName }))).PolicyNames ?? [];
      return {
        user: (await iam.send(new GetUserCommand({ UserName }))).User,
        inline: await Promise.all(inline.map(async (PolicyName) => decode((await iam.send(new GetUserPolicyCommand({ UserName, PolicyName }))).PolicyDocument))),
        attached: (await iam.send(new ListAttachedUserPoliciesCommand({ UserName }))).AttachedPolicies,
        groups: (await iam.send(new ListGroupsForUserCommand({ UserName }))).Groups?.map((g) => g.GroupName),
        keys: (await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata,
        tags: (await iam.send(new ListUserTagsCommand({ UserName }))).Tags,
      };
    }),
  );
  const groups = (await iam.send(new ListGroupsCommand({}))).Groups ?? [];
  const groupsState = await Promise.all(
    groups.map(async ({ GroupName }) => {
      const inline = (await iam.send(new ListGroupPoliciesCommand({ GroupName }))).PolicyNames ?? [];
      return {
        GroupName,
        inline: await Promise.all(inline.map(async (PolicyName) => decode((await iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName }))).PolicyDocument))),
        attached: (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName }))).AttachedPolicies,
      };
    }),
  );
  const policies = (await iam.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 1000 }))).Policies ?? [];
  const policiesState = await Promise.all(
    policies.map(async (p) => ({
      p,
      versions: await Promise.all(
        ((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: p.Arn }))).Versions ?? []).map(async (v) => ({
          ...v,
          Document: decode((await iam.send(new GetPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: v.VersionId }))).PolicyVersion?.Document),
        })),
      ),
    })),
  );
  const roles = (await iam.send(new ListRolesCommand({ MaxItems: 1000 }))).Roles ?? [];
  const rolesState = await Promise.all(
    roles.map(async ({ RoleName }) => {
      const { RoleLastUsed: _lastUsed, ...role } = (await iam.send(new GetRoleCommand({ RoleName }))).Role!;
      const inline = (await iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames ?? [];
      return {
        role: { ...role, AssumeRolePolicyDocument: decode(role.AssumeRolePolicyDocument) },
        inline: await Promise.all(inline.map(async (PolicyName) => [PolicyName, decode((await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }))).PolicyDocument)])),
        attached: (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies,
        tags: (await iam.send(new ListRoleTagsCommand({ RoleName }))).Tags,
      };
    }),
  );
  const bots = (await lex.send(new ListBotsCommand({ maxResults: 1000 }))).botSummaries ?? [];
  const botsState = await Promise.all(
    bots.map(async ({ botId }) => {
      const { $metadata: _m, botStatus: _s, lastUpdatedDateTime: _u, ...bot } = await lex.send(new DescribeBotCommand({ botId }));
      const aliases = (await lex.send(new ListBotAliasesCommand({ botId }))).botAliasSummaries ?? [];
      return {
        bot,
        aliases: await Promise.all(
          aliases.map(async ({ botAliasId }) => {
            const { $metadata: _am, botAliasStatus: _as, lastUpdatedDateTime: _au, ...alias } = await lex.send(new DescribeBotAliasCommand({ botId, botAliasId }));
            return alias;
          }),
        ),
        // A bot without the en_US locale has no intents to list (ResourceNotFoundException).
        intents: ((await lex.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' })).catch(() => undefined))?.intentSummaries ?? []).map((i) => i.intentName).sort(),
      };
    }),
  );
  const dataIntegrations = (await appIntegrations.send(new ListDataIntegrationsCommand({}))).DataIntegrations;
  const eventIntegrations = (await appIntegrations.send(new ListEventIntegrationsCommand({}))).EventIntegrations;
  return { usersState, groupsState, policiesState, rolesState, botsState, dataIntegrations, eventIntegrations };
}

/** Checks the error an attack met against its expected refusal. */
function assertRefused(error: Error & { $metadata?: { httpStatusCode?: number } }, refusal: Refusal, attacker: Attacker): true {
  if ('denied' in refusal) {
    assert.match(error.name, /^AccessDenied(Exception)?$/, `error name (${error.name}: ${error.message})`);
    assert.equal(error.$metadata?.httpStatusCode, 403, 'HTTP status');
    const resource = typeof refusal.resource === 'string' ? `${escape(refusal.resource)}( |$)` : refusal.resource.source;
    const sentence = new RegExp(`^User: (\\S+) is not authorized to perform: ${escape(refusal.denied)} on resource: ${resource}`);
    const match = sentence.exec(error.message);
    assert.ok(match, `"${error.message}" matches ${sentence}`);
    // The refused principal is the attacker, or a role session it made.
    assert.ok(match[1] === attacker.arn || match[1].startsWith(`arn:aws:sts::${ACCOUNT}:assumed-role/`), `refused principal ${match[1]}`);
    if (refusal.reason) assert.match(error.message, refusal.reason);
  } else {
    const name = error.name.endsWith('Exception') && !refusal.code.endsWith('Exception') ? error.name.slice(0, -'Exception'.length) : error.name;
    assert.equal(name, refusal.code, `error name (${error.name}: ${error.message})`);
    if (typeof refusal.message === 'string') assert.equal(error.message, refusal.message);
    else assert.match(error.message, refusal.message);
    assert.equal(error.$metadata?.httpStatusCode, refusal.status, 'HTTP status');
  }
  return true;
}

describe('privilege escalation: every path is refused and changes nothing', () => {
  const env = useTestServer({ clients: { iam: IAMClient, lex: LexModelsV2Client, appIntegrations: AppIntegrationsClient }, app: { lex: { transitionMs: 30 } } });
  const world = {} as World;
  let count = 0;

  /** A new user with `grant` as its only inline policy and an access key; its clients. */
  async function attacker(grant: Statement[]): Promise<Attacker> {
    const name = `mallory${++count}`;
    await env.iam.send(new CreateUserCommand({ UserName: name }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'grant', PolicyDocument: doc(...grant) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const key = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const target: ServerTarget = { endpoint: env.server.url, region: REGION, ...key };
    return {
      name,
      arn: userArn(name),
      key,
      iam: env.client(IAMClient, key),
      sts: env.client(STSClient, key),
      lex: env.client(LexModelsV2Client, key),
      runtime: env.client(LexRuntimeV2Client, key),
      appIntegrations: env.client(AppIntegrationsClient, key),
      lexExtension: (method, path, body) => signedJsonRequest(target, 'lex', method, path, body),
      iamWith: (c) => env.client(IAMClient, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }),
      stsWith: (c) => env.client(STSClient, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }),
    };
  }

  before(async () => {
    const { iam, lex, appIntegrations } = env;
    await iam.send(new CreatePolicyCommand({ PolicyName: 'Everything', PolicyDocument: everything }));
    await iam.send(new CreatePolicyCommand({ PolicyName: 'Quarantine', PolicyDocument: doc(deny(['iam:Detach*', 'iam:Delete*', 'iam:Remove*', 'lex:*'])) }));
    // The victim: an administrator.
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ADMIN_POLICY }));
    for (const group of ['admins', 'readers', 'sandbox', 'quarantined']) await iam.send(new CreateGroupCommand({ GroupName: group }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMIN_POLICY }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: IAM_READ_ONLY }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'quarantined', PolicyName: 'stay', PolicyDocument: doc(deny('iam:RemoveUserFromGroup', `arn:aws:iam::${ACCOUNT}:group/quarantined`)) }));
    // Roles worth stealing, and ordinary ones.
    const roles: [string, string, string?][] = [
      ['admin-role', trusting({ AWS: ROOT_ARN }), ADMIN_POLICY],
      ['helper', trusting({ AWS: ROOT_ARN }), IAM_READ_ONLY],
      ['iam-writer', trusting({ AWS: ROOT_ARN })],
      ['bounded', trusting({ AWS: ROOT_ARN }), ADMIN_POLICY],
      ['trusts-attackers', trusting({ AWS: ROOT_ARN }), ADMIN_POLICY],
      ['alice-only', trusting({ AWS: userArn('alice') }), ADMIN_POLICY],
      ['lex-basic', trusting({ Service: 'lexv2.amazonaws.com' })],
      ['lex-admin', trusting({ Service: 'lexv2.amazonaws.com' }), ADMIN_POLICY],
    ];
    for (const [RoleName, AssumeRolePolicyDocument, attached] of roles) {
      await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument }));
      if (attached) await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: attached }));
    }
    await iam.send(new PutRolePolicyCommand({ RoleName: 'iam-writer', PolicyName: 'iam', PolicyDocument: doc(allow('iam:*')) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'lex-basic', PolicyName: 'polly', PolicyDocument: doc(allow('polly:SynthesizeSpeech')) }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: IAM_READ_ONLY }));
    // Service-linked roles: AppIntegrations' (with an integration that uses it) and a Lex bot's own.
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' }));
    await appIntegrations.send(new CreateEventIntegrationCommand({ Name: 'cases-events', EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default' }));
    const bot = await createReadyBot(lex, 'WorldBot');
    world.botId = bot.botId!;
    world.botRoleArn = bot.roleArn!;
    world.botRoleName = bot.roleArn!.split('/').pop()!;
    world.basicBotId = (await lex.send(new CreateBotCommand({ botName: 'BasicBot', roleArn: roleArn('lex-basic'), dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 }))).botId!;
    for (const role of [APPINTEGRATIONS_SLR, world.botRoleName]) {
      const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies ?? [];
      assert.ok(attached[0]?.PolicyArn, `${role} has its service policy`);
      serviceRolePolicy[role] = attached[0].PolicyArn!;
    }
  });

  for (const attack of attacks) {
    it(attack.title, { todo: attack.todo }, async () => {
      const a = await attacker(attack.grant);
      await attack.setup?.(env, a.name, world);
      const before = await snapshot(env, a.name);
      await assert.rejects(attack.attempt(a, world), (error: Error) => assertRefused(error, typeof attack.refusal === 'function' ? attack.refusal(a, world) : attack.refusal, a));
      assert.deepEqual(await snapshot(env, a.name), before, 'the attack changed nothing');
    });
  }

  describe('a service-linked role is modifiable only by AWS: UnmodifiableEntity for root and for a user allowed iam:*', () => {
    for (const write of protectedWrites) {
      it(write.title, async () => {
        const a = await attacker([allow('iam:*')]);
        const before = await snapshot(env, a.name);
        for (const role of [APPINTEGRATIONS_SLR, world.botRoleName]) {
          for (const [who, iam] of [['root', env.iam], [a.name, a.iam]] as const) {
            await assert.rejects(write.write(iam, role, a.name), (error: Error) =>
              assertRefused(error, { code: 'UnmodifiableEntity', status: 400, message: `Cannot perform the operation on the protected role '${role}' - this role is only modifiable by AWS` }, a),
            `${write.title} on ${role} by ${who}`);
          }
        }
        assert.deepEqual(await snapshot(env, a.name), before, 'the attack changed nothing');
      });
    }
  });

  it("a linked service does not act through another service's role: a bot given AppIntegrations' role cannot use it", async () => {
    // Root may pass any of its roles to Lex (as AWS lets an administrator); Lex still acts only as
    // lexv2.amazonaws.com, which AppIntegrations' trust policy does not name.
    const borrowed = await createReadyBot(env.lex, 'BorrowedRole', { roleArn: APPINTEGRATIONS_SLR_ARN });
    const before = await snapshot(env);
    const lastUsed = (await env.iam.send(new GetRoleCommand({ RoleName: APPINTEGRATIONS_SLR }))).Role!.RoleLastUsed;
    const runtime = env.client(LexRuntimeV2Client);
    // Sentiment makes each turn call Comprehend through the bot's role.
    await env.lex.send(new UpdateBotAliasCommand({ botId: borrowed.botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: true } }));
    await assert.rejects(
      runtime.send(new RecognizeTextCommand({ botId: borrowed.botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 's1', text: 'I want to order a pizza' })),
      (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'DependencyFailedException', error.message);
        assert.match(error.message, new RegExp(`could not assume the role ${escape(APPINTEGRATIONS_SLR_ARN)}`));
        return true;
      },
    );
    // AppIntegrations' role is unchanged (Lex writes grants only into its own roles) and unused.
    const after = (await snapshot(env)) as { rolesState: { role: { RoleName?: string } }[] };
    const slr = (s: unknown) => (s as typeof after).rolesState.find((r) => r.role.RoleName === APPINTEGRATIONS_SLR);
    assert.deepEqual(slr(after), slr(before));
    assert.deepEqual((await env.iam.send(new GetRoleCommand({ RoleName: APPINTEGRATIONS_SLR }))).Role!.RoleLastUsed, lastUsed);
    const onBehalf = await env.server.app.audit.query({ accountId: ACCOUNT, roleArn: APPINTEGRATIONS_SLR_ARN, kind: 'on-behalf' });
    assert.equal(onBehalf.filter((e) => e.decision === 'allowed').length, 0, 'nothing was allowed through the borrowed role');
  });
});
