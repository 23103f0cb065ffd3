// Lex V2's own archive format (fileFormat LexJson): a .zip of JSON files, as the Lex V2 Developer Guide's
// "JSON format for importing and exporting bots in Lex V2" lays it out:
//   Manifest.json                                       {metadata: {schemaVersion "1.0", fileFormat "LexJson", resourceType}}
//   <BotName>/Bot.json                                  the bot's settings (name, identifier, version, dataPrivacy, ...)
//   <BotName>/BotLocales/<localeId>/BotLocale.json      the locale (identifier, nluConfidenceThreshold, voiceSettings, ...)
//     .../Intents/<IntentName>/Intent.json              the intent's settings in the API's member names, slotPriorities by slotName
//     .../Intents/<IntentName>/Slots/<SlotName>/Slot.json   the slot, its type by slotTypeName
//     .../SlotTypes/<SlotTypeName>/SlotType.json        the slot type
//     .../CustomVocabulary/CustomVocabulary.json        {customVocabularyItems: [{phrase, weight, displayAs}]}
// This module only turns an Archive (plain data) into that zip and back, validating what it reads into
// AWS-shaped failureReasons; reading bots into an Archive and applying one is exports.ts's and imports.ts's.
// The zip is written and read by fflate; fflate has no encryption (see docs/lex.md: filePassword).
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

export type ArchiveResourceType = 'Bot' | 'BotLocale' | 'CustomVocabulary';
type Json = Record<string, unknown>;

export interface ArchiveSlot {
  name: string;
  identifier?: string;
  /** A custom slot type's name or a built-in's signature (AMAZON.Number). */
  slotTypeName?: string;
  /** The slot's other settings, in the API's member names (valueElicitationSetting, obfuscationSetting, ...). */
  settings: Json;
}
export interface ArchiveIntent {
  name: string;
  identifier?: string;
  /** The intent's settings in the API's member names, without slotPriorities. */
  settings: Json;
  slotPriorities: { priority: number; slotName: string }[];
  slots: ArchiveSlot[];
}
export interface ArchiveSlotType {
  name: string;
  identifier?: string;
  settings: Json;
}
export interface VocabularyItem {
  phrase: string;
  weight?: number;
  displayAs?: string;
}
export interface ArchiveLocale {
  localeId: string;
  /** The locale's name as Lex shows it (English (US)); not read on import. */
  name?: string;
  /** CreateBotLocale's members (nluIntentConfidenceThreshold, voiceSettings, description, ...). */
  settings: Json;
  intents: ArchiveIntent[];
  slotTypes: ArchiveSlotType[];
  vocabulary?: VocabularyItem[];
}
export interface ArchiveBot {
  name: string;
  identifier?: string;
  version?: string;
  /** description, dataPrivacy, idleSessionTTLInSeconds, errorLogSettings, ... */
  settings: Json;
}
export interface Archive {
  resourceType: ArchiveResourceType;
  /** The folder the bot's files are under (the bot's name). */
  botName: string;
  bot?: ArchiveBot;
  locales: ArchiveLocale[];
}

const nullable = (value: unknown) => (value === undefined ? null : value);
const json = (value: unknown) => strToU8(JSON.stringify(value, null, 4));

/** The zip of an archive, its files as Lex writes them. */
export function writeArchive(archive: Archive): Uint8Array {
  const files: Zippable = {};
  files['Manifest.json'] = json({ metadata: { schemaVersion: '1.0', fileFormat: 'LexJson', resourceType: archive.resourceType } });
  const root = archive.botName;
  if (archive.bot) {
    const { description, ...rest } = archive.bot.settings;
    files[`${root}/Bot.json`] = json({ name: archive.bot.name, identifier: nullable(archive.bot.identifier), version: nullable(archive.bot.version), description: nullable(description), ...rest });
  }
  for (const locale of archive.locales) {
    const base = `${root}/BotLocales/${locale.localeId}`;
    if (archive.resourceType !== 'CustomVocabulary') {
      const { nluIntentConfidenceThreshold, description, voiceSettings, ...rest } = locale.settings;
      files[`${base}/BotLocale.json`] = json({
        name: nullable(locale.name),
        identifier: locale.localeId,
        version: null,
        description: nullable(description),
        voiceSettings: nullable(voiceSettings),
        nluConfidenceThreshold: nullable(nluIntentConfidenceThreshold),
        ...rest,
      });
      for (const intent of locale.intents) {
        const { description: intentDescription, parentIntentSignature, ...settings } = intent.settings;
        files[`${base}/Intents/${intent.name}/Intent.json`] = json({
          name: intent.name,
          identifier: nullable(intent.identifier),
          description: nullable(intentDescription),
          parentIntentSignature: nullable(parentIntentSignature),
          ...settings,
          slotPriorities: intent.slotPriorities,
        });
        for (const slot of intent.slots) {
          const { description: slotDescription, ...slotSettings } = slot.settings;
          files[`${base}/Intents/${intent.name}/Slots/${slot.name}/Slot.json`] = json({
            name: slot.name,
            identifier: nullable(slot.identifier),
            description: nullable(slotDescription),
            slotTypeName: nullable(slot.slotTypeName),
            ...slotSettings,
          });
        }
      }
      for (const type of locale.slotTypes) {
        const { description: typeDescription, ...typeSettings } = type.settings;
        files[`${base}/SlotTypes/${type.name}/SlotType.json`] = json({ name: type.name, identifier: nullable(type.identifier), description: nullable(typeDescription), ...typeSettings });
      }
    }
    if (locale.vocabulary) files[`${base}/CustomVocabulary/CustomVocabulary.json`] = json({ customVocabularyItems: locale.vocabulary });
  }
  return zipSync(files, { level: 6 });
}

/** What reading an archive gives: the archive, or the reasons it cannot be imported (AWS's failureReasons). */
export type ReadResult = { archive: Archive } | { failureReasons: string[] };

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Drops the members a file has as null (Lex writes absent settings as null). */
const present = (value: Json): Json => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads and validates an archive of the resource type an import expects. Our wording for each reason (AWS's are not recorded). */
export function readArchive(bytes: Uint8Array, expected: ArchiveResourceType): ReadResult {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    return { failureReasons: ['The import file is not a valid .zip archive.'] };
  }
  const paths = Object.keys(entries).filter((p) => !p.endsWith('/') && !p.startsWith('__MACOSX/'));
  // The manifest is at the root, or in the one folder the archive was zipped from.
  const manifestPath = paths.find((p) => /^([^/]+\/)?manifest\.json$/i.test(p));
  if (!manifestPath) return { failureReasons: ['The import file has no Manifest.json at its root.'] };
  const prefix = manifestPath.slice(0, manifestPath.length - 'manifest.json'.length);
  const files = new Map(paths.filter((p) => p.startsWith(prefix)).map((p) => [p.slice(prefix.length), entries[p]]));
  const failures: string[] = [];
  const parse = (path: string): Json | undefined => {
    try {
      const value = JSON.parse(strFromU8(files.get(path)!)) as unknown;
      if (isObject(value)) return value;
      failures.push(`${path}: the file must hold a JSON object.`);
    } catch (error) {
      failures.push(`${path}: the file is not valid JSON (${(error as Error).message}).`);
    }
    return undefined;
  };
  const manifest = parse(manifestPath.slice(prefix.length));
  if (!manifest) return { failureReasons: failures };
  const metadata = isObject(manifest.metadata) ? manifest.metadata : {};
  if (metadata.schemaVersion !== '1.0') failures.push(`Manifest.json: metadata.schemaVersion must be "1.0", not ${JSON.stringify(metadata.schemaVersion ?? null)}.`);
  if (metadata.fileFormat !== 'LexJson') failures.push(`Manifest.json: metadata.fileFormat must be "LexJson", not ${JSON.stringify(metadata.fileFormat ?? null)}.`);
  if (metadata.resourceType !== expected) {
    failures.push(`Manifest.json: the file holds a ${JSON.stringify(metadata.resourceType ?? null)} resource; this import's resourceSpecification imports a ${expected}.`);
  }
  if (failures.length > 0) return { failureReasons: failures };

  const all = [...files.keys()];
  const botFiles = all.filter((p) => /^[^/]+\/Bot\.json$/.test(p));
  let bot: ArchiveBot | undefined;
  let botName = '';
  if (expected === 'Bot') {
    if (botFiles.length !== 1) return { failureReasons: [`A Bot import file must hold exactly one <BotName>/Bot.json; it holds ${botFiles.length}.`] };
    botName = botFiles[0].split('/')[0];
    const file = parse(botFiles[0]);
    if (file) {
      const { name, identifier, version, ...settings } = present(file);
      bot = { name: typeof name === 'string' ? name : botName, identifier: identifier as string | undefined, version: version as string | undefined, settings };
    }
  }
  const localeMatcher = /^(?:([^/]+)\/)?BotLocales\/([^/]+)\/(BotLocale|CustomVocabulary\/CustomVocabulary)\.json$/;
  const localeBases = new Map<string, string>();
  for (const path of all) {
    const match = localeMatcher.exec(path);
    if (!match || (expected === 'CustomVocabulary') !== (match[3] !== 'BotLocale')) continue;
    if (!botName && match[1]) botName = match[1];
    localeBases.set(match[2], path.slice(0, path.indexOf(`BotLocales/${match[2]}/`) + `BotLocales/${match[2]}`.length));
  }
  if (expected === 'Bot' && localeBases.size === 0) failures.push('A Bot import file must hold at least one BotLocales/<localeId>/BotLocale.json.');
  if (expected !== 'Bot' && localeBases.size !== 1) {
    const file = expected === 'BotLocale' ? 'BotLocale.json' : 'CustomVocabulary/CustomVocabulary.json';
    return { failureReasons: [`A ${expected} import file must hold exactly one BotLocales/<localeId>/${file}; it holds ${localeBases.size}.`] };
  }
  const locales: ArchiveLocale[] = [];
  for (const [localeId, base] of localeBases) {
    const under = (pattern: string) => new RegExp(`^${escape(base)}/${pattern}$`);
    const locale: ArchiveLocale = { localeId, settings: {}, intents: [], slotTypes: [] };
    if (expected !== 'CustomVocabulary') {
      const file = parse(`${base}/BotLocale.json`);
      if (file) {
        const { name, identifier, version: _version, nluConfidenceThreshold, ...settings } = present(file);
        if (identifier !== undefined && identifier !== localeId) failures.push(`${base}/BotLocale.json: identifier ${JSON.stringify(identifier)} is not the folder's locale ${localeId}.`);
        if (typeof nluConfidenceThreshold !== 'number') failures.push(`${base}/BotLocale.json: nluConfidenceThreshold is required (a number from 0 to 1).`);
        locale.name = name as string | undefined;
        locale.settings = { ...settings, nluIntentConfidenceThreshold: nluConfidenceThreshold };
      }
      for (const path of all) {
        const match = under('Intents/([^/]+)/Intent\\.json').exec(path);
        if (!match) continue;
        const file = parse(path);
        if (!file) continue;
        const { name, identifier, slotPriorities, ...settings } = present(file);
        const intentName = typeof name === 'string' ? name : match[1];
        const slots: ArchiveSlot[] = [];
        for (const slotPath of all) {
          if (!under(`Intents/${escape(match[1])}/Slots/([^/]+)/Slot\\.json`).test(slotPath)) continue;
          const slotFile = parse(slotPath);
          if (!slotFile) continue;
          const { name: slotName, identifier: slotId, slotTypeName, ...slotSettings } = present(slotFile);
          if (typeof slotName !== 'string') failures.push(`${slotPath}: name is required.`);
          else if (typeof slotTypeName !== 'string') failures.push(`${slotPath}: slotTypeName is required.`);
          else slots.push({ name: slotName, identifier: slotId as string | undefined, slotTypeName, settings: slotSettings });
        }
        const priorities = Array.isArray(slotPriorities) ? (slotPriorities as { priority: number; slotName: string }[]) : [];
        for (const p of priorities) {
          if (!isObject(p) || typeof p.slotName !== 'string' || typeof p.priority !== 'number') failures.push(`${path}: each slotPriorities entry needs a priority and a slotName.`);
          else if (!slots.some((s) => s.name === p.slotName)) failures.push(`${path}: slotPriorities names the slot ${p.slotName}, which the intent's Slots folder does not hold.`);
        }
        locale.intents.push({ name: intentName, identifier: identifier as string | undefined, settings, slotPriorities: priorities, slots });
      }
      for (const path of all) {
        const match = under('SlotTypes/([^/]+)/SlotType\\.json').exec(path);
        if (!match) continue;
        const file = parse(path);
        if (!file) continue;
        const { name, identifier, ...settings } = present(file);
        locale.slotTypes.push({ name: typeof name === 'string' ? name : match[1], identifier: identifier as string | undefined, settings });
      }
    }
    const vocabularyPath = `${base}/CustomVocabulary/CustomVocabulary.json`;
    if (files.has(vocabularyPath)) {
      const file = parse(vocabularyPath);
      const items = file?.customVocabularyItems;
      if (file && !Array.isArray(items)) failures.push(`${vocabularyPath}: customVocabularyItems must be a list.`);
      else if (Array.isArray(items)) {
        locale.vocabulary = [];
        for (const item of items as unknown[]) {
          if (!isObject(item) || typeof item.phrase !== 'string') failures.push(`${vocabularyPath}: each custom vocabulary item needs a phrase.`);
          else locale.vocabulary.push(present({ phrase: item.phrase, weight: item.weight, displayAs: item.displayAs }) as unknown as VocabularyItem);
        }
      }
    }
    locales.push(locale);
  }
  if (failures.length > 0) return { failureReasons: failures };
  return { archive: { resourceType: expected, botName, bot, locales } };
}
