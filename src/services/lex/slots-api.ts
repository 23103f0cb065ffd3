// The bindings of Lex V2's slots, slot types, built-ins, updates (intents, locales), versions, custom
// vocabularies and resource policies: each operation's IAM action (lex:<Operation>, on the bot as the Service
// Authorization Reference lists it; the built-ins on `*`; resource policies on the bot or alias ARN given),
// then the Lex domain. Composed into lexApi's operations (api.ts).
import type { AuthorizationTarget, RequestContext, ServiceOperations } from '../../aws/service.js';
import { listBuiltInIntents, listBuiltInSlotTypes } from './built-ins.js';
import type { Lex } from './lex.js';
import { scopeOf } from '../kit/scope.js';
import type { Operations as ModelsOperations } from '../../aws/generated/lexv2-models.js';

type OnBot = (action: string) => (input: { botId: string }, ctx: RequestContext) => Promise<AuthorizationTarget[]>;
type On = <Input>(action: string, resource: (input: Input, ctx: RequestContext) => string) => (input: Input, ctx: RequestContext) => Promise<AuthorizationTarget[]>;

type Served =
  | 'CreateSlot' | 'DescribeSlot' | 'UpdateSlot' | 'DeleteSlot' | 'ListSlots'
  | 'CreateSlotType' | 'DescribeSlotType' | 'UpdateSlotType' | 'DeleteSlotType' | 'ListSlotTypes'
  | 'ListBuiltInIntents' | 'ListBuiltInSlotTypes' | 'UpdateIntent' | 'UpdateBotLocale' | 'DescribeBotVersion' | 'DeleteBotVersion'
  | 'BatchCreateCustomVocabularyItem' | 'BatchUpdateCustomVocabularyItem' | 'BatchDeleteCustomVocabularyItem' | 'ListCustomVocabularyItems'
  | 'DescribeCustomVocabularyMetadata' | 'DeleteCustomVocabulary'
  | 'CreateResourcePolicy' | 'UpdateResourcePolicy' | 'DeleteResourcePolicy' | 'DescribeResourcePolicy' | 'CreateResourcePolicyStatement' | 'DeleteResourcePolicyStatement';

export function slotsAndMoreOperations(lex: Lex, onBot: OnBot, on: On): ServiceOperations<Pick<ModelsOperations, Served>> {
  const models = lex.models;
  const onPolicy = (action: string) => on(action, (input: { resourceArn: string }) => input.resourceArn);
  const done = async (work: Promise<unknown>) => {
    await work;
    return {};
  };
  return {
    // ---- slots ----
    CreateSlot: {
      summary: "A slot of a custom or built-in type (AMAZON.Number, ...), composite slots, multiple values, obfuscation; joins the intent's slotPriorities; locale NotBuilt",
      authorize: onBot('lex:CreateSlot'),
      handle: (input, ctx) => models.slots.createSlot(scopeOf(ctx), input),
    },
    DescribeSlot: {
      summary: "A slot of an intent in any version",
      authorize: onBot('lex:DescribeSlot'),
      handle: (input, ctx) => models.slots.describeSlot(scopeOf(ctx), input),
    },
    UpdateSlot: {
      summary: "Replaces a DRAFT slot's settings (name unique per intent); locale NotBuilt",
      authorize: onBot('lex:UpdateSlot'),
      handle: (input, ctx) => models.slots.updateSlot(scopeOf(ctx), input),
    },
    DeleteSlot: {
      summary: "Removes a DRAFT slot and its slot priority; locale NotBuilt",
      authorize: onBot('lex:DeleteSlot'),
      handle: (input, ctx) => done(models.slots.deleteSlot(scopeOf(ctx), input)),
    },
    ListSlots: {
      summary: "An intent's slots, filtered by SlotName, sorted by name or LastUpdatedDateTime, paged",
      authorize: onBot('lex:ListSlots'),
      handle: (input, ctx) => models.slots.listSlots(scopeOf(ctx), input),
    },
    // ---- slot types ----
    CreateSlotType: {
      summary: "Custom (values, synonyms), Extended (AMAZON.AlphaNumeric + regex), ExternalGrammar (S3 grammar recorded, not read) or Composite; locale NotBuilt",
      authorize: onBot('lex:CreateSlotType'),
      handle: (input, ctx) => models.slotTypes.createSlotType(scopeOf(ctx), input),
    },
    DescribeSlotType: {
      summary: "A slot type of a locale in any version",
      authorize: onBot('lex:DescribeSlotType'),
      handle: (input, ctx) => models.slotTypes.describeSlotType(scopeOf(ctx), input),
    },
    UpdateSlotType: {
      summary: "Replaces a DRAFT slot type's settings; locale NotBuilt",
      authorize: onBot('lex:UpdateSlotType'),
      handle: (input, ctx) => models.slotTypes.updateSlotType(scopeOf(ctx), input),
    },
    DeleteSlotType: {
      summary: "Refused (412) while a slot or composite type uses it, unless skipResourceInUseCheck",
      authorize: onBot('lex:DeleteSlotType'),
      handle: (input, ctx) => done(models.slotTypes.deleteSlotType(scopeOf(ctx), input)),
    },
    ListSlotTypes: {
      summary: "A locale's slot types with slotTypeCategory, filtered by name or ExternalSourceType, sorted, paged",
      authorize: onBot('lex:ListSlotTypes'),
      handle: (input, ctx) => models.slotTypes.listSlotTypes(scopeOf(ctx), input),
    },
    // ---- built-ins (no resource: `*`) ----
    ListBuiltInIntents: {
      summary: "The built-in intents of a locale from AWS's catalog (data/lex-built-ins.json), 20 a page",
      authorize: on('lex:ListBuiltInIntents', () => '*'),
      handle: (input) => listBuiltInIntents(input),
    },
    ListBuiltInSlotTypes: {
      summary: "The built-in slot types of a locale from AWS's catalog (data/lex-built-ins.json), 20 a page",
      authorize: on('lex:ListBuiltInSlotTypes', () => '*'),
      handle: (input) => listBuiltInSlotTypes(input),
    },
    // ---- updates and versions ----
    UpdateIntent: {
      summary: "Replaces every setting of a DRAFT intent and its slotPriorities (slots of the intent only); locale NotBuilt",
      authorize: onBot('lex:UpdateIntent'),
      handle: (input, ctx) => models.localeIntents.updateIntent(scopeOf(ctx), input),
    },
    UpdateBotLocale: {
      summary: "Replaces a DRAFT locale's settings (threshold, voice, ...); 202 and NotBuilt",
      authorize: onBot('lex:UpdateBotLocale'),
      handle: (input, ctx) => models.locales.updateBotLocale(scopeOf(ctx), input),
    },
    DescribeBotVersion: {
      summary: "A numbered version with the bot as it snapshotted it (name, role, data privacy, session TTL)",
      authorize: onBot('lex:DescribeBotVersion'),
      handle: (input, ctx) => models.versions.describeBotVersion(scopeOf(ctx), input),
    },
    DeleteBotVersion: {
      summary: "Deletes a numbered version and its parts; refused (412) while an alias uses it, unless skipResourceInUseCheck",
      authorize: onBot('lex:DeleteBotVersion'),
      handle: (input, ctx) => models.versions.deleteBotVersion(scopeOf(ctx), input),
    },
    // ---- custom vocabularies ----
    BatchCreateCustomVocabularyItem: {
      summary: "Adds up to 10 phrases (the vocabulary comes into being Creating, then Ready); refused items in errors",
      authorize: onBot('lex:BatchCreateCustomVocabularyItem'),
      handle: (input, ctx) => models.vocabularies.batchCreate(scopeOf(ctx), input),
    },
    BatchUpdateCustomVocabularyItem: {
      summary: "Changes up to 10 items; unknown ids and taken phrases answered in errors",
      authorize: onBot('lex:BatchUpdateCustomVocabularyItem'),
      handle: (input, ctx) => models.vocabularies.batchUpdate(scopeOf(ctx), input),
    },
    BatchDeleteCustomVocabularyItem: {
      summary: "Removes up to 10 items; unknown ids answered in errors",
      authorize: onBot('lex:BatchDeleteCustomVocabularyItem'),
      handle: (input, ctx) => models.vocabularies.batchDelete(scopeOf(ctx), input),
    },
    ListCustomVocabularyItems: {
      summary: "A locale's vocabulary items in the order added, paged",
      authorize: onBot('lex:ListCustomVocabularyItems'),
      handle: (input, ctx) => models.vocabularies.list(scopeOf(ctx), input),
    },
    DescribeCustomVocabularyMetadata: {
      summary: "The vocabulary's status (Creating, Ready) and times",
      authorize: onBot('lex:DescribeCustomVocabularyMetadata'),
      handle: (input, ctx) => models.vocabularies.describeMetadata(scopeOf(ctx), input),
    },
    DeleteCustomVocabulary: {
      summary: "Deletes the DRAFT locale's vocabulary (Deleting)",
      authorize: onBot('lex:DeleteCustomVocabulary'),
      handle: (input, ctx) => models.vocabularies.delete(scopeOf(ctx), input),
    },
    // ---- resource policies (on the bot or bot alias ARN) ----
    CreateResourcePolicy: {
      summary: "A bot's or alias's resource-based policy (lex: actions on that resource), revision 1; decides cross-account calls",
      authorize: onPolicy('lex:CreateResourcePolicy'),
      handle: (input, ctx) => models.resourcePolicies.create(scopeOf(ctx), input),
    },
    UpdateResourcePolicy: {
      summary: "Replaces the policy; expectedRevisionId checked",
      authorize: onPolicy('lex:UpdateResourcePolicy'),
      handle: (input, ctx) => models.resourcePolicies.update(scopeOf(ctx), input),
    },
    DeleteResourcePolicy: {
      summary: "Deletes the policy; expectedRevisionId checked",
      authorize: onPolicy('lex:DeleteResourcePolicy'),
      handle: (input, ctx) => models.resourcePolicies.delete(scopeOf(ctx), input),
    },
    DescribeResourcePolicy: {
      summary: "The policy and its revisionId",
      authorize: onPolicy('lex:DescribeResourcePolicy'),
      handle: (input, ctx) => models.resourcePolicies.describe(scopeOf(ctx), input.resourceArn),
    },
    CreateResourcePolicyStatement: {
      summary: "Adds one statement (Sid unique), creating the policy if there is none",
      authorize: onPolicy('lex:CreateResourcePolicyStatement'),
      handle: (input, ctx) => models.resourcePolicies.createStatement(scopeOf(ctx), input),
    },
    DeleteResourcePolicyStatement: {
      summary: "Removes one statement; the policy goes with its last",
      authorize: onPolicy('lex:DeleteResourcePolicyStatement'),
      handle: (input, ctx) => models.resourcePolicies.deleteStatement(scopeOf(ctx), input),
    },
  };
}
