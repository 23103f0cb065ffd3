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
    CreateSlot: { authorize: onBot('lex:CreateSlot'), handle: (input, ctx) => models.slots.createSlot(scopeOf(ctx), input) },
    DescribeSlot: { authorize: onBot('lex:DescribeSlot'), handle: (input, ctx) => models.slots.describeSlot(scopeOf(ctx), input) },
    UpdateSlot: { authorize: onBot('lex:UpdateSlot'), handle: (input, ctx) => models.slots.updateSlot(scopeOf(ctx), input) },
    DeleteSlot: { authorize: onBot('lex:DeleteSlot'), handle: (input, ctx) => done(models.slots.deleteSlot(scopeOf(ctx), input)) },
    ListSlots: { authorize: onBot('lex:ListSlots'), handle: (input, ctx) => models.slots.listSlots(scopeOf(ctx), input) },
    // ---- slot types ----
    CreateSlotType: { authorize: onBot('lex:CreateSlotType'), handle: (input, ctx) => models.slotTypes.createSlotType(scopeOf(ctx), input) },
    DescribeSlotType: { authorize: onBot('lex:DescribeSlotType'), handle: (input, ctx) => models.slotTypes.describeSlotType(scopeOf(ctx), input) },
    UpdateSlotType: { authorize: onBot('lex:UpdateSlotType'), handle: (input, ctx) => models.slotTypes.updateSlotType(scopeOf(ctx), input) },
    DeleteSlotType: { authorize: onBot('lex:DeleteSlotType'), handle: (input, ctx) => done(models.slotTypes.deleteSlotType(scopeOf(ctx), input)) },
    ListSlotTypes: { authorize: onBot('lex:ListSlotTypes'), handle: (input, ctx) => models.slotTypes.listSlotTypes(scopeOf(ctx), input) },
    // ---- built-ins (no resource: `*`) ----
    ListBuiltInIntents: { authorize: on('lex:ListBuiltInIntents', () => '*'), handle: (input) => listBuiltInIntents(input) },
    ListBuiltInSlotTypes: { authorize: on('lex:ListBuiltInSlotTypes', () => '*'), handle: (input) => listBuiltInSlotTypes(input) },
    // ---- updates and versions ----
    UpdateIntent: { authorize: onBot('lex:UpdateIntent'), handle: (input, ctx) => models.localeIntents.updateIntent(scopeOf(ctx), input) },
    UpdateBotLocale: { authorize: onBot('lex:UpdateBotLocale'), handle: (input, ctx) => models.locales.updateBotLocale(scopeOf(ctx), input) },
    DescribeBotVersion: { authorize: onBot('lex:DescribeBotVersion'), handle: (input, ctx) => models.versions.describeBotVersion(scopeOf(ctx), input) },
    DeleteBotVersion: { authorize: onBot('lex:DeleteBotVersion'), handle: (input, ctx) => models.versions.deleteBotVersion(scopeOf(ctx), input) },
    // ---- custom vocabularies ----
    BatchCreateCustomVocabularyItem: { authorize: onBot('lex:BatchCreateCustomVocabularyItem'), handle: (input, ctx) => models.vocabularies.batchCreate(scopeOf(ctx), input) },
    BatchUpdateCustomVocabularyItem: { authorize: onBot('lex:BatchUpdateCustomVocabularyItem'), handle: (input, ctx) => models.vocabularies.batchUpdate(scopeOf(ctx), input) },
    BatchDeleteCustomVocabularyItem: { authorize: onBot('lex:BatchDeleteCustomVocabularyItem'), handle: (input, ctx) => models.vocabularies.batchDelete(scopeOf(ctx), input) },
    ListCustomVocabularyItems: { authorize: onBot('lex:ListCustomVocabularyItems'), handle: (input, ctx) => models.vocabularies.list(scopeOf(ctx), input) },
    DescribeCustomVocabularyMetadata: { authorize: onBot('lex:DescribeCustomVocabularyMetadata'), handle: (input, ctx) => models.vocabularies.describeMetadata(scopeOf(ctx), input) },
    DeleteCustomVocabulary: { authorize: onBot('lex:DeleteCustomVocabulary'), handle: (input, ctx) => models.vocabularies.delete(scopeOf(ctx), input) },
    // ---- resource policies (on the bot or bot alias ARN) ----
    CreateResourcePolicy: { authorize: onPolicy('lex:CreateResourcePolicy'), handle: (input, ctx) => models.resourcePolicies.create(scopeOf(ctx), input) },
    UpdateResourcePolicy: { authorize: onPolicy('lex:UpdateResourcePolicy'), handle: (input, ctx) => models.resourcePolicies.update(scopeOf(ctx), input) },
    DeleteResourcePolicy: { authorize: onPolicy('lex:DeleteResourcePolicy'), handle: (input, ctx) => models.resourcePolicies.delete(scopeOf(ctx), input) },
    DescribeResourcePolicy: { authorize: onPolicy('lex:DescribeResourcePolicy'), handle: (input, ctx) => models.resourcePolicies.describe(scopeOf(ctx), input.resourceArn) },
    CreateResourcePolicyStatement: { authorize: onPolicy('lex:CreateResourcePolicyStatement'), handle: (input, ctx) => models.resourcePolicies.createStatement(scopeOf(ctx), input) },
    DeleteResourcePolicyStatement: { authorize: onPolicy('lex:DeleteResourcePolicyStatement'), handle: (input, ctx) => models.resourcePolicies.deleteStatement(scopeOf(ctx), input) },
  };
}
