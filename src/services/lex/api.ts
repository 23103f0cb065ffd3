// Lex V2's operations, named as AWS names them: the model-building API (lexv2-models), the runtime
// (lexv2-runtime) and linkedrole's channel-integration extension (extension-models/lex-channels), all
// signed as `lex`. Each declares the permissions it needs, then calls the Lex domain.
import type { ServiceModel } from '../../aws/model.js';
import { loadModel } from '../../aws/model.js';
import { withState, type AuthorizationTarget, type RequestContext, type ServiceApi, type ServiceOperations } from '../../aws/service.js';
import type { Operations as ModelsOperations } from '../../aws/generated/lexv2-models.js';
import type { Operations as RuntimeOperations } from '../../aws/generated/lexv2-runtime.js';
import type { Operations as ChannelsOperations } from '../../aws/generated/lex-channels.js';
import { authorizationTarget, roleFacts } from '../iam/condition-keys.js';
import { conversationEvents } from './conversation-stream.js';
import { aliasCapabilities, type AliasSettings } from './grants.js';
import { botAliasArn, botArn, CHANNELS_PRINCIPAL, LEX_PRINCIPAL, lexId, TEST_ALIAS_ID } from './ids.js';
import type { Lex } from './lex.js';
import { serviceLinkedRoleArn } from '../kit/arns.js';
import { scopeOf } from '../kit/scope.js';
import { slotsAndMoreOperations } from './slots-api.js';
import { exportImportOperations } from './export-import-api.js';
import { testSetOperations } from './test-sets-api.js';
import { withResourcePolicies } from './resource-policies.js';
import { replicaOperations, withReplicaRegions } from './replicas.js';
import { analyticsOperations } from './analytics-api.js';
import { insightOperations } from './insights-api.js';

/**
 * lexv2-models with CreateBot's and UpdateBot's roleArn optional: without one, Lex creates the bot's own
 * AWSServiceRoleForLexV2Bots_<suffix> role, as the Lex console does (see docs/lex.md).
 */
function modelsWithOptionalRole(): ServiceModel {
  const model = loadModel('lexv2-models');
  const optional = (name: string) => ({ ...model.shapes[name], required: (model.shapes[name].required ?? []).filter((m) => m !== 'roleArn') });
  return { ...model, shapes: { ...model.shapes, CreateBotRequest: optional('CreateBotRequest'), UpdateBotRequest: optional('UpdateBotRequest') } };
}

/** The ids a create chooses while it is authorized (its ARNs), and the suffix of a role it creates. */
interface ChosenIds {
  id: string;
  suffix?: string;
}

/** An operation's types with its input's roleArn optional (see modelsWithOptionalRole). */
type WithOptionalRole<Op extends { input: { roleArn: string } }> = Omit<Op, 'input'> & { input: Omit<Op['input'], 'roleArn'> & { roleArn?: string } };

/** Lex V2's operations: the model-building API (its bots' roles optional), the runtime and the channel-integration extension. */
export type Operations = Omit<ModelsOperations, 'CreateBot' | 'UpdateBot'> &
  RuntimeOperations &
  ChannelsOperations & { CreateBot: WithOptionalRole<ModelsOperations['CreateBot']>; UpdateBot: WithOptionalRole<ModelsOperations['UpdateBot']> };

export function lexApi(lex: Lex): ServiceApi<Operations> {
  /** Ids chosen while authorizing (the ARNs a create is authorized on), handed to the same request's handle. */
  const chooseIds = (withSuffix: boolean): ChosenIds => ({ id: lexId(), suffix: withSuffix ? lexId() : undefined });
  const bot = (ctx: RequestContext, botId: string) => botArn(ctx.region, ctx.caller.accountId, botId);
  const alias = (ctx: RequestContext, botId: string, botAliasId: string) => botAliasArn(ctx.region, ctx.caller.accountId, botId, botAliasId);
  /** The tags of a bot, bot alias or channel integration of the caller's account and region (none when it does not exist). */
  const tagsOf = (ctx: RequestContext, arn: string) => () =>
    lex.models.tagging.taggable(scopeOf(ctx), arn).then(
      () => lex.models.tagging.tags(arn),
      () => undefined,
    );
  /** A permission on a Lex resource, with its tags (aws:ResourceTag/*) where the action documents them. */
  const on = <Input>(action: string, resource: (input: Input, ctx: RequestContext) => string) => async (input: Input, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
    const arn = resource(input, ctx);
    return [await authorizationTarget(action, arn, { resourceTags: tagsOf(ctx, arn) })];
  };
  /** iam:PassRole of the bot's role to Lex: the role's tags, the service it is passed to. */
  const passRole = async (ctx: RequestContext, roleArn: string): Promise<AuthorizationTarget> =>
    authorizationTarget('iam:PassRole', roleArn, {
      ...(await roleFacts(lex.ctx.store, ctx.caller.accountId, roleArn)),
      keys: { 'iam:PassedToService': LEX_PRINCIPAL },
    });
  const onBot = (action: string) => on(action, (input: { botId: string }, ctx) => bot(ctx, input.botId));
  const onAlias = (action: string) => on(action, (input: { botId: string; botAliasId: string }, ctx) => alias(ctx, input.botId, input.botAliasId));
  /** Adding a capability writes into the bot's role: the caller needs iam:PutRolePolicy on it. */
  const capabilityTargets = async (ctx: RequestContext, botId: string, adds: boolean): Promise<AuthorizationTarget[]> => {
    if (!adds) return [];
    const row = await lex.models.bots.findBot(scopeOf(ctx), botId);
    return row ? [await authorizationTarget('iam:PutRolePolicy', row.role_arn, await roleFacts(lex.ctx.store, ctx.caller.accountId, row.role_arn))] : [];
  };
  const addsCapability = (input: AliasSettings) => {
    const caps = aliasCapabilities(input);
    return caps.detectSentiment || caps.textLog !== undefined || caps.audioLog !== undefined;
  };
  const newBotRole = (ctx: RequestContext, suffix: string) => () => lex.models.bots.createBotRole(scopeOf(ctx), suffix);

  const models = lex.models;
  const operations: ServiceOperations<Operations> = {
    // ---- bots ----
    CreateBot: withState({
      authorize: async (input, ctx) => {
        const chosen = chooseIds(!input.roleArn);
        const { id, suffix } = chosen;
        const targets: AuthorizationTarget[] = [
          await authorizationTarget('lex:CreateBot', bot(ctx, id), { requestTags: input.botTags }),
          await authorizationTarget('lex:CreateBot', alias(ctx, id, TEST_ALIAS_ID), { requestTags: input.testBotAliasTags }),
        ];
        if (input.roleArn) targets.push(await passRole(ctx, input.roleArn));
        else {
          const role = serviceLinkedRoleArn(ctx.caller.accountId, LEX_PRINCIPAL, `AWSServiceRoleForLexV2Bots_${suffix}`);
          targets.push(await authorizationTarget('iam:CreateServiceLinkedRole', role, { keys: { 'iam:AWSServiceName': LEX_PRINCIPAL } }));
        }
        return { targets, state: chosen };
      },
      handle: (input, ctx, { id, suffix }) => models.bots.createBot(scopeOf(ctx), input, id, newBotRole(ctx, suffix ?? lexId())),
    }),
    DescribeBot: { authorize: onBot('lex:DescribeBot'), handle: (input, ctx) => models.bots.describeBot(scopeOf(ctx), input.botId) },
    UpdateBot: withState({
      authorize: async (input, ctx) => {
        const targets = await onBot('lex:UpdateBot')(input, ctx);
        if (input.roleArn) targets.push(await passRole(ctx, input.roleArn));
        return { targets, state: chooseIds(!input.roleArn) };
      },
      handle: (input, ctx, { suffix }) => models.bots.updateBot(scopeOf(ctx), input, newBotRole(ctx, suffix ?? lexId())),
    }),
    ListBots: { authorize: on('lex:ListBots', () => '*'), handle: (input, ctx) => models.bots.listBots(scopeOf(ctx), input) },
    DeleteBot: {
      authorize: onBot('lex:DeleteBot'),
      handle: (input, ctx) => models.bots.deleteBot(scopeOf(ctx), input.botId, input.skipResourceInUseCheck === true),
    },
    // ---- locales ----
    CreateBotLocale: { authorize: onBot('lex:CreateBotLocale'), handle: (input, ctx) => models.locales.createBotLocale(scopeOf(ctx), input) },
    DescribeBotLocale: {
      authorize: onBot('lex:DescribeBotLocale'),
      handle: (input, ctx) => models.locales.describeBotLocale(scopeOf(ctx), input.botId, input.botVersion, input.localeId),
    },
    ListBotLocales: { authorize: onBot('lex:ListBotLocales'), handle: (input, ctx) => models.locales.listBotLocales(scopeOf(ctx), input) },
    BuildBotLocale: { authorize: onBot('lex:BuildBotLocale'), handle: (input, ctx) => models.locales.buildBotLocale(scopeOf(ctx), input.botId, input.localeId) },
    DeleteBotLocale: { authorize: onBot('lex:DeleteBotLocale'), handle: (input, ctx) => models.locales.deleteBotLocale(scopeOf(ctx), input.botId, input.localeId) },
    // ---- intents ----
    CreateIntent: {
      authorize: async (input, ctx) => [
        ...(await onBot('lex:CreateIntent')(input, ctx)),
        ...(await capabilityTargets(ctx, input.botId, input.kendraConfiguration !== undefined)),
      ],
      handle: (input, ctx) => models.localeIntents.createIntent(scopeOf(ctx), input),
    },
    DescribeIntent: { authorize: onBot('lex:DescribeIntent'), handle: (input, ctx) => models.localeIntents.describeIntent(scopeOf(ctx), input) },
    ListIntents: { authorize: onBot('lex:ListIntents'), handle: (input, ctx) => models.localeIntents.listIntents(scopeOf(ctx), input) },
    DeleteIntent: {
      authorize: onBot('lex:DeleteIntent'),
      handle: async (input, ctx) => {
        await models.localeIntents.deleteIntent(scopeOf(ctx), input);
        return {};
      },
    },
    // ---- versions ----
    CreateBotVersion: { authorize: onBot('lex:CreateBotVersion'), handle: (input, ctx) => models.versions.createBotVersion(scopeOf(ctx), input) },
    ListBotVersions: { authorize: onBot('lex:ListBotVersions'), handle: (input, ctx) => models.versions.listBotVersions(scopeOf(ctx), input) },
    ...slotsAndMoreOperations(lex, onBot, on),
    ...exportImportOperations(lex, tagsOf, passRole),
    ...testSetOperations(lex, tagsOf, passRole),
    ...replicaOperations(lex.replicas, onBot),
    ...analyticsOperations(lex, onBot),
    ...insightOperations(lex, onBot),
    // ---- aliases ----
    CreateBotAlias: withState({
      authorize: async (input, ctx) => {
        const chosen = chooseIds(false);
        const targets = [
          await authorizationTarget('lex:CreateBotAlias', alias(ctx, input.botId, chosen.id), { requestTags: input.tags }),
          ...(await capabilityTargets(ctx, input.botId, addsCapability(input))),
        ];
        return { targets, state: chosen };
      },
      handle: (input, ctx, { id }) => models.aliases.createBotAlias(scopeOf(ctx), input, id),
    }),
    DescribeBotAlias: { authorize: onAlias('lex:DescribeBotAlias'), handle: (input, ctx) => models.aliases.describeBotAlias(scopeOf(ctx), input.botId, input.botAliasId) },
    UpdateBotAlias: {
      authorize: async (input, ctx) => [
        ...(await onAlias('lex:UpdateBotAlias')(input, ctx)),
        ...(await capabilityTargets(ctx, input.botId, addsCapability(input))),
      ],
      handle: (input, ctx) => models.aliases.updateBotAlias(scopeOf(ctx), input),
    },
    ListBotAliases: { authorize: onBot('lex:ListBotAliases'), handle: (input, ctx) => models.aliases.listBotAliases(scopeOf(ctx), input) },
    DeleteBotAlias: {
      authorize: onAlias('lex:DeleteBotAlias'),
      handle: (input, ctx) => models.aliases.deleteBotAlias(scopeOf(ctx), input.botId, input.botAliasId, input.skipResourceInUseCheck === true),
    },
    // ---- tags ----
    TagResource: {
      authorize: async (input, ctx) => [
        await authorizationTarget('lex:TagResource', input.resourceARN, { resourceTags: tagsOf(ctx, input.resourceARN), requestTags: input.tags }),
      ],
      handle: async (input, ctx) => {
        await models.tagging.tagResource(scopeOf(ctx), input.resourceARN, input.tags);
        return {};
      },
    },
    UntagResource: {
      authorize: async (input, ctx) => [
        await authorizationTarget('lex:UntagResource', input.resourceARN, { resourceTags: tagsOf(ctx, input.resourceARN), tagKeys: input.tagKeys ?? [] }),
      ],
      handle: async (input, ctx) => {
        await models.tagging.untagResource(scopeOf(ctx), input.resourceARN, input.tagKeys ?? []);
        return {};
      },
    },
    ListTagsForResource: {
      authorize: on('lex:ListTagsForResource', (input: { resourceARN: string }) => input.resourceARN),
      handle: (input, ctx) => models.tagging.listTagsForResource(scopeOf(ctx), input.resourceARN),
    },
    // ---- runtime ----
    RecognizeText: {
      authorize: onAlias('lex:RecognizeText'),
      handle: (input, ctx) => lex.conversations.recognizeText(scopeOf(ctx), input, { requestId: ctx.requestId }),
    },
    RecognizeUtterance: {
      authorize: onAlias('lex:RecognizeUtterance'),
      handle: (input, ctx) => lex.conversations.recognizeUtterance(scopeOf(ctx), input, { requestId: ctx.requestId }),
    },
    StartConversation: {
      authorize: onAlias('lex:StartConversation'),
      handle: (input, ctx) => ({ responseEventStream: conversationEvents(lex.conversations, scopeOf(ctx), input, { requestId: ctx.requestId }) }),
      summary:
        'A bidirectional HTTP/2 event stream of turns (each event signature-verified): text and DTMF (to #) answered by the RecognizeText engine with IntentResultEvent and TextResponseEvent; audio heard as silence (an empty TranscriptEvent), answers spoken through Polly as AudioResponseEvent',
    },
    GetSession: { authorize: onAlias('lex:GetSession'), handle: (input, ctx) => lex.conversations.getSession(scopeOf(ctx), input) },
    PutSession: {
      authorize: onAlias('lex:PutSession'),
      handle: (input, ctx) => lex.conversations.putSession(scopeOf(ctx), input, { requestId: ctx.requestId }),
    },
    DeleteSession: { authorize: onAlias('lex:DeleteSession'), handle: (input, ctx) => lex.conversations.deleteSession(scopeOf(ctx), input) },
    // ---- channel integrations (extension) ----
    CreateBotChannel: withState({
      authorize: async (input, ctx) => {
        const chosen = { id: lexId(), suffix: lexId() };
        const role = serviceLinkedRoleArn(ctx.caller.accountId, CHANNELS_PRINCIPAL, `AWSServiceRoleForLexV2Channels_${chosen.suffix}`);
        const targets = [
          await authorizationTarget('lex:CreateBotChannel', bot(ctx, input.botId), { resourceTags: tagsOf(ctx, bot(ctx, input.botId)), requestTags: input.tags }),
          await authorizationTarget('iam:CreateServiceLinkedRole', role, { keys: { 'iam:AWSServiceName': CHANNELS_PRINCIPAL } }),
        ];
        return { targets, state: chosen };
      },
      handle: (input, ctx, { id, suffix }) => lex.channels.create(scopeOf(ctx), input, id, suffix),
    }),
    DescribeBotChannel: { authorize: onBot('lex:DescribeBotChannel'), handle: (input, ctx) => lex.channels.describe(scopeOf(ctx), input.botId, input.channelId) },
    ListBotChannels: { authorize: onBot('lex:ListBotChannels'), handle: (input, ctx) => lex.channels.list(scopeOf(ctx), input) },
    DeleteBotChannel: { authorize: onBot('lex:DeleteBotChannel'), handle: (input, ctx) => lex.channels.delete(scopeOf(ctx), input.botId, input.channelId) },
    // A platform's webhook call: authenticated by the platform's token, not by IAM (see docs/lex.md).
    PostChannelMessage: { authorize: () => [], handle: (input, ctx) => lex.channels.postMessage(scopeOf(ctx), input, ctx.requestId) },
  };
  return {
    signingName: 'lex',
    protocol: 'rest-json',
    models: [modelsWithOptionalRole(), loadModel('lexv2-runtime'), loadModel('lex-channels')],
    operations: withResourcePolicies(withReplicaRegions(operations, lex.replicas), models.resourcePolicies),
  };
}
