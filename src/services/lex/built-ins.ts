// Lex V2's catalog of built-in intents and slot types, per locale, as data (data/lex-built-ins.json, with
// its SOURCE): ListBuiltInIntents / ListBuiltInSlotTypes answer from it, and CreateSlot accepts a built-in
// slot type (AMAZON.Number, AMAZON.City, ...) as slotTypeId only where the catalog offers it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../../paths.js';
import { invalid, page } from './context.js';
import { LEX_LOCALES } from './locales.js';
import type { ListBuiltInIntentsRequest, ListBuiltInIntentsResponse, ListBuiltInSlotTypesRequest, ListBuiltInSlotTypesResponse } from '../../aws/generated/lexv2-models.js';

interface BuiltIn {
  signature: string;
  description: string;
  locales: 'all' | string[];
}

interface Catalog {
  intents: BuiltIn[];
  slotTypes: BuiltIn[];
}

let loaded: Catalog | undefined;
function catalog(): Catalog {
  loaded ??= JSON.parse(readFileSync(join(dataDir, 'lex-built-ins.json'), 'utf8')) as Catalog;
  return loaded;
}

const offered = (entry: BuiltIn, localeId: string) => entry.locales === 'all' || entry.locales.includes(localeId);

function inLocale(entries: BuiltIn[], localeId: string, descending: boolean): BuiltIn[] {
  if (!LEX_LOCALES[localeId]) throw invalid(`The locale ${localeId} is not supported. Choose a supported locale.`);
  const list = entries.filter((e) => offered(e, localeId));
  list.sort((a, b) => (descending ? -1 : 1) * a.signature.localeCompare(b.signature));
  return list;
}

/** The built-in slot type `signature` (AMAZON.Number), when the catalog offers it in `localeId`. */
export function builtInSlotType(signature: string, localeId: string): BuiltIn | undefined {
  return catalog().slotTypes.find((e) => e.signature === signature && offered(e, localeId));
}

/** Whether `signature` names a built-in intent offered in `localeId`. */
export function isBuiltInIntent(signature: string, localeId: string): boolean {
  return catalog().intents.some((e) => e.signature === signature && offered(e, localeId));
}

// Lex pages built-ins 20 at a time (the model's BuiltInsMaxResults is exactly 20).
export function listBuiltInIntents(input: ListBuiltInIntentsRequest): ListBuiltInIntentsResponse {
  const all = inLocale(catalog().intents, input.localeId, input.sortBy?.order === 'Descending');
  const { items, nextToken } = page(all, input.maxResults ?? 20, input.nextToken);
  return { localeId: input.localeId, builtInIntentSummaries: items.map((e) => ({ intentSignature: e.signature, description: e.description })), nextToken };
}

export function listBuiltInSlotTypes(input: ListBuiltInSlotTypesRequest): ListBuiltInSlotTypesResponse {
  const all = inLocale(catalog().slotTypes, input.localeId, input.sortBy?.order === 'Descending');
  const { items, nextToken } = page(all, input.maxResults ?? 20, input.nextToken);
  return { localeId: input.localeId, builtInSlotTypeSummaries: items.map((e) => ({ slotTypeSignature: e.signature, description: e.description })), nextToken };
}
