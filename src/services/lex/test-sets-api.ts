// The bindings of Lex V2's Test Workbench: each operation's IAM action as the Service Authorization Reference
// lists it (lex:<Operation> on the test set, `arn:...:test-set/<id>`, with its tags for aws:ResourceTag/*; the
// lists on `*`), then the domain (test-sets.ts, test-executions.ts, test-set-discrepancies.ts,
// test-set-generations.ts). Test sets are made by StartImport (export-import-api.ts) or generated from the turn
// log; either passes the test set's role to Lex (iam:PassRole). Composed into lexApi (api.ts).
import type { Operations as ModelsOperations } from '../../aws/generated/lexv2-models.js';
import { withState, type AuthorizationTarget, type RequestContext, type ServiceOperations } from '../../aws/service.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import { scopeOf } from '../kit/scope.js';
import { lexId, testSetArn } from './ids.js';
import type { Lex } from './lex.js';

type Served =
  | 'DescribeTestSet' | 'ListTestSets' | 'UpdateTestSet' | 'DeleteTestSet' | 'ListTestSetRecords'
  | 'StartTestExecution' | 'DescribeTestExecution' | 'ListTestExecutions' | 'ListTestExecutionResultItems' | 'GetTestExecutionArtifactsUrl'
  | 'CreateTestSetDiscrepancyReport' | 'DescribeTestSetDiscrepancyReport'
  | 'StartTestSetGeneration' | 'DescribeTestSetGeneration';

/** A resource's tags, for aws:ResourceTag/* (none when it does not exist). */
type TagsOf = (ctx: RequestContext, arn: string) => () => Promise<Record<string, string> | undefined>;
type PassRole = (ctx: RequestContext, roleArn: string) => Promise<AuthorizationTarget>;

/** Where the URLs this answer hands out point: this server, as the client reached it. */
const origin = (ctx: RequestContext) => `http://${ctx.host ?? '127.0.0.1'}`;

export function testSetOperations(lex: Lex, tagsOf: TagsOf, passRole: PassRole): ServiceOperations<Pick<ModelsOperations, Served>> {
  /** `action` on the test set (with its tags); `*` when the call's resource is not known. */
  const onTestSet = async (action: string, ctx: RequestContext, testSetId: string | undefined): Promise<AuthorizationTarget[]> => {
    if (!testSetId) return [await authorizationTarget(action, '*')];
    const arn = testSetArn(ctx.region, ctx.caller.accountId, testSetId);
    return [await authorizationTarget(action, arn, { resourceTags: tagsOf(ctx, arn) })];
  };
  const ofExecution = async (ctx: RequestContext, testExecutionId: string) => (await lex.testExecutions.findExecution(scopeOf(ctx), testExecutionId))?.test_set_id;
  const tests = lex.testExecutions;
  return {
    // ---- test sets ----
    DescribeTestSet: {
      summary: 'A test set: status (Importing, then Ready or ValidationError), modality, numTurns, role and storage location as given',
      authorize: (input, ctx) => onTestSet('lex:DescribeTestSet', ctx, input.testSetId),
      handle: (input, ctx) => lex.testSets.describeTestSet(scopeOf(ctx), input.testSetId),
    },
    ListTestSets: {
      summary: "The region's test sets, sorted by TestSetName or LastUpdatedDateTime, paged",
      authorize: (_input, ctx) => onTestSet('lex:ListTestSets', ctx, undefined),
      handle: (input, ctx) => lex.testSets.listTestSets(scopeOf(ctx), input),
    },
    UpdateTestSet: {
      summary: "Renames a test set (names unique) and replaces its description",
      authorize: (input, ctx) => onTestSet('lex:UpdateTestSet', ctx, input.testSetId),
      handle: (input, ctx) => lex.testSets.updateTestSet(scopeOf(ctx), input),
    },
    DeleteTestSet: {
      summary: 'Deletes a test set, its records and tags (its executions stay)',
      authorize: (input, ctx) => onTestSet('lex:DeleteTestSet', ctx, input.testSetId),
      handle: async (input, ctx) => {
        await lex.testSets.deleteTestSet(scopeOf(ctx), input.testSetId);
        return {};
      },
    },
    ListTestSetRecords: {
      summary: "The test set's rows as turns (user input and expectation, or agent prompt), in order, paged",
      authorize: (input, ctx) => onTestSet('lex:ListTestSetRecords', ctx, input.testSetId),
      handle: (input, ctx) => lex.testSets.listTestSetRecords(scopeOf(ctx), input),
    },
    // ---- test executions ----
    StartTestExecution: {
      summary: "Runs every conversation's user turns through RecognizeText on the alias (the bot's role as in a conversation) and scores intents, slots and end-to-end; Pending, InProgress, then Completed or Failed",
      authorize: (input, ctx) => onTestSet('lex:StartTestExecution', ctx, input.testSetId),
      handle: (input, ctx) => tests.startTestExecution(scopeOf(ctx), input),
    },
    DescribeTestExecution: {
      summary: "The execution's status, target, modes and failureReasons",
      authorize: async (input, ctx) => onTestSet('lex:DescribeTestExecution', ctx, await ofExecution(ctx, input.testExecutionId)),
      handle: (input, ctx) => tests.describeTestExecution(scopeOf(ctx), input.testExecutionId),
    },
    ListTestExecutions: {
      summary: "The region's test executions, sorted by TestSetName or CreationDateTime, paged",
      authorize: (_input, ctx) => onTestSet('lex:ListTestExecutions', ctx, undefined),
      handle: (input, ctx) => tests.listTestExecutions(scopeOf(ctx), input),
    },
    ListTestExecutionResultItems: {
      summary: 'Overall, conversation (filter by endToEndResult), intent, slot or utterance-level results of a Completed execution, paged',
      authorize: async (input, ctx) => onTestSet('lex:ListTestExecutionResultItems', ctx, await ofExecution(ctx, input.testExecutionId)),
      handle: (input, ctx) => tests.listResultItems(scopeOf(ctx), input),
    },
    GetTestExecutionArtifactsUrl: {
      summary: 'A URL on this server (signed, 5 minutes) of the detailed results as CSV',
      authorize: async (input, ctx) => onTestSet('lex:GetTestExecutionArtifactsUrl', ctx, await ofExecution(ctx, input.testExecutionId)),
      handle: (input, ctx) => tests.artifactsUrl(scopeOf(ctx), input.testExecutionId, origin(ctx)),
    },
    // ---- discrepancy reports ----
    CreateTestSetDiscrepancyReport: {
      summary: "The test set's expected intents and slots the alias's version lacks in the locale; InProgress, then Completed",
      authorize: (input, ctx) => onTestSet('lex:CreateTestSetDiscrepancyReport', ctx, input.testSetId),
      handle: (input, ctx) => lex.testSetDiscrepancies.createReport(scopeOf(ctx), input),
    },
    DescribeTestSetDiscrepancyReport: {
      summary: "The report's status and its intent and slot discrepancies (no raw output URL)",
      authorize: async (input, ctx) =>
        onTestSet('lex:DescribeTestSetDiscrepancyReport', ctx, await lex.testSetDiscrepancies.testSetOf(scopeOf(ctx), input.testSetDiscrepancyReportId)),
      handle: (input, ctx) => lex.testSetDiscrepancies.describeReport(scopeOf(ctx), input.testSetDiscrepancyReportId),
    },
    // ---- generation from the turn log ----
    StartTestSetGeneration: withState({
      summary: "A test set of the alias's logged conversations in the locale and time window (expected: the intent and slots the bot resolved); Generating, then Ready or Failed",
      authorize: async (input, ctx) => {
        const testSetId = lexId();
        const arn = testSetArn(ctx.region, ctx.caller.accountId, testSetId);
        return { targets: [await authorizationTarget('lex:StartTestSetGeneration', arn, { requestTags: input.testSetTags }), await passRole(ctx, input.roleArn)], state: testSetId };
      },
      handle: (input, ctx, testSetId) => lex.testSetGenerations.start(scopeOf(ctx), input, testSetId),
    }),
    DescribeTestSetGeneration: {
      summary: "The generation's status, its test set once Ready, or failureReasons",
      authorize: async (input, ctx) => onTestSet('lex:DescribeTestSetGeneration', ctx, (await lex.testSetGenerations.findGeneration(scopeOf(ctx), input.testSetGenerationId))?.test_set_id),
      handle: (input, ctx) => lex.testSetGenerations.describe(scopeOf(ctx), input.testSetGenerationId),
    },
  };
}
