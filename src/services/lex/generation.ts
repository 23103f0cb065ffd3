// Lex V2's generative operations on a DRAFT bot locale. AWS runs them with an Amazon Bedrock model named in
// the locale's generativeAISettings, invoked through the bot's role; offline there is no model (docs/lex.md,
// Generative operations). So:
// - StartBotResourceGeneration keeps AWS's requirements and lifecycle: the descriptive bot builder enabled
//   with a model, one generation at a time per locale, the bot role's bedrock:InvokeModel on the model decided
//   (and audited) through the role, InProgress for the transition time, then Failed with a reason that says why
//   nothing was generated (the role's refusal, or that no model runs here). Nothing in the locale changes.
// - GenerateBotElement answers sample utterances made from the intent's own utterances, slots and name
//   (utterance-generation.ts), not by a model, so no bedrock:InvokeModel is made for it.
import type {
  DescribeBotResourceGenerationResponse,
  GenerateBotElementRequest,
  GenerateBotElementResponse,
  GenerativeAISettings,
  ListBotResourceGenerationsRequest,
  ListBotResourceGenerationsResponse,
  StartBotResourceGenerationRequest,
  StartBotResourceGenerationResponse,
} from '../../aws/generated/lexv2-models.js';
import type { Kysely } from 'kysely';
import type { LexBotGenerationRow, LexBotRow, Schema } from '../../store/schema.js';
import { parseRoleArn } from '../kit/arns.js';
import type { Scope } from '../kit/scope.js';
import { conflict, invalid, notFound, page, parseJson, type LexContext } from './context.js';
import { refusal } from './conversations.js';
import { DRAFT, LEX_PRINCIPAL, lexId } from './ids.js';
import { FALLBACK } from './intents.js';
import { readLocaleDefinition } from './locale-definition.js';
import { effectiveStatus, transition } from './status.js';
import type { BotLocaleLookup, BotLookup } from './types.js';
import { generateUtterances } from './utterance-generation.js';

export const NO_MODEL_REASON =
  'linkedrole runs no Amazon Bedrock model, so the descriptive bot builder cannot turn the prompt into intents, slots and slot types here. Nothing was generated and the bot locale is unchanged.';

/** The built-in intents that take no sample utterances. */
const NO_UTTERANCES = [FALLBACK, 'AMAZON.KendraSearchIntent'];

type Feature = 'descriptiveBotBuilder' | 'sampleUtteranceGeneration';
const FEATURE_NAMES: Record<Feature, string> = { descriptiveBotBuilder: 'descriptive bot builder', sampleUtteranceGeneration: 'sample utterance generation' };

export class BotGenerations {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly locales: BotLocaleLookup,
  ) {}

  private get db() {
    return this.ctx.store.db;
  }

  /** The model a feature of the locale's generativeAISettings names: the feature must be enabled with one. */
  private modelOf(settingsJson: string, feature: Feature, where: string): string {
    const settings = parseJson<{ generativeAISettings?: GenerativeAISettings }>(settingsJson, {});
    const spec = settings.generativeAISettings?.buildtimeSettings?.[feature];
    const path = `generativeAISettings.buildtimeSettings.${feature}`;
    if (!spec?.enabled) throw invalid(`The ${FEATURE_NAMES[feature]} is not enabled for ${where}: enable ${path} with UpdateBotLocale first.`);
    if (!spec.bedrockModelSpecification?.modelArn) throw invalid(`The ${FEATURE_NAMES[feature]} of ${where} names no Amazon Bedrock model: set ${path}.bedrockModelSpecification.modelArn.`);
    return spec.bedrockModelSpecification.modelArn;
  }

  /** Why the bot's role may not invoke the model, decided (and audited) through the role; undefined when it may. */
  private async roleRefusal(scope: Scope, bot: LexBotRow, modelArn: string): Promise<string | undefined> {
    const roleName = parseRoleArn(bot.role_arn)?.roleName ?? bot.role_arn;
    try {
      const session = await this.ctx.onBehalf.assume(scope.accountId, LEX_PRINCIPAL, roleName, scope.region);
      const call = { action: 'bedrock:InvokeModel', resource: modelArn, eventName: 'InvokeModel', eventSource: 'bedrock.amazonaws.com', requestParameters: { modelId: modelArn } };
      const decision = await session.authorize(call);
      return decision.decision === 'allowed' ? undefined : refusal(session, call, decision);
    } catch (error) {
      return `Amazon Lex could not assume the role ${bot.role_arn}: ${(error as Error).message}`;
    }
  }

  async start(scope: Scope, input: StartBotResourceGenerationRequest): Promise<StartBotResourceGenerationResponse> {
    // The model lists no ResourceNotFoundException for this operation: a missing bot or locale is a 412.
    const bot = await this.bots.bot(scope, input.botId, 'precondition');
    if (input.botVersion !== DRAFT) throw invalid(`Resources are generated in the DRAFT version only, not in version ${input.botVersion}.`);
    const locale = await this.locales.locale(scope, input.botId, DRAFT, input.localeId, 'precondition');
    const modelArn = this.modelOf(locale.settings, 'descriptiveBotBuilder', `locale ${input.localeId} of bot ${input.botId}`);
    const generationId = lexId();
    const now = this.ctx.clock();
    /** One generation at a time per locale: checked before the role is asked, and again where the row is written. */
    const refuseWhileRunning = async (db: Pick<Kysely<Schema>, 'selectFrom'>) => {
      const rows = await db.selectFrom('lex_bot_generations').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', input.localeId).execute();
      const running = rows.find((r) => effectiveStatus(r, now) === 'InProgress');
      if (running) throw conflict(`The generation ${running.generation_id} is still in progress on locale ${input.localeId} of bot ${input.botId}.`);
    };
    await refuseWhileRunning(this.db);
    const reason = (await this.roleRefusal(scope, bot, modelArn)) ?? NO_MODEL_REASON;
    const status = transition<LexBotGenerationRow['status']>('InProgress', 'Failed', now, this.ctx.transitionMs);
    await this.ctx.store.transaction(async (tx) => {
      await refuseWhileRunning(tx);
      await tx
        .insertInto('lex_bot_generations')
        .values({
          generation_id: generationId,
          account_id: scope.accountId,
          region: scope.region,
          bot_id: input.botId,
          bot_version: DRAFT,
          locale_id: input.localeId,
          prompt: input.generationInputPrompt,
          model_arn: modelArn,
          ...status,
          failure_reasons: JSON.stringify([reason]),
          created_at: now.toISOString(),
          // When it ends Failed (the transition's end).
          updated_at: status.status_until ?? now.toISOString(),
        })
        .execute();
    });
    return { botId: input.botId, botVersion: DRAFT, localeId: input.localeId, generationId, generationInputPrompt: input.generationInputPrompt, generationStatus: status.status, creationDateTime: now };
  }

  async describe(scope: Scope, key: { botId: string; botVersion: string; localeId: string; generationId: string }): Promise<DescribeBotResourceGenerationResponse> {
    await this.bots.bot(scope, key.botId);
    const row = await this.db
      .selectFrom('lex_bot_generations')
      .selectAll()
      .where('generation_id', '=', key.generationId)
      .where('bot_id', '=', key.botId)
      .where('bot_version', '=', key.botVersion)
      .where('locale_id', '=', key.localeId)
      .executeTakeFirst();
    if (!row) throw notFound(`The generation ${key.generationId} does not exist for locale ${key.localeId} of bot ${key.botId} version ${key.botVersion}.`);
    const status = effectiveStatus(row, this.ctx.clock());
    return {
      botId: row.bot_id,
      botVersion: row.bot_version,
      localeId: row.locale_id,
      generationId: row.generation_id,
      generationInputPrompt: row.prompt,
      modelArn: row.model_arn,
      generationStatus: status,
      failureReasons: status === 'Failed' ? parseJson<string[]>(row.failure_reasons, []) : [],
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(status === 'InProgress' ? row.created_at : row.updated_at),
    };
  }

  async list(scope: Scope, input: ListBotResourceGenerationsRequest): Promise<ListBotResourceGenerationsResponse> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    const rows = await this.db.selectFrom('lex_bot_generations').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', input.botVersion).where('locale_id', '=', input.localeId).execute();
    const now = this.ctx.clock();
    const summaries = rows.map((r) => {
      const status = effectiveStatus(r, now);
      return { generationId: r.generation_id, generationStatus: status, creationDateTime: new Date(r.created_at), lastUpdatedDateTime: new Date(status === 'InProgress' ? r.created_at : r.updated_at) };
    });
    // Newest first unless told; ties by id, so pages are stable.
    const by = input.sortBy?.attribute === 'lastUpdatedTime' ? 'lastUpdatedDateTime' : 'creationDateTime';
    const sign = input.sortBy?.order === 'Ascending' ? 1 : -1;
    summaries.sort((a, b) => sign * (a[by].getTime() - b[by].getTime()) || (a.generationId < b.generationId ? -1 : 1));
    const { items, nextToken } = page(summaries, input.maxResults, input.nextToken);
    return { botId: input.botId, botVersion: input.botVersion, localeId: input.localeId, generationSummaries: items, nextToken };
  }

  async generateElement(scope: Scope, input: GenerateBotElementRequest): Promise<GenerateBotElementResponse> {
    await this.bots.bot(scope, input.botId);
    if (input.botVersion !== DRAFT) throw invalid(`Sample utterances are generated in the DRAFT version only, not in version ${input.botVersion}.`);
    const locale = await this.locales.locale(scope, input.botId, DRAFT, input.localeId);
    this.modelOf(locale.settings, 'sampleUtteranceGeneration', `locale ${input.localeId} of bot ${input.botId}`);
    const definition = await readLocaleDefinition(this.db, input.botId, DRAFT, input.localeId);
    const intent = definition.intents.find((i) => i.id === input.intentId);
    if (!intent) throw notFound(`The intent ${input.intentId} does not exist in locale ${input.localeId} of bot ${input.botId}.`);
    if (intent.parentIntentSignature && NO_UTTERANCES.includes(intent.parentIntentSignature)) {
      throw invalid(`The intent ${intent.name} (${intent.parentIntentSignature}) takes no sample utterances.`);
    }
    return {
      botId: input.botId,
      botVersion: DRAFT,
      localeId: input.localeId,
      intentId: input.intentId,
      sampleUtterances: generateUtterances(intent, definition.slotTypes).map((utterance) => ({ utterance })),
    };
  }
}
