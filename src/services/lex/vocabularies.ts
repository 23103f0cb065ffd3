// The custom vocabulary of a Lex V2 bot locale: phrases (with a weight 0-3 and how to display them) that
// speech recognition should favour. The vocabulary comes into being with its first items (Creating, then
// Ready), its items are added, changed and removed in batches of up to 10 (each item that cannot be applied
// is answered in `errors`, the rest applied), and DeleteCustomVocabulary removes it (Deleting). Only DRAFT is
// edited; a version keeps a copy (locale-parts.ts). linkedrole has no speech recognizer, so the vocabulary
// changes no recognition here (see docs/lex.md); a change makes the locale NotBuilt, as in Lex.
import type { ExpressionBuilder } from 'kysely';
import type { LexCustomVocabularyItemRow, LexCustomVocabularyRow, Schema } from '../../store/schema.js';
import type { Tx } from '../../store/database.js';
import { invalid, notFound, page, preconditionFailed, type LexContext } from './context.js';
import { DRAFT, lexId } from './ids.js';
import { effectiveStatus, transition } from './status.js';
import type { Scope } from '../kit/scope.js';
import type { BotLocaleLookup } from './types.js';
import { errors } from '../../aws/generated/lexv2-models.js';
import type {
  BatchCreateCustomVocabularyItemRequest,
  BatchCreateCustomVocabularyItemResponse,
  BatchDeleteCustomVocabularyItemRequest,
  BatchDeleteCustomVocabularyItemResponse,
  BatchUpdateCustomVocabularyItemRequest,
  BatchUpdateCustomVocabularyItemResponse,
  CustomVocabularyItem,
  DeleteCustomVocabularyResponse,
  DescribeCustomVocabularyMetadataRequest,
  DescribeCustomVocabularyMetadataResponse,
  FailedCustomVocabularyItem,
  ListCustomVocabularyItemsRequest,
  ListCustomVocabularyItemsResponse,
} from '../../aws/generated/lexv2-models.js';

/** Lex's quota of phrases in one custom vocabulary. */
export const VOCABULARY_ITEMS = 500;

interface Key {
  botId: string;
  botVersion: string;
  localeId: string;
}

const sameLocale = (key: Key) => (eb: ExpressionBuilder<Schema, 'lex_custom_vocabularies' | 'lex_custom_vocabulary_items'>) =>
  eb.and([eb('bot_id', '=', key.botId), eb('bot_version', '=', key.botVersion), eb('locale_id', '=', key.localeId)]);

const itemView = (row: LexCustomVocabularyItemRow): CustomVocabularyItem => ({
  itemId: row.item_id,
  phrase: row.phrase,
  weight: row.weight ?? undefined,
  displayAs: row.display_as ?? undefined,
});

type Batch = { errors: FailedCustomVocabularyItem[]; resources: CustomVocabularyItem[] };

export class CustomVocabularies {
  constructor(
    private readonly ctx: LexContext,
    private readonly locales: BotLocaleLookup,
  ) {}

  private async vocabulary(key: Key): Promise<LexCustomVocabularyRow | undefined> {
    return this.ctx.store.db.selectFrom('lex_custom_vocabularies').selectAll().where(sameLocale(key)).executeTakeFirst();
  }

  /** A batch on the DRAFT locale: the locale must exist (404 as the batch operations list it); numbered versions are read-only. */
  private async draft(scope: Scope, input: Key): Promise<Key> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    if (input.botVersion !== DRAFT) throw invalid(`The custom vocabulary of version ${input.botVersion} cannot be changed. Change the DRAFT version's.`);
    return { botId: input.botId, botVersion: DRAFT, localeId: input.localeId };
  }

  private async items(tx: Tx, key: Key): Promise<LexCustomVocabularyItemRow[]> {
    return tx.selectFrom('lex_custom_vocabulary_items').selectAll().where(sameLocale(key)).execute();
  }

  /** After a batch changed the items: the vocabulary's time (created with its first items), the locale NotBuilt. */
  private async touched(tx: Tx, key: Key, now: Date): Promise<void> {
    const exists = await tx.selectFrom('lex_custom_vocabularies').select('bot_id').where(sameLocale(key)).executeTakeFirst();
    if (exists) await tx.updateTable('lex_custom_vocabularies').set({ updated_at: now.toISOString() }).where(sameLocale(key)).execute();
    else await tx.insertInto('lex_custom_vocabularies').values({ bot_id: key.botId, bot_version: key.botVersion, locale_id: key.localeId, ...transition('Creating', 'Ready', now, this.ctx.transitionMs), created_at: now.toISOString(), updated_at: now.toISOString() }).execute();
    await this.locales.markUnbuilt(tx, key.botId, key.localeId, now);
  }

  async batchCreate(scope: Scope, input: BatchCreateCustomVocabularyItemRequest): Promise<BatchCreateCustomVocabularyItemResponse> {
    const key = await this.draft(scope, input);
    const now = this.ctx.clock();
    const result = await this.ctx.store.transaction(async (tx): Promise<Batch> => {
      const existing = await this.items(tx, key);
      const phrases = new Set(existing.map((i) => i.phrase.toLowerCase()));
      const batch: Batch = { errors: [], resources: [] };
      const fresh = new Set<string>();
      for (const item of input.customVocabularyItemList) {
        const phrase = item.phrase.toLowerCase();
        if (fresh.has(phrase)) batch.errors.push({ errorCode: 'DUPLICATE_INPUT', errorMessage: `The phrase ${item.phrase} appears more than once in the request.` });
        else if (phrases.has(phrase)) batch.errors.push({ errorCode: 'RESOURCE_ALREADY_EXISTS', errorMessage: `The phrase ${item.phrase} is already in the custom vocabulary.` });
        else {
          fresh.add(phrase);
          batch.resources.push({ itemId: lexId(), phrase: item.phrase, weight: item.weight, displayAs: item.displayAs });
        }
      }
      if (existing.length + batch.resources.length > VOCABULARY_ITEMS) throw errors.ServiceQuotaExceededException(`A custom vocabulary can have at most ${VOCABULARY_ITEMS} items.`);
      for (const item of batch.resources) {
        await tx
          .insertInto('lex_custom_vocabulary_items')
          .values({ bot_id: key.botId, bot_version: key.botVersion, locale_id: key.localeId, item_id: item.itemId, phrase: item.phrase, weight: item.weight ?? null, display_as: item.displayAs ?? null, created_at: now.toISOString() })
          .execute();
      }
      if (batch.resources.length > 0) await this.touched(tx, key, now);
      return batch;
    });
    return { ...key, ...result };
  }

  async batchUpdate(scope: Scope, input: BatchUpdateCustomVocabularyItemRequest): Promise<BatchUpdateCustomVocabularyItemResponse> {
    const key = await this.draft(scope, input);
    if (!(await this.vocabulary(key))) throw notFound();
    const now = this.ctx.clock();
    const result = await this.ctx.store.transaction(async (tx): Promise<Batch> => {
      const existing = await this.items(tx, key);
      const batch: Batch = { errors: [], resources: [] };
      const seen = new Set<string>();
      for (const item of input.customVocabularyItemList) {
        const row = existing.find((i) => i.item_id === item.itemId);
        const clash = existing.find((i) => i.item_id !== item.itemId && i.phrase.toLowerCase() === item.phrase.toLowerCase());
        if (seen.has(item.itemId)) batch.errors.push({ itemId: item.itemId, errorCode: 'DUPLICATE_INPUT', errorMessage: `The item ${item.itemId} appears more than once in the request.` });
        else if (!row) batch.errors.push({ itemId: item.itemId, errorCode: 'RESOURCE_DOES_NOT_EXIST', errorMessage: `The item ${item.itemId} is not in the custom vocabulary.` });
        else if (clash) batch.errors.push({ itemId: item.itemId, errorCode: 'RESOURCE_ALREADY_EXISTS', errorMessage: `The phrase ${item.phrase} is already in the custom vocabulary.` });
        else {
          seen.add(item.itemId);
          await tx.updateTable('lex_custom_vocabulary_items').set({ phrase: item.phrase, weight: item.weight ?? null, display_as: item.displayAs ?? null }).where(sameLocale(key)).where('item_id', '=', item.itemId).execute();
          batch.resources.push({ itemId: item.itemId, phrase: item.phrase, weight: item.weight, displayAs: item.displayAs });
        }
      }
      if (batch.resources.length > 0) await this.touched(tx, key, now);
      return batch;
    });
    return { ...key, ...result };
  }

  async batchDelete(scope: Scope, input: BatchDeleteCustomVocabularyItemRequest): Promise<BatchDeleteCustomVocabularyItemResponse> {
    const key = await this.draft(scope, input);
    if (!(await this.vocabulary(key))) throw notFound();
    const now = this.ctx.clock();
    const result = await this.ctx.store.transaction(async (tx): Promise<Batch> => {
      const existing = await this.items(tx, key);
      const batch: Batch = { errors: [], resources: [] };
      const seen = new Set<string>();
      for (const { itemId } of input.customVocabularyItemList) {
        const row = existing.find((i) => i.item_id === itemId);
        if (seen.has(itemId)) batch.errors.push({ itemId, errorCode: 'DUPLICATE_INPUT', errorMessage: `The item ${itemId} appears more than once in the request.` });
        else if (!row) batch.errors.push({ itemId, errorCode: 'RESOURCE_DOES_NOT_EXIST', errorMessage: `The item ${itemId} is not in the custom vocabulary.` });
        else {
          seen.add(itemId);
          await tx.deleteFrom('lex_custom_vocabulary_items').where(sameLocale(key)).where('item_id', '=', itemId).execute();
          batch.resources.push(itemView(row));
        }
      }
      if (batch.resources.length > 0) await this.touched(tx, key, now);
      return batch;
    });
    return { ...key, ...result };
  }

  async list(scope: Scope, input: ListCustomVocabularyItemsRequest): Promise<ListCustomVocabularyItemsResponse> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    if (!(await this.vocabulary(input))) throw notFound();
    const rows = await this.ctx.store.db.selectFrom('lex_custom_vocabulary_items').selectAll().where(sameLocale(input)).orderBy('created_at').orderBy('item_id').execute();
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return { botId: input.botId, botVersion: input.botVersion, localeId: input.localeId, customVocabularyItems: items.map(itemView), nextToken };
  }

  async describeMetadata(scope: Scope, input: DescribeCustomVocabularyMetadataRequest): Promise<DescribeCustomVocabularyMetadataResponse> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    const row = await this.vocabulary(input);
    if (!row) throw notFound();
    return {
      botId: input.botId,
      botVersion: input.botVersion,
      localeId: input.localeId,
      customVocabularyStatus: effectiveStatus(row, this.ctx.clock()),
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(row.updated_at),
    };
  }

  async delete(scope: Scope, input: Key): Promise<DeleteCustomVocabularyResponse> {
    await this.locales.locale(scope, input.botId, DRAFT, input.localeId, 'precondition');
    const key = { botId: input.botId, botVersion: DRAFT, localeId: input.localeId };
    if (!(await this.vocabulary(key))) throw preconditionFailed();
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_custom_vocabulary_items').where(sameLocale(key)).execute();
      await tx.deleteFrom('lex_custom_vocabularies').where(sameLocale(key)).execute();
      await this.locales.markUnbuilt(tx, key.botId, key.localeId, this.ctx.clock());
    });
    return { ...key, customVocabularyStatus: 'Deleting' };
  }
}
