// Lex V2 test set generation (StartTestSetGeneration): a test set made from the conversations a bot alias held
// in a locale between two times, read from this server's turn log (turn-log.ts: every turn the runtime answered).
// A conversation with one utterance becomes a single input; one with more a conversation, each user turn followed
// by an Agent row with what the bot answered (but after its last). The expected intent and slots are those the
// bot resolved then, so the test set first describes the bot as it was. The generation is Generating for the
// transition time, then Ready with its test set, or Failed when no conversation in the window has an utterance of
// the input mode (speech is heard as silence here, so a Speech filter finds none).
import type { Kysely } from 'kysely';
import { errors } from '../../aws/generated/lexv2-models.js';
import type {
  DescribeTestSetGenerationResponse,
  StartTestSetGenerationRequest,
  StartTestSetGenerationResponse,
  TestSetGenerationDataSource,
  TestSetStorageLocation,
} from '../../aws/generated/lexv2-models.js';
import type { LexTestSetGenerationRow, Schema } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';
import { invalid, notFound, parseJson, type LexContext } from './context.js';
import { lexId } from './ids.js';
import type { LexModels } from './models.js';
import { effectiveStatus, transition } from './status.js';
import type { ParsedRecord } from './test-set-csv.js';
import type { TestSets } from './test-sets.js';
import type { LoggedConversation, TurnLog } from './turn-log.js';

type Status = LexTestSetGenerationRow['status'];

/** A conversation has at most 30 turns (the model's TurnNumber). */
const MAX_TURNS = 30;

/** The records of the logged conversations: their utterances of `mode`, and what the bot said between them. */
export function recordsOf(conversations: LoggedConversation[], mode: 'Text' | 'Speech'): ParsedRecord[] {
  const records: ParsedRecord[] = [];
  let conversationNumber = 0;
  for (const conversation of conversations) {
    const utterances = conversation.turns.filter((t) => t.inputMode === mode && t.inputTranscript !== undefined && t.inputTranscript.trim() !== '');
    if (utterances.length === 0) continue;
    const conversationId = utterances.length > 1 ? String(++conversationNumber) : undefined;
    let turnNumber = 0;
    utterances.forEach((turn, i) => {
      if (conversationId !== undefined && turnNumber >= MAX_TURNS) return;
      const slots = Object.fromEntries(Object.entries(turn.slots).flatMap(([name, slot]) => (slot?.value?.interpretedValue ? [[name, { value: slot.value.interpretedValue }]] : [])));
      records.push({
        recordNumber: records.length + 1,
        ...(conversationId !== undefined ? { conversationId, turnNumber: ++turnNumber } : {}),
        turnSpecification: {
          userTurn: {
            input: { utteranceInput: { textInput: turn.inputTranscript! } },
            expected: { intent: { name: turn.intentName ?? 'FallbackIntent', ...(Object.keys(slots).length > 0 ? { slots } : {}) } },
          },
        },
      });
      const said = turn.messages.map((m) => m.content ?? '').filter(Boolean).join(' ');
      if (conversationId !== undefined && i < utterances.length - 1 && said && turnNumber < MAX_TURNS) {
        records.push({ recordNumber: records.length + 1, conversationId, turnNumber: ++turnNumber, turnSpecification: { agentTurn: { agentPrompt: said.slice(0, 1024) } } });
      }
    });
  }
  return records;
}

export class TestSetGenerations {
  constructor(
    private readonly ctx: LexContext,
    private readonly testSets: TestSets,
    private readonly models: LexModels,
    private readonly turnLog: TurnLog,
  ) {}

  private get db(): Kysely<Schema> {
    return this.ctx.store.db;
  }

  async findGeneration(scope: Scope, generationId: string): Promise<LexTestSetGenerationRow | undefined> {
    return this.db
      .selectFrom('lex_test_set_generations')
      .selectAll()
      .where('generation_id', '=', generationId)
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .executeTakeFirst();
  }

  /** StartTestSetGeneration. `testSetId`: the id the test set gets (chosen while authorizing, its ARN authorized). */
  async start(scope: Scope, input: StartTestSetGenerationRequest, testSetId: string): Promise<StartTestSetGenerationResponse> {
    const source = input.generationDataSource.conversationLogsDataSource;
    if (!source) throw invalid('The generationDataSource must name a conversationLogsDataSource.');
    const { startTime, endTime, inputMode } = source.filter;
    if (startTime.getTime() >= endTime.getTime()) throw invalid('The filter startTime must be before its endTime.');
    await this.models.bots.bot(scope, source.botId);
    if (!(await this.models.aliases.findAlias(source.botId, source.botAliasId))) throw notFound(`Bot alias ${source.botAliasId} of bot ${source.botId} does not exist.`);
    if (!(await this.testSets.nameFree(scope, input.testSetName))) throw errors.ConflictException(`A test set named ${input.testSetName} already exists in this account and region.`);
    const conversations = await this.turnLog.conversations(scope, { botId: source.botId, botAliasId: source.botAliasId, localeId: source.localeId, from: startTime, to: endTime });
    const records = recordsOf(conversations, inputMode);
    const failureReasons =
      records.length > 0
        ? []
        : [
            `No conversation of bot ${source.botId} on alias ${source.botAliasId} in locale ${source.localeId} between ${startTime.toISOString()} and ${endTime.toISOString()} has a ${inputMode} utterance${inputMode === 'Speech' ? ' with a transcript (linkedrole hears speech as silence)' : ''}.`,
          ];
    if (records.length > 0) {
      await this.testSets.create(
        scope,
        { testSetName: input.testSetName, description: input.description, roleArn: input.roleArn, storageLocation: input.storageLocation, modality: 'Text', testSetTags: input.testSetTags },
        records,
        testSetId,
      );
    }
    const generationId = lexId();
    const now = this.ctx.clock();
    const row: LexTestSetGenerationRow = {
      generation_id: generationId,
      account_id: scope.accountId,
      region: scope.region,
      test_set_id: testSetId,
      test_set_name: input.testSetName,
      description: input.description ?? null,
      role_arn: input.roleArn,
      storage_location: JSON.stringify(input.storageLocation),
      data_source: JSON.stringify(input.generationDataSource),
      ...transition<Status>('Generating', failureReasons.length > 0 ? 'Failed' : 'Ready', now, this.ctx.transitionMs),
      failure_reasons: JSON.stringify(failureReasons),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.ctx.store.transaction((tx) => tx.insertInto('lex_test_set_generations').values(row).execute());
    return {
      testSetGenerationId: generationId,
      creationDateTime: now,
      testSetGenerationStatus: row.status,
      testSetName: input.testSetName,
      description: input.description,
      storageLocation: input.storageLocation,
      generationDataSource: input.generationDataSource,
      roleArn: input.roleArn,
      testSetTags: input.testSetTags,
    };
  }

  async describe(scope: Scope, generationId: string): Promise<DescribeTestSetGenerationResponse> {
    const row = await this.findGeneration(scope, generationId);
    if (!row) throw notFound(`The test set generation ${generationId} does not exist.`);
    const status = effectiveStatus(row, this.ctx.clock());
    const updated = status !== row.status && row.status_until ? row.status_until : row.updated_at;
    return {
      testSetGenerationId: row.generation_id,
      testSetGenerationStatus: status,
      failureReasons: status === 'Failed' ? parseJson<string[]>(row.failure_reasons, []) : [],
      ...(status === 'Ready' ? { testSetId: row.test_set_id } : {}),
      testSetName: row.test_set_name,
      description: row.description ?? undefined,
      storageLocation: parseJson<TestSetStorageLocation>(row.storage_location, { s3BucketName: '', s3Path: '' }),
      generationDataSource: parseJson<TestSetGenerationDataSource>(row.data_source, {}),
      roleArn: row.role_arn,
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(updated),
    };
  }
}
