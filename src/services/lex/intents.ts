// The intents of a Lex V2 bot locale: custom intents and the built-ins they extend (FallbackIntent, which
// every locale has, and KendraSearchIntent, whose Kendra index becomes a grant in the bot's role).
import type { ExpressionBuilder } from 'kysely';
import type { LexIntentRow, Schema } from '../../store/schema.js';
import { conflict, invalid, matchesFilter, notFound, page, parseJson, preconditionFailed, type LexContext } from './context.js';
import type { DownstreamResources } from './downstream.js';
import type { RoleGrants } from './grants.js';
import { DRAFT, FALLBACK_INTENT_ID, lexId } from './ids.js';
import type { Scope } from '../kit/scope.js';
import type { BotLocaleLookup, BotLookup } from './types.js';
import { deleteIntentSlots } from './locale-parts.js';
import { isBuiltInIntent } from './built-ins.js';
import type { CreateIntentRequest, CreateIntentResponse, DeleteIntentRequest, DescribeIntentRequest, DescribeIntentResponse, ListIntentsRequest, ListIntentsResponse, SlotPriority, UpdateIntentRequest, UpdateIntentResponse } from '../../aws/generated/lexv2-models.js';

/** What an intent row keeps in its `definition` JSON: CreateIntent's input less the intent's key and name, and its slots' priorities. */
type IntentDefinition = Omit<CreateIntentRequest, 'botId' | 'botVersion' | 'localeId' | 'intentName'> & { slotPriorities?: SlotPriority[] };

const BUILTIN_PREFIX = 'AMAZON.';
const KENDRA = 'AMAZON.KendraSearchIntent';
export const FALLBACK = 'AMAZON.FallbackIntent';

export function parseKendraIndex(arn: string): { region: string; accountId: string; indexId: string } {
  const m = /^arn:aws(?:-cn|-us-gov)?:kendra:([a-z0-9-]+):(\d{12}):index\/(.+)$/.exec(arn);
  if (!m) throw invalid(`The Kendra index ARN ${arn} is not valid.`);
  return { region: m[1], accountId: m[2], indexId: m[3] };
}

/** The row of one intent: intents are keyed by bot, version, locale and intent id. */
const sameIntent = (key: { botId: string; botVersion: string; localeId: string; intentId: string }) => (eb: ExpressionBuilder<Schema, 'lex_intents'>) =>
  eb.and({ bot_id: key.botId, bot_version: key.botVersion, locale_id: key.localeId, intent_id: key.intentId });

export class Intents {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly locales: BotLocaleLookup,
    private readonly grants: RoleGrants,
    private readonly downstream: DownstreamResources,
  ) {}

  /** AWS's rules for an intent's parent signature and Kendra settings (CreateIntent, UpdateIntent). */
  private checkSettings(scope: Scope, input: Pick<CreateIntentRequest, 'parentIntentSignature' | 'kendraConfiguration' | 'sampleUtterances' | 'localeId'>): void {
    const signature = input.parentIntentSignature;
    if (signature !== undefined && (!signature.startsWith(BUILTIN_PREFIX) || !isBuiltInIntent(signature, input.localeId))) {
      throw invalid(`The parent intent signature ${signature} is not a built-in intent.`);
    }
    if (signature === KENDRA && !input.kendraConfiguration) {
      throw invalid('kendraConfiguration is required for an intent whose parentIntentSignature is AMAZON.KendraSearchIntent.');
    }
    if (input.kendraConfiguration && signature !== KENDRA) {
      throw invalid('kendraConfiguration can only be set on an intent whose parentIntentSignature is AMAZON.KendraSearchIntent.');
    }
    if (signature === KENDRA && (input.sampleUtterances?.length ?? 0) > 0) {
      throw invalid('An AMAZON.KendraSearchIntent intent cannot have sample utterances.');
    }
    if (input.kendraConfiguration) {
      const index = parseKendraIndex(input.kendraConfiguration.kendraIndex);
      if (index.accountId !== scope.accountId) throw invalid(`The Kendra index ${input.kendraConfiguration.kendraIndex} must be in account ${scope.accountId}.`);
    }
  }

  async createIntent(scope: Scope, input: CreateIntentRequest): Promise<CreateIntentResponse> {
    const bot = await this.bots.bot(scope, input.botId, 'precondition');
    await this.locales.locale(scope, input.botId, DRAFT, input.localeId, 'precondition');
    const signature = input.parentIntentSignature;
    if (signature === FALLBACK) throw conflict('The locale already has the built-in FallbackIntent.');
    this.checkSettings(scope, input);
    const now = this.ctx.clock();
    const intentId = lexId();
    const { botId: _b, botVersion: _v, localeId: _l, intentName, ...definition } = input;
    await this.ctx.store.transaction(async (tx) => {
      const clash = await tx
        .selectFrom('lex_intents')
        .select('intent_id')
        .where('bot_id', '=', input.botId)
        .where('bot_version', '=', DRAFT)
        .where('locale_id', '=', input.localeId)
        .where('intent_name', '=', intentName)
        .executeTakeFirst();
      if (clash) throw conflict(`An intent with the name '${intentName}' already exists in locale ${input.localeId}.`);
      await tx
        .insertInto('lex_intents')
        .values({ bot_id: input.botId, bot_version: DRAFT, locale_id: input.localeId, intent_id: intentId, intent_name: intentName, definition: JSON.stringify(definition), created_at: now.toISOString(), updated_at: now.toISOString() })
        .execute();
      await this.locales.markUnbuilt(tx, input.botId, input.localeId, now);
    });
    if (input.kendraConfiguration) {
      await this.downstream.register(scope.accountId, input.kendraConfiguration.kendraIndex, 'kendra-index');
      await this.grants.reconcile(bot.role_arn);
    }
    return { ...definition, botId: input.botId, botVersion: DRAFT, localeId: input.localeId, intentId, intentName, creationDateTime: now };
  }

  intentView(row: LexIntentRow) {
    return {
      ...parseJson<IntentDefinition>(row.definition, {}),
      botId: row.bot_id,
      botVersion: row.bot_version,
      localeId: row.locale_id,
      intentId: row.intent_id,
      intentName: row.intent_name,
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(row.updated_at),
    };
  }

  async intents(botId: string, botVersion: string, localeId: string): Promise<LexIntentRow[]> {
    return this.ctx.store.db.selectFrom('lex_intents').selectAll().where('bot_id', '=', botId).where('bot_version', '=', botVersion).where('locale_id', '=', localeId).execute();
  }

  async describeIntent(scope: Scope, input: DescribeIntentRequest): Promise<DescribeIntentResponse> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    const row = await this.ctx.store.db.selectFrom('lex_intents').selectAll().where(sameIntent(input)).executeTakeFirst();
    if (!row) throw notFound();
    return this.intentView(row);
  }

  async listIntents(scope: Scope, input: ListIntentsRequest): Promise<ListIntentsResponse> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    let rows = (await this.intents(input.botId, input.botVersion, input.localeId)).map((r) => this.intentView(r));
    for (const filter of input.filters ?? []) rows = rows.filter((r) => matchesFilter(r.intentName, filter));
    const descending = input.sortBy?.order === 'Descending';
    const byTime = input.sortBy?.attribute === 'LastUpdatedDateTime';
    rows.sort((a, b) => (descending ? -1 : 1) * (byTime ? a.lastUpdatedDateTime.getTime() - b.lastUpdatedDateTime.getTime() : a.intentName.localeCompare(b.intentName)));
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      botVersion: input.botVersion,
      localeId: input.localeId,
      intentSummaries: items.map((r) => ({
        intentId: r.intentId,
        intentName: r.intentName,
        description: r.description,
        parentIntentSignature: r.parentIntentSignature,
        lastUpdatedDateTime: r.lastUpdatedDateTime,
      })),
      nextToken,
    };
  }

  async deleteIntent(scope: Scope, input: DeleteIntentRequest): Promise<void> {
    const bot = await this.bots.bot(scope, input.botId, 'precondition');
    const draft = sameIntent({ ...input, botVersion: DRAFT });
    const row = await this.ctx.store.db.selectFrom('lex_intents').selectAll().where(draft).executeTakeFirst();
    if (!row) throw preconditionFailed();
    if (row.intent_id === FALLBACK_INTENT_ID) throw invalid('The built-in FallbackIntent cannot be deleted.');
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_intents').where(draft).execute();
      await deleteIntentSlots(tx, { ...input, botVersion: DRAFT });
      await this.locales.markUnbuilt(tx, input.botId, input.localeId, this.ctx.clock());
    });
    if (parseJson<IntentDefinition>(row.definition, {}).kendraConfiguration) await this.grants.reconcile(bot.role_arn);
  }

  /**
   * Replaces every setting of a DRAFT intent (UpdateIntent is a PUT). slotPriorities must name the intent's own
   * slots, each once; slots it leaves out keep a priority after the given ones, so every slot keeps one.
   */
  async updateIntent(scope: Scope, input: UpdateIntentRequest): Promise<UpdateIntentResponse> {
    const bot = await this.bots.bot(scope, input.botId, 'precondition');
    await this.locales.locale(scope, input.botId, DRAFT, input.localeId, 'precondition');
    const key = sameIntent({ ...input, botVersion: DRAFT });
    const row = await this.ctx.store.db.selectFrom('lex_intents').selectAll().where(key).executeTakeFirst();
    if (!row) throw preconditionFailed();
    const before = parseJson<IntentDefinition>(row.definition, {});
    const { botId: _b, botVersion: _v, localeId: _l, intentId, intentName, slotPriorities, ...settings } = input;
    if (row.intent_id === FALLBACK_INTENT_ID) {
      if (intentName !== row.intent_name) throw invalid('The built-in FallbackIntent cannot be renamed.');
      if (settings.parentIntentSignature !== FALLBACK) throw invalid(`The parentIntentSignature of the FallbackIntent must be ${FALLBACK}.`);
      if ((settings.sampleUtterances?.length ?? 0) > 0) throw invalid('The built-in FallbackIntent cannot have sample utterances.');
    } else {
      if (settings.parentIntentSignature === FALLBACK) throw conflict('The locale already has the built-in FallbackIntent.');
      this.checkSettings(scope, input);
    }
    const slots = await this.ctx.store.db.selectFrom('lex_slots').select('slot_id').where('bot_id', '=', input.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', input.localeId).where('intent_id', '=', intentId).execute();
    const given = slotPriorities ?? before.slotPriorities ?? [];
    const seen = new Set<string>();
    for (const p of given) {
      if (!slots.some((s) => s.slot_id === p.slotId)) throw invalid(`The slot ${p.slotId} in slotPriorities is not a slot of intent ${intentId}.`);
      if (seen.has(p.slotId)) throw invalid(`The slot ${p.slotId} appears more than once in slotPriorities.`);
      seen.add(p.slotId);
    }
    let last = given.reduce((max, p) => Math.max(max, p.priority), 0);
    const priorities = [...given, ...slots.filter((s) => !seen.has(s.slot_id)).map((s) => ({ priority: ++last, slotId: s.slot_id }))];
    const definition: IntentDefinition = { ...settings, ...(priorities.length > 0 ? { slotPriorities: priorities } : {}) };
    const now = this.ctx.clock();
    await this.ctx.store.transaction(async (tx) => {
      const clash = await tx.selectFrom('lex_intents').select('intent_id').where('bot_id', '=', input.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', input.localeId).where('intent_name', '=', intentName).where('intent_id', '!=', intentId).executeTakeFirst();
      if (clash) throw conflict(`An intent with the name '${intentName}' already exists in locale ${input.localeId}.`);
      await tx.updateTable('lex_intents').set({ intent_name: intentName, definition: JSON.stringify(definition), updated_at: now.toISOString() }).where(key).execute();
      await this.locales.markUnbuilt(tx, input.botId, input.localeId, now);
    });
    if (settings.kendraConfiguration) await this.downstream.register(scope.accountId, settings.kendraConfiguration.kendraIndex, 'kendra-index');
    if (settings.kendraConfiguration || before.kendraConfiguration) await this.grants.reconcile(bot.role_arn);
    return { ...definition, botId: input.botId, botVersion: DRAFT, localeId: input.localeId, intentId, intentName, creationDateTime: new Date(row.created_at), lastUpdatedDateTime: now };
  }
}
