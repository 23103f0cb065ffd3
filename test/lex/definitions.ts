// A bot locale written as data, made through the SDK: slot types with their values, intents with their
// sample utterances and slots (Optional, or Required with a prompt). For the analyzer, generation and
// recommendation tests, whose cases are tables of locale definitions.
import {
  BuildBotLocaleCommand,
  CreateBotCommand,
  CreateBotLocaleCommand,
  CreateIntentCommand,
  CreateSlotCommand,
  CreateSlotTypeCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  type CreateBotCommandInput,
  type CreateBotLocaleCommandInput,
  type LexModelsV2Client,
} from '@aws-sdk/client-lex-models-v2';
import { waitFor } from '../support/wait.js';
import { botInput } from './support.js';

export interface SlotDef {
  name: string;
  /** A slot type of the definition by name, or a built-in (AMAZON.Number). */
  type: string;
  /** A prompt to elicit it with (the slot stays Optional). */
  prompt?: string;
}
export interface IntentDef {
  name: string;
  utterances?: string[];
  slots?: SlotDef[];
  parentIntentSignature?: string;
}
export interface LocaleDef {
  /** name -> values (each value: sample value first, then synonyms) */
  slotTypes?: Record<string, string[][]>;
  intents: IntentDef[];
}

export interface MadeLocale {
  botId: string;
  localeId: string;
  intentIds: Record<string, string>;
  /** `Intent.Slot` -> slot id */
  slotIds: Record<string, string>;
  slotTypeIds: Record<string, string>;
}

/** Makes a bot with one locale of `def`, built unless `build` is false. */
export async function makeLocale(
  models: LexModelsV2Client,
  botName: string,
  def: LocaleDef,
  options: {
    localeId?: string;
    build?: boolean;
    locale?: Partial<CreateBotLocaleCommandInput>;
    bot?: Partial<CreateBotCommandInput>;
    /** For a server whose statuses move only with its clock: moves it past a transition. */
    settle?: () => void;
  } = {},
): Promise<MadeLocale> {
  const localeId = options.localeId ?? 'en_US';
  const settle = options.settle ?? (() => undefined);
  const { botId } = await models.send(new CreateBotCommand(botInput(botName, options.bot)));
  settle();
  await waitFor(() => models.send(new DescribeBotCommand({ botId })), (b) => b.botStatus === 'Available');
  const at = { botId: botId!, botVersion: 'DRAFT', localeId };
  await models.send(new CreateBotLocaleCommand({ ...at, nluIntentConfidenceThreshold: 0.4, ...options.locale }));
  settle();
  await waitFor(() => models.send(new DescribeBotLocaleCommand(at)), (l) => l.botLocaleStatus === 'NotBuilt');
  const slotTypeIds: Record<string, string> = {};
  for (const [name, values] of Object.entries(def.slotTypes ?? {})) {
    const made = await models.send(
      new CreateSlotTypeCommand({
        ...at,
        slotTypeName: name,
        slotTypeValues: values.map(([value, ...synonyms]) => ({ sampleValue: { value }, ...(synonyms.length ? { synonyms: synonyms.map((s) => ({ value: s })) } : {}) })),
        valueSelectionSetting: { resolutionStrategy: 'OriginalValue' },
      }),
    );
    slotTypeIds[name] = made.slotTypeId!;
  }
  const intentIds: Record<string, string> = {};
  const slotIds: Record<string, string> = {};
  for (const intent of def.intents) {
    const made = await models.send(
      new CreateIntentCommand({
        ...at,
        intentName: intent.name,
        ...(intent.parentIntentSignature ? { parentIntentSignature: intent.parentIntentSignature } : {}),
        ...(intent.utterances ? { sampleUtterances: intent.utterances.map((utterance) => ({ utterance })) } : {}),
      }),
    );
    intentIds[intent.name] = made.intentId!;
    for (const slot of intent.slots ?? []) {
      const prompt = slot.prompt ? { promptSpecification: { maxRetries: 1, messageGroups: [{ message: { plainTextMessage: { value: slot.prompt } } }] } } : {};
      const created = await models.send(
        new CreateSlotCommand({ ...at, intentId: made.intentId!, slotName: slot.name, slotTypeId: slotTypeIds[slot.type] ?? slot.type, valueElicitationSetting: { slotConstraint: 'Optional', ...prompt } }),
      );
      slotIds[`${intent.name}.${slot.name}`] = created.slotId!;
    }
  }
  if (options.build !== false) {
    await models.send(new BuildBotLocaleCommand(at));
    settle();
    await waitFor(() => models.send(new DescribeBotLocaleCommand(at)), (l) => l.botLocaleStatus === 'Built');
  }
  return { botId: botId!, localeId, intentIds, slotIds, slotTypeIds };
}
