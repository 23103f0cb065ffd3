// Condition-key rows of Lex V2's slots, slot types, updates, versions, custom vocabularies and resource
// policies: each action is on the bot (or the bot alias, for resource policies) and documents
// aws:ResourceTag/${TagKey}; the targets are made by root from `bot` (tagged team=blue) with what the call needs.
import {
  BatchCreateCustomVocabularyItemCommand,
  BatchDeleteCustomVocabularyItemCommand,
  BatchUpdateCustomVocabularyItemCommand,
  CreateBotVersionCommand,
  CreateResourcePolicyCommand,
  CreateResourcePolicyStatementCommand,
  CreateSlotCommand,
  CreateSlotTypeCommand,
  DeleteBotVersionCommand,
  DeleteCustomVocabularyCommand,
  DeleteResourcePolicyCommand,
  DeleteResourcePolicyStatementCommand,
  DeleteSlotCommand,
  DeleteSlotTypeCommand,
  DescribeBotVersionCommand,
  DescribeCustomVocabularyMetadataCommand,
  DescribeResourcePolicyCommand,
  DescribeSlotCommand,
  DescribeSlotTypeCommand,
  ListCustomVocabularyItemsCommand,
  ListSlotsCommand,
  ListSlotTypesCommand,
  UpdateBotLocaleCommand,
  UpdateIntentCommand,
  UpdateResourcePolicyCommand,
  UpdateSlotCommand,
  UpdateSlotTypeCommand,
} from '@aws-sdk/client-lex-models-v2';
import { bot, builtBot, type Clients, type Row, type Target } from './support.js';

const DRAFT = (t: Target) => ({ botId: t.botId, botVersion: 'DRAFT', localeId: 'en_US' });
const values = [{ sampleValue: { value: 'small' } }];
const selection = { resolutionStrategy: 'OriginalValue' as const };
const elicitation = { slotConstraint: 'Required' as const, promptSpecification: { maxRetries: 1, messageGroups: [{ message: { plainTextMessage: { value: 'How many?' } } }] } };
const policyOf = (arn: string, sid = 'Partner') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'lex:DescribeBot', Resource: arn }] });

async function withSlotType(root: Clients, n: number): Promise<Target> {
  const made = await bot(root, n);
  const type = await root.lex.send(new CreateSlotTypeCommand({ ...DRAFT(made), slotTypeName: 'Size', slotTypeValues: values, valueSelectionSetting: selection }));
  return { ...made, slotTypeId: type.slotTypeId! };
}
async function withSlot(root: Clients, n: number): Promise<Target> {
  const made = await bot(root, n);
  const slot = await root.lex.send(new CreateSlotCommand({ ...DRAFT(made), intentId: made.intentId, slotName: 'Count', slotTypeId: 'AMAZON.Number', valueElicitationSetting: elicitation }));
  return { ...made, slotId: slot.slotId! };
}
async function withVersion(root: Clients, n: number): Promise<Target> {
  const made = await builtBot(root, n);
  await root.lex.send(new CreateBotVersionCommand({ botId: made.botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }));
  return made;
}
async function withVocabulary(root: Clients, n: number): Promise<Target> {
  const made = await bot(root, n);
  const created = await root.lex.send(new BatchCreateCustomVocabularyItemCommand({ ...DRAFT(made), customVocabularyItemList: [{ phrase: 'calzone' }] }));
  return { ...made, itemId: created.resources![0].itemId! };
}
async function withPolicies(root: Clients, n: number): Promise<Target> {
  const made = await bot(root, n);
  await root.lex.send(new CreateResourcePolicyCommand({ resourceArn: made.botArn, policy: policyOf(made.botArn) }));
  await root.lex.send(new CreateResourcePolicyCommand({ resourceArn: made.aliasArn, policy: policyOf(made.aliasArn) }));
  return made;
}

type Call = (u: Clients, t: Target) => Promise<unknown>;
const onBot = (setup: Row['setup'], calls: [string, Call][]): Row[] => calls.map(([operation, call]) => ({ operation, action: `lex:${operation}`, type: 'bot', values: {}, setup, call }));

export const rows: Row[] = [
  ...onBot(bot, [
    ['CreateSlotType', (u, t) => u.lex.send(new CreateSlotTypeCommand({ ...DRAFT(t), slotTypeName: 'Crust', slotTypeValues: values, valueSelectionSetting: selection }))],
    ['CreateSlot', (u, t) => u.lex.send(new CreateSlotCommand({ ...DRAFT(t), intentId: t.intentId, slotName: 'Count', slotTypeId: 'AMAZON.Number', valueElicitationSetting: elicitation }))],
    ['UpdateIntent', (u, t) => u.lex.send(new UpdateIntentCommand({ ...DRAFT(t), intentId: t.intentId, intentName: 'Greeting', description: 'changed' }))],
    ['UpdateBotLocale', (u, t) => u.lex.send(new UpdateBotLocaleCommand({ ...DRAFT(t), nluIntentConfidenceThreshold: 0.5 }))],
    ['BatchCreateCustomVocabularyItem', (u, t) => u.lex.send(new BatchCreateCustomVocabularyItemCommand({ ...DRAFT(t), customVocabularyItemList: [{ phrase: 'focaccia' }] }))],
    ['CreateResourcePolicy', (u, t) => u.lex.send(new CreateResourcePolicyCommand({ resourceArn: t.botArn, policy: policyOf(t.botArn) }))],
    ['CreateResourcePolicyStatement', (u, t) => u.lex.send(new CreateResourcePolicyStatementCommand({ resourceArn: t.botArn, statementId: 'More', effect: 'Allow', principal: [{ arn: 'arn:aws:iam::210987654321:root' }], action: ['lex:ListIntents'] }))],
  ]),
  ...onBot(withSlotType, [
    ['DescribeSlotType', (u, t) => u.lex.send(new DescribeSlotTypeCommand({ ...DRAFT(t), slotTypeId: t.slotTypeId }))],
    ['UpdateSlotType', (u, t) => u.lex.send(new UpdateSlotTypeCommand({ ...DRAFT(t), slotTypeId: t.slotTypeId, slotTypeName: 'Sizes', slotTypeValues: values, valueSelectionSetting: selection }))],
    ['DeleteSlotType', (u, t) => u.lex.send(new DeleteSlotTypeCommand({ ...DRAFT(t), slotTypeId: t.slotTypeId }))],
    ['ListSlotTypes', (u, t) => u.lex.send(new ListSlotTypesCommand(DRAFT(t)))],
  ]),
  ...onBot(withSlot, [
    ['DescribeSlot', (u, t) => u.lex.send(new DescribeSlotCommand({ ...DRAFT(t), intentId: t.intentId, slotId: t.slotId }))],
    ['UpdateSlot', (u, t) => u.lex.send(new UpdateSlotCommand({ ...DRAFT(t), intentId: t.intentId, slotId: t.slotId, slotName: 'Amount', slotTypeId: 'AMAZON.Number', valueElicitationSetting: elicitation }))],
    ['DeleteSlot', (u, t) => u.lex.send(new DeleteSlotCommand({ ...DRAFT(t), intentId: t.intentId, slotId: t.slotId }))],
    ['ListSlots', (u, t) => u.lex.send(new ListSlotsCommand({ ...DRAFT(t), intentId: t.intentId }))],
  ]),
  ...onBot(withVersion, [
    ['DescribeBotVersion', (u, t) => u.lex.send(new DescribeBotVersionCommand({ botId: t.botId, botVersion: '1' }))],
    ['DeleteBotVersion', (u, t) => u.lex.send(new DeleteBotVersionCommand({ botId: t.botId, botVersion: '1' }))],
  ]),
  ...onBot(withVocabulary, [
    ['BatchUpdateCustomVocabularyItem', (u, t) => u.lex.send(new BatchUpdateCustomVocabularyItemCommand({ ...DRAFT(t), customVocabularyItemList: [{ itemId: t.itemId, phrase: 'calzone', weight: 2 }] }))],
    ['BatchDeleteCustomVocabularyItem', (u, t) => u.lex.send(new BatchDeleteCustomVocabularyItemCommand({ ...DRAFT(t), customVocabularyItemList: [{ itemId: t.itemId }] }))],
    ['ListCustomVocabularyItems', (u, t) => u.lex.send(new ListCustomVocabularyItemsCommand(DRAFT(t)))],
    ['DescribeCustomVocabularyMetadata', (u, t) => u.lex.send(new DescribeCustomVocabularyMetadataCommand(DRAFT(t)))],
    ['DeleteCustomVocabulary', (u, t) => u.lex.send(new DeleteCustomVocabularyCommand(DRAFT(t)))],
  ]),
  ...onBot(withPolicies, [
    ['DescribeResourcePolicy', (u, t) => u.lex.send(new DescribeResourcePolicyCommand({ resourceArn: t.botArn }))],
    ['UpdateResourcePolicy', (u, t) => u.lex.send(new UpdateResourcePolicyCommand({ resourceArn: t.botArn, policy: policyOf(t.botArn, 'Changed') }))],
    ['DeleteResourcePolicy', (u, t) => u.lex.send(new DeleteResourcePolicyCommand({ resourceArn: t.botArn }))],
    ['DeleteResourcePolicyStatement', (u, t) => u.lex.send(new DeleteResourcePolicyStatementCommand({ resourceArn: t.botArn, statementId: 'Partner' }))],
  ]),
  // The same operations on the bot's test alias (tagged team=blue at CreateBot): the alias's own policy.
  ...(
    [
      ['DescribeResourcePolicy', (u, t) => u.lex.send(new DescribeResourcePolicyCommand({ resourceArn: t.aliasArn }))],
      ['UpdateResourcePolicy', (u, t) => u.lex.send(new UpdateResourcePolicyCommand({ resourceArn: t.aliasArn, policy: policyOf(t.aliasArn, 'Changed') }))],
    ] as [string, Call][]
  ).map(([operation, call]): Row => ({ operation, action: `lex:${operation}`, type: 'bot alias', values: {}, setup: withPolicies, call })),
];
