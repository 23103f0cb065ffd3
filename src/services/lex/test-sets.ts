// Lex V2 test sets (Test Workbench): a test set is made by StartImport from a file in Lex's CSV test-set
// format (test-set-csv.ts) uploaded to this server's upload URL; it is Importing for the transition time, then
// Ready, or ValidationError when the file is not a valid test set (the import then Fails with the reasons).
// Describe, list (sorted by name or last update), update (name, description), delete, the records, and the
// CSV a test set export holds. Test executions (test-executions.ts) and discrepancy reports read the records.
import type { Kysely } from 'kysely';
import { errors } from '../../aws/generated/lexv2-models.js';
import type {
  DescribeTestSetResponse,
  ListTestSetRecordsRequest,
  ListTestSetRecordsResponse,
  ListTestSetsRequest,
  ListTestSetsResponse,
  TestSetImportResourceSpecification,
  TestSetModality,
  TestSetStorageLocation,
  TestSetSummary,
  TurnSpecification,
  UpdateTestSetRequest,
  UpdateTestSetResponse,
} from '../../aws/generated/lexv2-models.js';
import type { LexTestSetRow, Schema } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';
import { invalid, notFound, page, parseJson, preconditionFailed, type LexContext } from './context.js';
import { testSetArn } from './ids.js';
import { effectiveStatus, settled, transition } from './status.js';
import { writeTags } from './tags.js';
import { readTestSetCsv, writeTestSetCsv, type ParsedRecord } from './test-set-csv.js';

type Status = LexTestSetRow['status'];

/** What an import of a test set answers: the reasons it failed, or the test set it made. */
export interface TestSetImportResult {
  failureReasons: string[];
  resourceId?: string;
  resourceName?: string;
}

export class TestSets {
  constructor(private readonly ctx: LexContext) {}

  private get db(): Kysely<Schema> {
    return this.ctx.store.db;
  }

  async findTestSet(scope: Scope, testSetId: string): Promise<LexTestSetRow | undefined> {
    return this.db.selectFrom('lex_test_sets').selectAll().where('test_set_id', '=', testSetId).where('account_id', '=', scope.accountId).where('region', '=', scope.region).executeTakeFirst();
  }

  /** The test set, or ResourceNotFoundException (PreconditionFailedException where the operation answers that). */
  async testSet(scope: Scope, testSetId: string, missing: 'notFound' | 'precondition' = 'notFound'): Promise<LexTestSetRow> {
    const row = await this.findTestSet(scope, testSetId);
    if (row) return row;
    const message = `The test set ${testSetId} does not exist.`;
    throw missing === 'notFound' ? notFound(message) : preconditionFailed(message);
  }

  status(row: LexTestSetRow): Status {
    return effectiveStatus(row, this.ctx.clock());
  }

  private async nameTaken(scope: Scope, name: string, except?: string): Promise<boolean> {
    let query = this.db.selectFrom('lex_test_sets').select('test_set_id').where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('test_set_name', '=', name);
    if (except) query = query.where('test_set_id', '!=', except);
    return (await query.executeTakeFirst()) !== undefined;
  }

  /**
   * StartImport of a test set: the uploaded CSV read as `spec.modality`. A name already taken fails the import
   * and makes nothing; a file that is not a valid test set makes the test set in ValidationError.
   */
  async importCsv(scope: Scope, spec: TestSetImportResourceSpecification, file: Buffer, testSetId: string): Promise<TestSetImportResult> {
    if (await this.nameTaken(scope, spec.testSetName)) return { failureReasons: [`A test set named ${spec.testSetName} already exists in this account and region.`] };
    const parsed = readTestSetCsv(file.toString('utf8'), spec.modality);
    await this.create(scope, spec, 'records' in parsed ? parsed.records : undefined, testSetId);
    if ('failureReasons' in parsed) return { failureReasons: parsed.failureReasons };
    return { failureReasons: [], resourceId: testSetId, resourceName: spec.testSetName };
  }

  /** Is the name free in the scope (test set names are unique per account and region)? */
  async nameFree(scope: Scope, name: string): Promise<boolean> {
    return !(await this.nameTaken(scope, name));
  }

  /**
   * Makes a test set of these records (Importing, then Ready), or with none in ValidationError (`records`
   * undefined: the file was not a valid test set). Test set generation (test-set-generations.ts) makes its own.
   */
  async create(scope: Scope, spec: Omit<TestSetImportResourceSpecification, 'importInputLocation'>, records: ParsedRecord[] | undefined, testSetId: string): Promise<void> {
    const valid = records !== undefined;
    records ??= [];
    const now = this.ctx.clock();
    const row: LexTestSetRow = {
      test_set_id: testSetId,
      account_id: scope.accountId,
      region: scope.region,
      test_set_name: spec.testSetName,
      description: spec.description ?? null,
      modality: spec.modality,
      role_arn: spec.roleArn,
      storage_location: JSON.stringify(spec.storageLocation),
      ...transition<Status>('Importing', valid ? 'Ready' : 'ValidationError', now, this.ctx.transitionMs),
      num_turns: records.length,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.ctx.store.transaction(async (tx) => {
      await tx.insertInto('lex_test_sets').values(row).execute();
      for (const r of records) {
        await tx
          .insertInto('lex_test_set_records')
          .values({ test_set_id: testSetId, record_number: r.recordNumber, conversation_id: r.conversationId ?? null, turn_number: r.turnNumber ?? null, turn: JSON.stringify(r.turnSpecification) })
          .execute();
      }
      await writeTags(tx, testSetArn(scope.region, scope.accountId, testSetId), spec.testSetTags ?? {});
    });
  }

  /** Every record of a test set, in order. */
  async records(testSetId: string): Promise<ParsedRecord[]> {
    const rows = await this.db.selectFrom('lex_test_set_records').selectAll().where('test_set_id', '=', testSetId).orderBy('record_number').execute();
    return rows.map((r) => ({
      recordNumber: Number(r.record_number),
      ...(r.conversation_id !== null ? { conversationId: r.conversation_id } : {}),
      ...(r.turn_number !== null ? { turnNumber: Number(r.turn_number) } : {}),
      turnSpecification: parseJson<TurnSpecification>(r.turn, {}),
    }));
  }

  summary(row: LexTestSetRow): TestSetSummary & DescribeTestSetResponse {
    const status = this.status(row);
    const updated = status !== row.status && row.status_until ? row.status_until : row.updated_at;
    return {
      testSetId: row.test_set_id,
      testSetName: row.test_set_name,
      description: row.description ?? undefined,
      modality: row.modality as TestSetModality,
      status,
      roleArn: row.role_arn,
      numTurns: Number(row.num_turns),
      storageLocation: parseJson<TestSetStorageLocation>(row.storage_location, { s3BucketName: '', s3Path: '' }),
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(updated),
    };
  }

  async describeTestSet(scope: Scope, testSetId: string): Promise<DescribeTestSetResponse> {
    return this.summary(await this.testSet(scope, testSetId));
  }

  async listTestSets(scope: Scope, input: ListTestSetsRequest): Promise<ListTestSetsResponse> {
    const rows = await this.db.selectFrom('lex_test_sets').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region).execute();
    const items = rows.map((r) => this.summary(r));
    const sign = input.sortBy?.order === 'Descending' ? -1 : 1;
    const byName = input.sortBy?.attribute === 'TestSetName';
    items.sort(
      (a, b) =>
        sign * (byName ? a.testSetName!.localeCompare(b.testSetName!) : a.lastUpdatedDateTime!.getTime() - b.lastUpdatedDateTime!.getTime()) || a.testSetId!.localeCompare(b.testSetId!),
    );
    const { items: testSets, nextToken } = page(items, input.maxResults, input.nextToken);
    return { testSets, nextToken };
  }

  async updateTestSet(scope: Scope, input: UpdateTestSetRequest): Promise<UpdateTestSetResponse> {
    const row = await this.testSet(scope, input.testSetId, 'precondition');
    if (this.status(row) === 'Importing') throw errors.ConflictException(`The test set ${input.testSetId} is still Importing; update it when it is Ready.`);
    if (await this.nameTaken(scope, input.testSetName, row.test_set_id)) throw errors.ConflictException(`A test set named ${input.testSetName} already exists in this account and region.`);
    const now = this.ctx.clock().toISOString();
    await this.ctx.store.transaction((tx) =>
      tx
        .updateTable('lex_test_sets')
        .set({ test_set_name: input.testSetName, description: input.description ?? null, ...settled(this.status(row)), updated_at: now })
        .where('test_set_id', '=', row.test_set_id)
        .execute(),
    );
    return this.summary((await this.findTestSet(scope, row.test_set_id))!);
  }

  async deleteTestSet(scope: Scope, testSetId: string): Promise<void> {
    const row = await this.testSet(scope, testSetId, 'precondition');
    if (this.status(row) === 'Importing') throw errors.ConflictException(`The test set ${testSetId} is still Importing; delete it when it is Ready.`);
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_test_set_records').where('test_set_id', '=', testSetId).execute();
      await tx.deleteFrom('lex_tags').where('resource_arn', '=', testSetArn(scope.region, scope.accountId, testSetId)).execute();
      await tx.deleteFrom('lex_test_sets').where('test_set_id', '=', testSetId).execute();
    });
  }

  async listTestSetRecords(scope: Scope, input: ListTestSetRecordsRequest): Promise<ListTestSetRecordsResponse> {
    const row = await this.testSet(scope, input.testSetId);
    const { items: testSetRecords, nextToken } = page(await this.records(row.test_set_id), input.maxResults, input.nextToken);
    return { testSetRecords, nextToken };
  }

  /** A Ready test set as the CSV its export holds (CreateExport with testSetExportSpecification). */
  async exportCsv(scope: Scope, testSetId: string): Promise<{ row: LexTestSetRow; csv: string }> {
    const row = await this.testSet(scope, testSetId);
    const status = this.status(row);
    if (status !== 'Ready') throw invalid(`The test set ${testSetId} is ${status}; only a Ready test set can be exported.`);
    return { row, csv: writeTestSetCsv(await this.records(testSetId), row.modality) };
  }
}
