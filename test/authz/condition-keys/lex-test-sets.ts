// Condition-key rows of Lex V2's Test Workbench: each action is on the test set (iam-data's `test set`, which
// documents aws:ResourceTag/${TagKey}); the targets are test sets root imports from a CSV, tagged team=blue (and,
// for the operations on an execution or a report, one made by root against a built bot's TSTALIASID). A test set
// import's StartImport documents aws:RequestTag/${TagKey} and aws:TagKeys, which its testSetTags supply; a test
// set export's CreateExport is on the test set. A generation's test set is made from a built bot's logged
// conversation (StartTestSetGeneration's new test set has no tags yet: aws:ResourceTag cannot have a value).
import {
  CreateExportCommand,
  CreateTestSetDiscrepancyReportCommand,
  CreateUploadUrlCommand,
  DeleteTestSetCommand,
  DescribeTestSetGenerationCommand,
  StartTestSetGenerationCommand,
  DescribeImportCommand,
  DescribeTestExecutionCommand,
  DescribeTestSetCommand,
  DescribeTestSetDiscrepancyReportCommand,
  GetTestExecutionArtifactsUrlCommand,
  ListTestExecutionResultItemsCommand,
  ListTestSetRecordsCommand,
  StartImportCommand,
  StartTestExecutionCommand,
  UpdateTestSetCommand,
} from '@aws-sdk/client-lex-models-v2';
import { RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { waitFor } from '../../support/wait.js';
import { builtBot, RIGHT_TAG, role, TAG, type Clients, type Row, type Target } from './support.js';

const CSV = ['Line #,Conversation #,Source,Input,Expected Output Intent', '1,N/A,User,hello,Greeting', '2,1,User,hello,Greeting', '3,1,Agent,Hi,'].join('\n');

async function upload(root: Clients): Promise<string> {
  const { importId, uploadUrl } = await root.lex.send(new CreateUploadUrlCommand({}));
  const put = await fetch(uploadUrl!, { method: 'PUT', body: CSV });
  if (put.status !== 200) throw new Error(`upload: ${put.status}`);
  return importId!;
}

const spec = (testSetName: string, roleArn: string, testSetTags: Record<string, string>) => ({
  testSetImportResourceSpecification: {
    testSetName,
    roleArn,
    storageLocation: { s3BucketName: 'test-workbench-bucket', s3Path: 'test-sets' },
    importInputLocation: { s3BucketName: 'test-workbench-bucket', s3Path: `${testSetName}.csv` },
    modality: 'Text' as const,
    testSetTags,
  },
});

/** A test set root imported, tagged team=blue, Ready. */
async function testSet(root: Clients, n: number): Promise<Target> {
  const made = await role(root, n);
  const importId = await upload(root);
  await root.lex.send(new StartImportCommand({ importId, mergeStrategy: 'FailOnConflict', resourceSpecification: spec(`tests-${n}`, made.arn, { [TAG[0]]: TAG[1] }) }));
  const done = await waitFor(() => root.lex.send(new DescribeImportCommand({ importId })), (i) => i.importStatus !== 'InProgress');
  const testSetId = done.importedResourceId!;
  await waitFor(() => root.lex.send(new DescribeTestSetCommand({ testSetId })), (t) => t.status === 'Ready');
  return { testSetId, roleArn: made.arn };
}
async function withBot(root: Clients, n: number): Promise<Target> {
  const [made, bot] = [await testSet(root, n), await builtBot(root, n)];
  return { ...made, botId: bot.botId };
}
const target = (t: Target) => ({ botAliasTarget: { botId: t.botId, botAliasId: 'TSTALIASID', localeId: 'en_US' } });
async function withExecution(root: Clients, n: number): Promise<Target> {
  const made = await withBot(root, n);
  const { testExecutionId } = await root.lex.send(new StartTestExecutionCommand({ testSetId: made.testSetId, apiMode: 'NonStreaming', target: target(made) }));
  await waitFor(() => root.lex.send(new DescribeTestExecutionCommand({ testExecutionId })), (e) => e.testExecutionStatus === 'Completed');
  return { ...made, testExecutionId: testExecutionId! };
}
async function withReport(root: Clients, n: number): Promise<Target> {
  const made = await withBot(root, n);
  const { testSetDiscrepancyReportId } = await root.lex.send(new CreateTestSetDiscrepancyReportCommand({ testSetId: made.testSetId, target: target(made) }));
  return { ...made, reportId: testSetDiscrepancyReportId! };
}
const generation = (t: Target, testSetName: string, testSetTags: Record<string, string>) => ({
  testSetName,
  roleArn: t.roleArn,
  storageLocation: { s3BucketName: 'test-workbench-bucket', s3Path: 'generated' },
  generationDataSource: {
    conversationLogsDataSource: { botId: t.botId, botAliasId: 'TSTALIASID', localeId: 'en_US', filter: { startTime: new Date(Date.now() - 3_600_000), endTime: new Date(Date.now() + 3_600_000), inputMode: 'Text' as const } },
  },
  testSetTags,
});
async function withConversation(root: Clients, n: number): Promise<Target> {
  const made = await role(root, n);
  const bot = await builtBot(root, n);
  await root.runtime.send(new RecognizeTextCommand({ botId: bot.botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: `session-${n}`, text: 'hello' }));
  return { roleArn: made.arn, botId: bot.botId, testSetName: `generated-${n}` };
}
async function withGeneration(root: Clients, n: number): Promise<Target> {
  const made = await withConversation(root, n);
  const { testSetGenerationId } = await root.lex.send(new StartTestSetGenerationCommand(generation(made, made.testSetName, { [TAG[0]]: TAG[1] })));
  await waitFor(() => root.lex.send(new DescribeTestSetGenerationCommand({ testSetGenerationId })), (g) => g.testSetGenerationStatus === 'Ready');
  return { ...made, generationId: testSetGenerationId! };
}
async function forImport(root: Clients, n: number): Promise<Target> {
  const made = await role(root, n);
  return { roleArn: made.arn, importId: await upload(root), testSetName: `imported-tests-${n}` };
}

type Call = (u: Clients, t: Target) => Promise<unknown>;
const onTestSet = (setup: Row['setup'], calls: [string, Call][]): Row[] => calls.map(([operation, call]) => ({ operation, action: `lex:${operation}`, type: 'test set', values: {}, setup, call }));

export const rows: Row[] = [
  ...onTestSet(testSet, [
    ['DescribeTestSet', (u, t) => u.lex.send(new DescribeTestSetCommand({ testSetId: t.testSetId }))],
    ['UpdateTestSet', (u, t) => u.lex.send(new UpdateTestSetCommand({ testSetId: t.testSetId, testSetName: `renamed-${t.testSetId}` }))],
    ['DeleteTestSet', (u, t) => u.lex.send(new DeleteTestSetCommand({ testSetId: t.testSetId }))],
    ['ListTestSetRecords', (u, t) => u.lex.send(new ListTestSetRecordsCommand({ testSetId: t.testSetId }))],
    ['CreateExport', (u, t) => u.lex.send(new CreateExportCommand({ resourceSpecification: { testSetExportSpecification: { testSetId: t.testSetId } }, fileFormat: 'CSV' }))],
  ]),
  ...onTestSet(withBot, [
    ['StartTestExecution', (u, t) => u.lex.send(new StartTestExecutionCommand({ testSetId: t.testSetId, apiMode: 'NonStreaming', target: target(t) }))],
    ['CreateTestSetDiscrepancyReport', (u, t) => u.lex.send(new CreateTestSetDiscrepancyReportCommand({ testSetId: t.testSetId, target: target(t) }))],
  ]),
  ...onTestSet(withExecution, [
    ['DescribeTestExecution', (u, t) => u.lex.send(new DescribeTestExecutionCommand({ testExecutionId: t.testExecutionId }))],
    ['ListTestExecutionResultItems', (u, t) => u.lex.send(new ListTestExecutionResultItemsCommand({ testExecutionId: t.testExecutionId, resultFilterBy: { resultTypeFilter: 'OverallTestResults' } }))],
    ['GetTestExecutionArtifactsUrl', (u, t) => u.lex.send(new GetTestExecutionArtifactsUrlCommand({ testExecutionId: t.testExecutionId }))],
  ]),
  ...onTestSet(withGeneration, [['DescribeTestSetGeneration', (u, t) => u.lex.send(new DescribeTestSetGenerationCommand({ testSetGenerationId: t.generationId }))]]),
  {
    operation: 'StartTestSetGeneration',
    action: 'lex:StartTestSetGeneration',
    type: 'test set',
    values: {},
    setup: withConversation,
    call: (u, t) => u.lex.send(new StartTestSetGenerationCommand(generation(t, t.testSetName, {}))),
    notApplicable: { 'aws:ResourceTag/${TagKey}': 'the call makes the test set: it has no tags yet' },
  },
  ...onTestSet(withReport, [['DescribeTestSetDiscrepancyReport', (u, t) => u.lex.send(new DescribeTestSetDiscrepancyReportCommand({ testSetDiscrepancyReportId: t.reportId }))]]),
  {
    operation: 'StartImport',
    action: 'lex:StartImport',
    values: RIGHT_TAG,
    setup: forImport,
    call: (u, t) =>
      u.lex.send(new StartImportCommand({ importId: t.importId, mergeStrategy: 'FailOnConflict', resourceSpecification: spec(t.testSetName, t.roleArn, { [RIGHT_TAG.requestTag[0]]: RIGHT_TAG.requestTag[1] }) })),
  },
];
