// The condition-key table's shared parts: the clients a row is called with, the Row shape, the targets root
// makes for a case (each fresh, tagged team=blue where it can be), and the constants rows use. Every file of
// this folder but this one exports `rows: Row[]`; test/authz/condition-keys.test.ts loads them all.
import { AppIntegrationsClient, CreateDataIntegrationCommand, CreateEventIntegrationCommand } from '@aws-sdk/client-appintegrations';
import { AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { BuildBotLocaleCommand, CreateBotAliasCommand, CreateBotCommand, CreateBotLocaleCommand, CreateBotVersionCommand, CreateIntentCommand, DescribeBotCommand, DescribeBotLocaleCommand, LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { STSClient } from '@aws-sdk/client-sts';
import { waitFor } from '../../support/wait.js';


export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const TAG = ['team', 'blue'] as const;
export const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/Boundary`;
export const OTHER_BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/OtherBoundary`;
export const KMS = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }] });
export const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

export interface Clients {
  iam: IAMClient;
  sts: STSClient;
  lex: LexModelsV2Client;
  runtime: LexRuntimeV2Client;
  ai: AppIntegrationsClient;
  /** A signed call to an API without an SDK client here (AppFlow, Lex's channel extension). */
  rest(service: string, method: string, path: string, body?: unknown, query?: Record<string, string>): Promise<unknown>;
}

/** A fresh target made by root for one case: names, ids, ARNs. */
export type Target = Record<string, string>;

export interface Row {
  /** The operation (as served) and the IAM action whose keys are tested. */
  operation: string;
  action: string;
  /** The iam-data resource type of the action's target (none when the resource is *). */
  type?: string;
  /** The right value of each key the action documents: the target's tag, the request's tag, boundaries... */
  values: { requestTag?: readonly [string, string]; tagKey?: string; keys?: Record<string, string> };
  /** Makes the target as root (the target carries the tag team=blue where it can be tagged). */
  setup: (root: Clients, n: number) => Promise<Target>;
  call: (user: Clients, target: Target) => Promise<unknown>;
  /** Documented keys that cannot have a value for this row's target, and why. */
  notApplicable?: Record<string, string>;
}

export const RIGHT_TAG = { requestTag: ['stage', 'prod'] as const, tagKey: 'stage' };

// Targets made by root.
export async function role(root: Clients, n: number): Promise<Target> {
  const name = `role-${n}`;
  await root.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, PermissionsBoundary: BOUNDARY, Tags: [{ Key: TAG[0], Value: TAG[1] }, { Key: 'stage', Value: 'prod' }] }));
  await root.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: allowAll }));
  await root.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: BOUNDARY }));
  return { name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}` };
}
export async function user(root: Clients, n: number): Promise<Target> {
  const name = `user-${n}`;
  await root.iam.send(new CreateUserCommand({ UserName: name, PermissionsBoundary: BOUNDARY, Tags: [{ Key: TAG[0], Value: TAG[1] }, { Key: 'stage', Value: 'prod' }] }));
  await root.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'inline', PolicyDocument: allowAll }));
  await root.iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: BOUNDARY }));
  const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { name, arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, keyId: AccessKey!.AccessKeyId! };
}
export async function group(root: Clients, n: number): Promise<Target> {
  const name = `group-${n}`;
  await root.iam.send(new CreateGroupCommand({ GroupName: name }));
  await root.iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: BOUNDARY }));
  return { name };
}
export async function policy(root: Clients, n: number): Promise<Target> {
  const name = `policy-${n}`;
  const { Policy } = await root.iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: allowAll, Tags: [{ Key: TAG[0], Value: TAG[1] }, { Key: 'stage', Value: 'prod' }] }));
  await root.iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn, PolicyDocument: allowAll }));
  return { arn: Policy!.Arn! };
}
export async function bot(root: Clients, n: number): Promise<Target> {
  const created = await root.lex.send(
    new CreateBotCommand({ botName: `bot-${n}`, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300, botTags: { [TAG[0]]: TAG[1], stage: 'prod' }, testBotAliasTags: { [TAG[0]]: TAG[1], stage: 'prod' } } as never),
  );
  const botId = created.botId!;
  await waitFor(() => root.lex.send(new DescribeBotCommand({ botId })), (b) => b.botStatus === 'Available');
  await root.lex.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.4 }));
  await waitFor(() => root.lex.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' })), (l) => l.botLocaleStatus === 'NotBuilt');
  const { intentId } = await root.lex.send(new CreateIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentName: 'Greeting', sampleUtterances: [{ utterance: 'hello' }] }));
  const botArn = `arn:aws:lex:${REGION}:${ACCOUNT}:bot/${botId}`;
  const roleArn = (await root.lex.send(new DescribeBotCommand({ botId }))).roleArn!;
  return { botId, botArn, intentId: intentId!, roleName: roleArn.split('/').pop()!, aliasArn: `arn:aws:lex:${REGION}:${ACCOUNT}:bot-alias/${botId}/TSTALIASID` };
}
export async function builtBot(root: Clients, n: number): Promise<Target> {
  const made = await bot(root, n);
  await root.lex.send(new BuildBotLocaleCommand({ botId: made.botId, botVersion: 'DRAFT', localeId: 'en_US' }));
  await waitFor(() => root.lex.send(new DescribeBotLocaleCommand({ botId: made.botId, botVersion: 'DRAFT', localeId: 'en_US' })), (l) => l.botLocaleStatus === 'Built');
  return made;
}
export async function botWithAlias(root: Clients, n: number): Promise<Target> {
  const made = await builtBot(root, n);
  await root.lex.send(new CreateBotVersionCommand({ botId: made.botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }));
  const alias = await root.lex.send(new CreateBotAliasCommand({ botId: made.botId, botAliasName: 'prod', botVersion: '1', tags: { [TAG[0]]: TAG[1], stage: 'prod' } }));
  return { ...made, botAliasId: alias.botAliasId!, aliasArn: `arn:aws:lex:${REGION}:${ACCOUNT}:bot-alias/${made.botId}/${alias.botAliasId}` };
}
export async function botWithChannel(root: Clients, n: number): Promise<Target> {
  const made = await builtBot(root, n);
  const created = (await root.rest('lex', 'PUT', `/bots/${made.botId}/channels/`, channel(`channel-${n}`))) as { channelId: string };
  return { ...made, channelId: created.channelId };
}
export const channel = (channelName: string) => ({
  channelName,
  botAliasId: 'TSTALIASID',
  localeId: 'en_US',
  platform: 'Slack',
  platformConfiguration: { slack: { clientId: 'client-1', clientSecret: 'secret-1', verificationToken: 'verify-me', signingSecret: 'sign-1' } },
});
export async function dataIntegration(root: Clients, n: number): Promise<Target> {
  const made = await root.ai.send(
    new CreateDataIntegrationCommand({ Name: `data-${n}`, KmsKey: KMS, SourceURI: 'Salesforce://AppFlow/salesforce-prod', Tags: { [TAG[0]]: TAG[1], stage: 'prod' } }),
  );
  return { id: made.Id!, arn: made.Arn! };
}
export async function flow(root: Clients, n: number): Promise<Target> {
  const made = await root.ai.send(
    new CreateDataIntegrationCommand({
      Name: `flow-${n}`,
      KmsKey: KMS,
      SourceURI: 'Salesforce://AppFlow/salesforce-prod',
      ScheduleConfig: { ScheduleExpression: 'rate(1 hour)', Object: 'Case' },
    }),
  );
  const name = `FlowCreatedByAppIntegrations-${made.Id}`;
  const arn = `arn:aws:appflow:${REGION}:${ACCOUNT}:flow/${name}`;
  await root.rest('appflow', 'POST', `/tags/${encodeURIComponent(arn)}`, { tags: { [TAG[0]]: TAG[1], stage: 'prod' } });
  return { name, arn };
}
export async function eventIntegration(root: Clients, n: number): Promise<Target> {
  const name = `events-${n}`;
  const made = await root.ai.send(
    new CreateEventIntegrationCommand({ Name: name, EventBridgeBus: 'default', EventFilter: { Source: 'aws.partner/example.com' }, Tags: { [TAG[0]]: TAG[1], stage: 'prod' } }),
  );
  return { name, arn: made.EventIntegrationArn! };
}
export const none = async (): Promise<Target> => ({});

export const untag = ['extra'];
export const tags = [{ Key: 'stage', Value: 'prod' }];

let counter = 0;
/** A number no other case has used: fresh names for targets and created resources. */
export const next = (): number => ++counter;

/** Root's clients, set by the test before any row runs (rows that need root in their call read it here). */
export const shared: { root: Clients } = { root: undefined as unknown as Clients };
