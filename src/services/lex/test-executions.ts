// Lex V2 test executions (Test Workbench): StartTestExecution runs a Ready test set against a bot alias and
// locale. Each conversation (and each single input) is one runtime session: its user turns go through the same
// RecognizeText path as a customer's conversation (conversations.ts), so the bot's role, its grants and its logs
// are exercised and audited as in one. Each user turn is then scored against the record's expectation:
//   intent   Matched when the bot's intent has the expected name, else Mismatched;
//   slots    each expected slot Matched when the intent's slot value (original, interpreted or a resolved
//            value, case-insensitively) is the expected value; the turn's slots Matched when all are;
//   end-to-end  a turn Matched when its intent and slots are; a conversation Matched when all its user turns are;
//   a turn the runtime refused is ExecutionError (with the error's code and message), and so is its conversation.
// Agent rows are shown with the prompt the bot actually gave after the previous user turn (not scored: the
// model's AgentTurnResult has no match result). The turns run while StartTestExecution is answered; the
// execution is then Pending, then InProgress (one transition time each), then Completed; or Failed when the
// target cannot answer (no such alias, locale not built), with the reason.
import type { Kysely } from 'kysely';
import { AwsError } from '../../aws/errors.js';
import type {
  ConversationLevelTestResultItem,
  DescribeTestExecutionResponse,
  GetTestExecutionArtifactsUrlResponse,
  IntentClassificationTestResultItem,
  IntentLevelSlotResolutionTestResultItem,
  ListTestExecutionResultItemsRequest,
  ListTestExecutionResultItemsResponse,
  ListTestExecutionsRequest,
  ListTestExecutionsResponse,
  OverallTestResultItem,
  StartTestExecutionRequest,
  StartTestExecutionResponse,
  TestExecutionSummary,
  TestExecutionTarget,
  TestResultMatchStatus,
  UserTurnOutputSpecification,
  UserTurnResult,
  UserTurnSpecification,
  UtteranceLevelTestResultItem,
} from '../../aws/generated/lexv2-models.js';
import type { Slot } from '../../aws/generated/lexv2-runtime.js';
import type { LexTestExecutionRow, Schema } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';
import { invalid, notFound, page, parseJson, type LexContext } from './context.js';
import type { Conversations } from './conversations.js';
import { lexId } from './ids.js';
import { effectiveStatus, transition } from './status.js';
import { toCsv, userText, type ParsedRecord } from './test-set-csv.js';
import type { TestSets } from './test-sets.js';
import { newUrlKey, type TransferUrls } from './upload-urls.js';

type Status = LexTestExecutionRow['status'];

/** One record's result, with each expected slot's own match (for the slot resolution results). */
export interface ScoredRecord {
  item: UtteranceLevelTestResultItem;
  slots?: Record<string, TestResultMatchStatus>;
}

const STATUSES: TestResultMatchStatus[] = ['Matched', 'Mismatched', 'ExecutionError'];
const counts = (values: TestResultMatchStatus[]): Record<string, number> => Object.fromEntries(STATUSES.map((s) => [s, values.filter((v) => v === s).length]));
/** Matched when every one is; an execution error outweighs a mismatch. */
const combined = (values: TestResultMatchStatus[]): TestResultMatchStatus =>
  values.includes('ExecutionError') ? 'ExecutionError' : values.every((v) => v === 'Matched') ? 'Matched' : 'Mismatched';

const same = (a: string | undefined, b: string) => a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Does the slot the bot filled have the expected value (as said, as interpreted, or resolved)? */
function slotMatches(slot: Slot | undefined, expected: string): boolean {
  const value = slot?.value;
  if (!value) return false;
  return same(value.originalValue, expected) || same(value.interpretedValue, expected) || (value.resolvedValues ?? []).some((v) => same(v, expected));
}

/** The records of a test set as runtime sessions: a conversation's turns together, each single input alone. */
function sessionsOf(records: ParsedRecord[]): { key: string; conversationId?: string; records: ParsedRecord[] }[] {
  const sessions: { key: string; conversationId?: string; records: ParsedRecord[] }[] = [];
  const byConversation = new Map<string, ParsedRecord[]>();
  for (const record of records) {
    if (record.conversationId === undefined) {
      sessions.push({ key: `r${record.recordNumber}`, records: [record] });
      continue;
    }
    let turns = byConversation.get(record.conversationId);
    if (!turns) {
      turns = [];
      byConversation.set(record.conversationId, turns);
      sessions.push({ key: `c${record.conversationId}`, conversationId: record.conversationId, records: turns });
    }
    turns.push(record);
  }
  return sessions;
}

export class TestExecutions {
  constructor(
    private readonly ctx: LexContext,
    private readonly testSets: TestSets,
    private readonly conversations: Conversations,
    private readonly urls: TransferUrls,
  ) {}

  private get db(): Kysely<Schema> {
    return this.ctx.store.db;
  }

  async findExecution(scope: Scope, testExecutionId: string): Promise<LexTestExecutionRow | undefined> {
    return this.db
      .selectFrom('lex_test_executions')
      .selectAll()
      .where('test_execution_id', '=', testExecutionId)
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .executeTakeFirst();
  }

  private async execution(scope: Scope, testExecutionId: string): Promise<LexTestExecutionRow> {
    const row = await this.findExecution(scope, testExecutionId);
    if (!row) throw notFound(`The test execution ${testExecutionId} does not exist.`);
    return row;
  }

  status(row: LexTestExecutionRow): Status {
    const now = this.ctx.clock();
    if (now.toISOString() < row.pending_until) return 'Pending';
    return effectiveStatus(row, now);
  }

  async startTestExecution(scope: Scope, input: StartTestExecutionRequest): Promise<StartTestExecutionResponse> {
    const testSet = await this.testSets.testSet(scope, input.testSetId);
    const status = this.testSets.status(testSet);
    if (status !== 'Ready') throw invalid(`The test set ${input.testSetId} is ${status}; only a Ready test set can be executed.`);
    const target = input.target.botAliasTarget;
    if (!target) throw invalid('The target must name a botAliasTarget (botId, botAliasId, localeId).');
    const modality = input.testExecutionModality ?? testSet.modality;
    if (modality === 'Audio' && testSet.modality === 'Text') throw invalid(`The test set ${input.testSetId} is a text test set; it can only be executed with the Text modality.`);
    if (modality === 'Audio') {
      throw invalid('linkedrole has no speech recognizer: execute an audio test set with testExecutionModality Text, which sends each turn\'s Expected Transcription as text.');
    }
    const testExecutionId = lexId();
    const now = this.ctx.clock();
    const records = await this.testSets.records(testSet.test_set_id);
    const { failureReasons, results } = await this.run(scope, testExecutionId, target, records);
    // The turns ran in this request; the statuses then move as Lex's do, from when the run ended.
    const ran = this.ctx.clock();
    const row: LexTestExecutionRow = {
      test_execution_id: testExecutionId,
      account_id: scope.accountId,
      region: scope.region,
      test_set_id: testSet.test_set_id,
      test_set_name: testSet.test_set_name,
      api_mode: input.apiMode,
      modality,
      target: JSON.stringify(input.target),
      // Pending for one transition, InProgress for the next, then done.
      pending_until: new Date(ran.getTime() + this.ctx.transitionMs).toISOString(),
      ...transition<Status>('InProgress', failureReasons.length > 0 ? 'Failed' : 'Completed', new Date(ran.getTime() + this.ctx.transitionMs), this.ctx.transitionMs),
      failure_reasons: JSON.stringify(failureReasons),
      results: JSON.stringify(results),
      url_key: newUrlKey(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.ctx.store.transaction((tx) => tx.insertInto('lex_test_executions').values(row).execute());
    return { testExecutionId, creationDateTime: now, testSetId: testSet.test_set_id, target: input.target, apiMode: input.apiMode, testExecutionModality: modality };
  }

  /** Every session of the test set through the runtime, each turn scored; or why the target could not answer. */
  private async run(scope: Scope, executionId: string, target: NonNullable<TestExecutionTarget['botAliasTarget']>, records: ParsedRecord[]) {
    try {
      await this.conversations.target(scope, target);
    } catch (error) {
      if (error instanceof AwsError) return { failureReasons: [error.message], results: [] as ScoredRecord[] };
      throw error;
    }
    const results: ScoredRecord[] = [];
    for (const session of sessionsOf(records)) {
      const turn = { ...target, sessionId: `${executionId}-${session.key}` };
      const scored: ScoredRecord[] = [];
      let last: { prompt?: string; intent?: string; elicited?: string } = {};
      for (const record of session.records) {
        const user = record.turnSpecification.userTurn;
        const base = { recordNumber: record.recordNumber, ...(record.conversationId !== undefined ? { conversationId: record.conversationId } : {}) };
        if (!user) {
          const expectedAgentPrompt = record.turnSpecification.agentTurn?.agentPrompt ?? '';
          scored.push({ item: { ...base, turnResult: { agent: { expectedAgentPrompt, actualAgentPrompt: last.prompt, actualIntent: last.intent, actualElicitedSlot: last.elicited } } } });
          continue;
        }
        const { result, slots, said } = await this.userTurn(scope, turn, user);
        last = said;
        scored.push({ item: { ...base, turnResult: { user: result } }, slots });
      }
      if (session.conversationId !== undefined) {
        const endToEndResult = combined(scored.flatMap((s) => (s.item.turnResult.user?.endToEndResult ? [s.item.turnResult.user.endToEndResult] : [])));
        for (const s of scored) if (s.item.turnResult.user) s.item.turnResult.user.conversationLevelResult = { endToEndResult };
      }
      results.push(...scored);
      // The session was the test's own: end it, so the bot's role is not left "in use" by a finished test.
      await this.conversations.deleteSession(scope, turn).catch((error: unknown) => {
        // A session every turn of which was refused was never saved: there is nothing to end.
        if (!(error instanceof AwsError)) throw error;
      });
    }
    return { failureReasons: [] as string[], results };
  }

  private async userTurn(scope: Scope, turn: { botId: string; botAliasId: string; localeId: string; sessionId: string }, user: UserTurnSpecification) {
    const expected = user.expected;
    const expectedSlots = Object.entries(expected.intent.slots ?? {});
    const text = userText(user);
    try {
      const response = await this.conversations.recognizeText(scope, {
        ...turn,
        text,
        // The row's session attributes go in; its input contexts do not (the runtime here has no contexts).
        ...(user.input.sessionState?.sessionAttributes ? { sessionState: { sessionAttributes: user.input.sessionState.sessionAttributes } } : {}),
        ...(user.input.requestAttributes ? { requestAttributes: user.input.requestAttributes } : {}),
      });
      const intent = response.sessionState.intent;
      const actualSlots = (intent?.slots ?? {}) as Record<string, Slot | undefined>;
      const actualOutput: UserTurnOutputSpecification = {
        intent: {
          name: intent?.name ?? 'FallbackIntent',
          slots: Object.fromEntries(Object.entries(actualSlots).flatMap(([name, slot]) => (slot?.value ? [[name, { value: slot.value.interpretedValue }]] : []))),
        },
        ...(response.sessionState.activeContexts && response.sessionState.activeContexts.length > 0 ? { activeContexts: response.sessionState.activeContexts.map((c) => ({ name: c.name })) } : {}),
        transcript: text,
      };
      const intentMatchResult: TestResultMatchStatus = actualOutput.intent.name === expected.intent.name ? 'Matched' : 'Mismatched';
      const slots = Object.fromEntries(expectedSlots.map(([name, v]) => [name, slotMatches(actualSlots[name], v.value ?? '') ? 'Matched' : 'Mismatched'])) as Record<string, TestResultMatchStatus>;
      const slotMatchResult = combined(Object.values(slots));
      const result: UserTurnResult = {
        input: user.input,
        expectedOutput: expected,
        actualOutput,
        intentMatchResult,
        slotMatchResult,
        endToEndResult: combined([intentMatchResult, slotMatchResult]),
      };
      const prompt = response.messages.map((m) => m.content ?? '').filter(Boolean).join(' ');
      const said = { prompt: prompt || undefined, intent: intent?.name, elicited: response.sessionState.dialogAction?.slotToElicit };
      return { result, slots, said };
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      const result: UserTurnResult = {
        input: user.input,
        expectedOutput: expected,
        errorDetails: { errorCode: error.code, errorMessage: error.message },
        intentMatchResult: 'ExecutionError',
        slotMatchResult: 'ExecutionError',
        endToEndResult: 'ExecutionError',
      };
      const slots = Object.fromEntries(expectedSlots.map(([name]) => [name, 'ExecutionError'])) as Record<string, TestResultMatchStatus>;
      return { result, slots, said: {} };
    }
  }

  private summary(row: LexTestExecutionRow): TestExecutionSummary & DescribeTestExecutionResponse {
    const status = this.status(row);
    const moved = status === 'Pending' ? row.created_at : status !== row.status && row.status_until ? row.status_until : row.pending_until;
    return {
      testExecutionId: row.test_execution_id,
      testSetId: row.test_set_id,
      testSetName: row.test_set_name,
      target: parseJson<TestExecutionTarget>(row.target, {}),
      apiMode: row.api_mode,
      testExecutionModality: row.modality,
      testExecutionStatus: status,
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(moved),
    };
  }

  async describeTestExecution(scope: Scope, testExecutionId: string): Promise<DescribeTestExecutionResponse> {
    const row = await this.execution(scope, testExecutionId);
    const summary = this.summary(row);
    return { ...summary, failureReasons: summary.testExecutionStatus === 'Failed' ? parseJson<string[]>(row.failure_reasons, []) : [] };
  }

  async listTestExecutions(scope: Scope, input: ListTestExecutionsRequest): Promise<ListTestExecutionsResponse> {
    const rows = await this.db.selectFrom('lex_test_executions').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region).execute();
    const items = rows.map((r) => this.summary(r));
    const sign = input.sortBy?.order === 'Descending' ? -1 : 1;
    const byName = input.sortBy?.attribute === 'TestSetName';
    items.sort(
      (a, b) =>
        sign * (byName ? a.testSetName!.localeCompare(b.testSetName!) : a.creationDateTime!.getTime() - b.creationDateTime!.getTime()) || a.testExecutionId!.localeCompare(b.testExecutionId!),
    );
    const { items: testExecutions, nextToken } = page(items, input.maxResults, input.nextToken);
    return { testExecutions, nextToken };
  }

  /** The scored records of a Completed execution (its results are not there before). */
  private async completed(scope: Scope, testExecutionId: string): Promise<ScoredRecord[]> {
    const row = await this.execution(scope, testExecutionId);
    const status = this.status(row);
    if (status !== 'Completed') throw invalid(`The test execution ${testExecutionId} is ${status}; its results are available once it is Completed.`);
    return parseJson<ScoredRecord[]>(row.results, []);
  }

  async listResultItems(scope: Scope, input: ListTestExecutionResultItemsRequest): Promise<ListTestExecutionResultItemsResponse> {
    const scored = await this.completed(scope, input.testExecutionId);
    const paged = <T>(items: T[]) => page(items, input.maxResults, input.nextToken);
    switch (input.resultFilterBy.resultTypeFilter) {
      case 'OverallTestResults': {
        const { items, nextToken } = paged(overallResults(scored));
        return { testExecutionResults: { overallTestResults: { items } }, nextToken };
      }
      case 'ConversationLevelTestResults': {
        const wanted = input.resultFilterBy.conversationLevelTestResultsFilterBy?.endToEndResult;
        const { items, nextToken } = paged(conversationResults(scored).filter((c) => wanted === undefined || c.endToEndResult === wanted));
        return { testExecutionResults: { conversationLevelTestResults: { items } }, nextToken };
      }
      case 'IntentClassificationTestResults': {
        const { items, nextToken } = paged(intentResults(scored));
        return { testExecutionResults: { intentClassificationTestResults: { items } }, nextToken };
      }
      case 'SlotResolutionTestResults': {
        const { items, nextToken } = paged(slotResults(scored));
        return { testExecutionResults: { intentLevelSlotResolutionTestResults: { items } }, nextToken };
      }
      default: {
        const { items, nextToken } = paged(scored.map((s) => s.item));
        return { testExecutionResults: { utteranceLevelTestResults: { items } }, nextToken };
      }
    }
  }

  async artifactsUrl(scope: Scope, testExecutionId: string, origin: string): Promise<GetTestExecutionArtifactsUrlResponse> {
    await this.completed(scope, testExecutionId);
    const row = (await this.findExecution(scope, testExecutionId))!;
    return { testExecutionId, downloadArtifactsUrl: this.urls.artifactsUrl(origin, testExecutionId, artifactFileName(row), row.url_key) };
  }

  /** The artifacts URL's side: a Completed execution's results as CSV. */
  async artifacts(testExecutionId: string): Promise<{ urlKey: string; fileName: string; csv: string } | undefined> {
    const row = await this.db.selectFrom('lex_test_executions').selectAll().where('test_execution_id', '=', testExecutionId).executeTakeFirst();
    if (!row || this.status(row) !== 'Completed') return undefined;
    return { urlKey: row.url_key, fileName: artifactFileName(row), csv: artifactCsv(parseJson<ScoredRecord[]>(row.results, [])) };
  }
}

const artifactFileName = (row: LexTestExecutionRow) => `${row.test_set_name}_${row.test_execution_id}_results.csv`;

const userTurns = (scored: ScoredRecord[]) => scored.filter((s) => s.item.turnResult.user);
const multi = (s: ScoredRecord) => s.item.conversationId !== undefined;

/** Single inputs: each its own end-to-end result; conversations: each conversation's. */
export function overallResults(scored: ScoredRecord[]): OverallTestResultItem[] {
  const singles = userTurns(scored).filter((s) => !multi(s)).map((s) => s.item.turnResult.user!.endToEndResult!);
  const conversations = conversationResults(scored).map((c) => c.endToEndResult);
  return [
    { multiTurnConversation: false, totalResultCount: singles.length, endToEndResultCounts: counts(singles) },
    { multiTurnConversation: true, totalResultCount: conversations.length, endToEndResultCounts: counts(conversations) },
  ];
}

/** Each conversation: its end-to-end result, and per intent (and slot) it expects whether all its turns matched. */
export function conversationResults(scored: ScoredRecord[]): ConversationLevelTestResultItem[] {
  const byConversation = new Map<string, ScoredRecord[]>();
  for (const s of userTurns(scored).filter(multi)) {
    const id = s.item.conversationId!;
    byConversation.set(id, [...(byConversation.get(id) ?? []), s]);
  }
  return [...byConversation.entries()].map(([conversationId, turns]) => {
    const intents = new Map<string, TestResultMatchStatus[]>();
    const slots = new Map<string, { intentName: string; slotName: string; results: TestResultMatchStatus[] }>();
    for (const t of turns) {
      const user = t.item.turnResult.user!;
      const name = user.expectedOutput.intent.name;
      intents.set(name, [...(intents.get(name) ?? []), user.intentMatchResult!]);
      for (const [slotName, result] of Object.entries(t.slots ?? {})) {
        const key = `${name}\u0000${slotName}`;
        const entry = slots.get(key) ?? { intentName: name, slotName, results: [] };
        entry.results.push(result);
        slots.set(key, entry);
      }
    }
    return {
      conversationId,
      endToEndResult: turns[0].item.turnResult.user!.conversationLevelResult!.endToEndResult,
      intentClassificationResults: [...intents.entries()].map(([intentName, results]) => ({ intentName, matchResult: combined(results) })),
      slotResolutionResults: [...slots.values()].map((s) => ({ intentName: s.intentName, slotName: s.slotName, matchResult: combined(s.results) })),
    };
  });
}

/** Per expected intent, single inputs and conversation turns apart: how many turns the bot classified right. */
export function intentResults(scored: ScoredRecord[]): IntentClassificationTestResultItem[] {
  const groups = new Map<string, { intentName: string; multiTurnConversation: boolean; results: TestResultMatchStatus[] }>();
  for (const s of userTurns(scored)) {
    const user = s.item.turnResult.user!;
    const key = `${user.expectedOutput.intent.name}\u0000${multi(s)}`;
    const group = groups.get(key) ?? { intentName: user.expectedOutput.intent.name, multiTurnConversation: multi(s), results: [] };
    group.results.push(user.intentMatchResult!);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.intentName.localeCompare(b.intentName) || Number(a.multiTurnConversation) - Number(b.multiTurnConversation))
    .map((g) => ({ intentName: g.intentName, multiTurnConversation: g.multiTurnConversation, resultCounts: { totalResultCount: g.results.length, intentMatchResultCounts: counts(g.results) } }));
}

/** Per expected intent and slot, single inputs and conversation turns apart: how many times the slot was resolved right. */
export function slotResults(scored: ScoredRecord[]): IntentLevelSlotResolutionTestResultItem[] {
  const groups = new Map<string, { intentName: string; multiTurnConversation: boolean; slots: Map<string, TestResultMatchStatus[]> }>();
  for (const s of userTurns(scored)) {
    if (!s.slots || Object.keys(s.slots).length === 0) continue;
    const name = s.item.turnResult.user!.expectedOutput.intent.name;
    const key = `${name}\u0000${multi(s)}`;
    const group = groups.get(key) ?? { intentName: name, multiTurnConversation: multi(s), slots: new Map() };
    for (const [slot, result] of Object.entries(s.slots)) group.slots.set(slot, [...(group.slots.get(slot) ?? []), result]);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.intentName.localeCompare(b.intentName) || Number(a.multiTurnConversation) - Number(b.multiTurnConversation))
    .map((g) => ({
      intentName: g.intentName,
      multiTurnConversation: g.multiTurnConversation,
      slotResolutionResults: [...g.slots.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([slotName, results]) => ({ slotName, resultCounts: { totalResultCount: results.length, slotMatchResultCounts: counts(results) } })),
    }));
}

/** The detailed results as one CSV row per record (the columns are ours, after the test set's own). */
export function artifactCsv(scored: ScoredRecord[]): string {
  const slotText = (slots: Record<string, { value?: string }> | undefined) =>
    Object.entries(slots ?? {})
      .map(([k, v]) => `${k} = ${v.value ?? ''}`)
      .join('; ');
  const header = [
    'Line #',
    'Conversation #',
    'Source',
    'Input',
    'Expected Output Intent',
    'Actual Output Intent',
    'Intent Match Result',
    'Expected Output Slots',
    'Actual Output Slots',
    'Slot Match Result',
    'End-to-end Result',
    'Conversation End-to-end Result',
    'Expected Agent Prompt',
    'Actual Agent Prompt',
    'Error',
  ];
  const rows = scored.map(({ item }) => {
    const conversation = item.conversationId ?? 'N/A';
    const agent = item.turnResult.agent;
    if (agent) return [String(item.recordNumber), conversation, 'Agent', '', '', agent.actualIntent ?? '', '', '', '', '', '', '', agent.expectedAgentPrompt, agent.actualAgentPrompt ?? '', ''];
    const user = item.turnResult.user!;
    return [
      String(item.recordNumber),
      conversation,
      'User',
      user.input.utteranceInput.textInput ?? user.expectedOutput.transcript ?? '',
      user.expectedOutput.intent.name,
      user.actualOutput?.intent.name ?? '',
      user.intentMatchResult ?? '',
      slotText(user.expectedOutput.intent.slots),
      slotText(user.actualOutput?.intent.slots),
      user.slotMatchResult ?? '',
      user.endToEndResult ?? '',
      user.conversationLevelResult?.endToEndResult ?? '',
      '',
      '',
      user.errorDetails ? `${user.errorDetails.errorCode}: ${user.errorDetails.errorMessage}` : '',
    ];
  });
  return toCsv([header, ...rows]);
}
