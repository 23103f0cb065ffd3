// Lex V2's Test Workbench through @aws-sdk/client-lex-models-v2 and the AWS CLI: a test set in Lex's CSV format
// uploaded to this server's upload URL and imported with StartImport, executed against a bot whose answers are
// known (every user turn goes through the runtime as a conversation does), and its results scored: a table of the
// expected overall, conversation, intent, slot and utterance-level results; the artifacts CSV; a test set that
// fails validation row by row; an execution whose turns the bot's role refuses (ExecutionError) and one whose
// target cannot answer (Failed); discrepancy reports; a test set generated from the conversations the bot held;
// export and re-import; updates, deletion, paging, errors.
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateBotAliasCommand,
  CreateBotLocaleCommand,
  CreateBotVersionCommand,
  CreateExportCommand,
  CreateIntentCommand,
  CreateSlotCommand,
  CreateSlotTypeCommand,
  CreateTestSetDiscrepancyReportCommand,
  CreateUploadUrlCommand,
  DeleteTestSetCommand,
  DescribeBotAliasCommand,
  DescribeBotVersionCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  DescribeTestExecutionCommand,
  DescribeTestSetCommand,
  DescribeTestSetDiscrepancyReportCommand,
  GetTestExecutionArtifactsUrlCommand,
  ListTestExecutionResultItemsCommand,
  ListTestExecutionsCommand,
  ListTestSetRecordsCommand,
  ListTestSetsCommand,
  StartImportCommand,
  StartTestExecutionCommand,
  StartTestSetGenerationCommand,
  DescribeTestSetGenerationCommand,
  UpdateTestSetCommand,
  type LexModelsV2Client,
  type TestResultTypeFilter,
} from '@aws-sdk/client-lex-models-v2';
import { RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { strFromU8, unzipSync } from 'fflate';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { waitFor } from '../support/wait.js';
import { ACCOUNT, buildLocale, closing, createBot, rejectsWith, useLexEnv } from './support.js';

const at = (botId: string) => ({ botId, botVersion: 'DRAFT', localeId: 'en_US' });
const prompt = (text: string) => ({ messageGroups: [{ message: { plainTextMessage: { value: text } } }], maxRetries: 1 });

/** The test set whose scores are known for `pizzaBot` (comments: what the bot answers). */
const PIZZA_CSV = [
  'Line #,Conversation #,Source,Input,Expected Output Intent,Expected Output Slot 1,Session Attribute 1',
  '1,N/A,User,hello,Greeting,,', // Greeting: matched
  '2,,User,order a large pizza,OrderPizza,Size = large,', // OrderPizza, Size=large: matched
  '3,-,User,order a big pizza,OrderPizza,Size = large,', // "big" resolves to large (TopResolution): matched
  '4,N/A,User,good morning,OrderPizza,,', // Greeting: intent mismatched
  '5,N/A,User,order a small pizza,OrderPizza,Size = large,', // Size=small: slot mismatched
  '6,N/A,User,what is the weather,Greeting,,', // FallbackIntent: mismatched
  '7,1,User,I want to order a pizza,OrderPizza,,channel = web', // OrderPizza eliciting Size
  '8,1,Agent,What size?,,,',
  '9,1,User,"large, please",OrderPizza,Size = large,', // Size filled: conversation 1 matched
  '10,2,User,hello,Greeting,,',
  '11,2,Agent,Hello! How can I help?,,,',
  '12,2,User,order a small pizza,OrderPizza,Size = large,', // slot mismatched: conversation 2 mismatched
].join('\n');

const counts = (matched: number, mismatched: number, errors = 0) => ({ Matched: matched, Mismatched: mismatched, ExecutionError: errors });

/** The expected results of PIZZA_CSV against pizzaBot, by result type. */
const EXPECTED: [TestResultTypeFilter, string, unknown][] = [
  [
    'OverallTestResults',
    'overallTestResults',
    [
      { multiTurnConversation: false, totalResultCount: 6, endToEndResultCounts: counts(3, 3) },
      { multiTurnConversation: true, totalResultCount: 2, endToEndResultCounts: counts(1, 1) },
    ],
  ],
  [
    'ConversationLevelTestResults',
    'conversationLevelTestResults',
    [
      { conversationId: '1', endToEndResult: 'Matched', intentClassificationResults: [{ intentName: 'OrderPizza', matchResult: 'Matched' }], slotResolutionResults: [{ intentName: 'OrderPizza', slotName: 'Size', matchResult: 'Matched' }] },
      {
        conversationId: '2',
        endToEndResult: 'Mismatched',
        intentClassificationResults: [
          { intentName: 'Greeting', matchResult: 'Matched' },
          { intentName: 'OrderPizza', matchResult: 'Matched' },
        ],
        slotResolutionResults: [{ intentName: 'OrderPizza', slotName: 'Size', matchResult: 'Mismatched' }],
      },
    ],
  ],
  [
    'IntentClassificationTestResults',
    'intentClassificationTestResults',
    [
      { intentName: 'Greeting', multiTurnConversation: false, resultCounts: { totalResultCount: 2, intentMatchResultCounts: counts(1, 1) } },
      { intentName: 'Greeting', multiTurnConversation: true, resultCounts: { totalResultCount: 1, intentMatchResultCounts: counts(1, 0) } },
      { intentName: 'OrderPizza', multiTurnConversation: false, resultCounts: { totalResultCount: 4, intentMatchResultCounts: counts(3, 1) } },
      { intentName: 'OrderPizza', multiTurnConversation: true, resultCounts: { totalResultCount: 3, intentMatchResultCounts: counts(3, 0) } },
    ],
  ],
  [
    'SlotResolutionTestResults',
    'intentLevelSlotResolutionTestResults',
    [
      { intentName: 'OrderPizza', multiTurnConversation: false, slotResolutionResults: [{ slotName: 'Size', resultCounts: { totalResultCount: 3, slotMatchResultCounts: counts(2, 1) } }] },
      { intentName: 'OrderPizza', multiTurnConversation: true, slotResolutionResults: [{ slotName: 'Size', resultCounts: { totalResultCount: 2, slotMatchResultCounts: counts(1, 1) } }] },
    ],
  ],
];

/** Each record's [intent, slots, end-to-end] results (agent rows: the prompt the bot gave). */
const UTTERANCES: [number, string | undefined, string, string, string][] = [
  [1, undefined, 'Greeting', 'Matched', 'Matched'],
  [2, undefined, 'OrderPizza', 'Matched', 'Matched'],
  [3, undefined, 'OrderPizza', 'Matched', 'Matched'],
  [4, undefined, 'Greeting', 'Mismatched', 'Mismatched'],
  [5, undefined, 'OrderPizza', 'Matched', 'Mismatched'],
  [6, undefined, 'FallbackIntent', 'Mismatched', 'Mismatched'],
  [7, '1', 'OrderPizza', 'Matched', 'Matched'],
  [8, '1', 'agent: What size?', 'OrderPizza', 'Size'],
  [9, '1', 'OrderPizza', 'Matched', 'Matched'],
  [10, '2', 'Greeting', 'Matched', 'Matched'],
  [11, '2', 'agent: Hello! How can I help?', 'Greeting', ''],
  [12, '2', 'OrderPizza', 'Matched', 'Mismatched'],
];

describe('Lex V2 test sets and test executions', () => {
  const env = useLexEnv();
  let roleArn: string;
  let roleMade = false;

  async function testRole(): Promise<string> {
    if (!roleMade) {
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lexv2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
      roleArn = (await env.iam.send(new CreateRoleCommand({ RoleName: 'TestWorkbenchRole', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
      roleMade = true;
    }
    return roleArn;
  }

  /** A bot with OrderPizza (a Required Size slot of a TopResolution custom type) and Greeting, built on DRAFT. */
  async function pizzaBot(models: LexModelsV2Client, name: string, options: { greeting?: boolean; sizeSlot?: boolean; roleArn?: string } = {}) {
    const { botId } = await createBot(models, name, options.roleArn ? { roleArn: options.roleArn } : {});
    await models.send(new CreateBotLocaleCommand({ ...at(botId!), nluIntentConfidenceThreshold: 0.4 }));
    const intent = await models.send(
      new CreateIntentCommand({
        ...at(botId!),
        intentName: 'OrderPizza',
        sampleUtterances: [{ utterance: 'I want to order a pizza' }, { utterance: 'order a {Size} pizza' }],
        intentClosingSetting: closing('Your pizza is on its way.'),
      }),
    );
    if (options.sizeSlot !== false) {
      const size = await models.send(
        new CreateSlotTypeCommand({
          ...at(botId!),
          slotTypeName: 'PizzaSize',
          slotTypeValues: [{ sampleValue: { value: 'small' } }, { sampleValue: { value: 'large' }, synonyms: [{ value: 'big' }] }],
          valueSelectionSetting: { resolutionStrategy: 'TopResolution' },
        }),
      );
      await models.send(
        new CreateSlotCommand({ ...at(botId!), intentId: intent.intentId, slotName: 'Size', slotTypeId: size.slotTypeId, valueElicitationSetting: { slotConstraint: 'Required', promptSpecification: prompt('What size?') } }),
      );
    }
    if (options.greeting !== false) {
      await models.send(new CreateIntentCommand({ ...at(botId!), intentName: 'Greeting', sampleUtterances: [{ utterance: 'hello' }, { utterance: 'good morning' }], intentClosingSetting: closing('Hello! How can I help?') }));
    }
    await buildLocale(models, botId!);
    return botId!;
  }

  /** Uploads `csv` and imports it as a test set; answers the import and, once it is done, its description. */
  async function importTestSet(csv: string, testSetName: string, extra: { modality?: 'Text' | 'Audio'; tags?: Record<string, string> } = {}) {
    const { importId, uploadUrl } = await env.models.send(new CreateUploadUrlCommand({}));
    const put = await fetch(uploadUrl!, { method: 'PUT', body: csv });
    assert.equal(put.status, 200);
    const started = await env.models.send(
      new StartImportCommand({
        importId,
        mergeStrategy: 'FailOnConflict',
        resourceSpecification: {
          testSetImportResourceSpecification: {
            testSetName,
            description: `${testSetName} from CSV`,
            roleArn: await testRole(),
            storageLocation: { s3BucketName: 'test-workbench-bucket', s3Path: 'test-sets' },
            importInputLocation: { s3BucketName: 'test-workbench-bucket', s3Path: `uploads/${testSetName}.csv` },
            modality: extra.modality ?? 'Text',
            testSetTags: extra.tags,
          },
        },
      }),
    );
    assert.equal(started.importStatus, 'InProgress');
    return waitFor(() => env.models.send(new DescribeImportCommand({ importId })), (i) => i.importStatus !== 'InProgress');
  }

  async function readyTestSet(csv: string, name: string) {
    const imported = await importTestSet(csv, name);
    assert.equal(imported.importStatus, 'Completed', JSON.stringify(imported.failureReasons));
    const testSetId = imported.importedResourceId!;
    await waitFor(() => env.models.send(new DescribeTestSetCommand({ testSetId })), (t) => t.status === 'Ready');
    return testSetId;
  }

  async function execute(testSetId: string, botId: string, botAliasId = 'TSTALIASID') {
    const started = await env.models.send(new StartTestExecutionCommand({ testSetId, apiMode: 'NonStreaming', testExecutionModality: 'Text', target: { botAliasTarget: { botId, botAliasId, localeId: 'en_US' } } }));
    assert.match(started.testExecutionId!, /^[0-9A-Z]{10}$/);
    return waitFor(() => env.models.send(new DescribeTestExecutionCommand({ testExecutionId: started.testExecutionId })), (d) => d.testExecutionStatus === 'Completed' || d.testExecutionStatus === 'Failed');
  }

  it('imports a CSV test set, runs it against the bot and scores intents, slots and conversations as expected', async () => {
    const botId = await pizzaBot(env.models, 'PizzaTestBot');
    const imported = await importTestSet(PIZZA_CSV, 'PizzaTests');
    assert.equal(imported.importStatus, 'Completed', JSON.stringify(imported.failureReasons));
    const testSetId = imported.importedResourceId!;
    assert.equal(imported.importedResourceName, 'PizzaTests');
    assert.deepEqual(imported.resourceSpecification?.testSetImportResourceSpecification?.modality, 'Text');
    const described = await waitFor(() => env.models.send(new DescribeTestSetCommand({ testSetId })), (t) => t.status === 'Ready');
    assert.deepEqual(
      [described.testSetName, described.description, described.modality, described.numTurns, described.roleArn, described.storageLocation],
      ['PizzaTests', 'PizzaTests from CSV', 'Text', 12, `arn:aws:iam::${ACCOUNT}:role/TestWorkbenchRole`, { s3BucketName: 'test-workbench-bucket', s3Path: 'test-sets' }],
    );
    // The records: a single input, a conversation's user and agent turns (with the session attribute given).
    const records = await env.models.send(new ListTestSetRecordsCommand({ testSetId, maxResults: 8 }));
    assert.equal(records.testSetRecords?.length, 8);
    assert.deepEqual(records.testSetRecords?.[1], {
      recordNumber: 2,
      turnSpecification: { userTurn: { input: { utteranceInput: { textInput: 'order a large pizza' } }, expected: { intent: { name: 'OrderPizza', slots: { Size: { value: 'large' } } } } } },
    });
    assert.deepEqual(records.testSetRecords?.[6], {
      recordNumber: 7,
      conversationId: '1',
      turnNumber: 1,
      turnSpecification: { userTurn: { input: { utteranceInput: { textInput: 'I want to order a pizza' }, sessionState: { sessionAttributes: { channel: 'web' } } }, expected: { intent: { name: 'OrderPizza' } } } },
    });
    assert.deepEqual(records.testSetRecords?.[7], { recordNumber: 8, conversationId: '1', turnNumber: 2, turnSpecification: { agentTurn: { agentPrompt: 'What size?' } } });
    const rest = await env.models.send(new ListTestSetRecordsCommand({ testSetId, maxResults: 8, nextToken: records.nextToken }));
    assert.deepEqual(rest.testSetRecords?.map((r) => r.recordNumber), [9, 10, 11, 12]);
    assert.equal(rest.testSetRecords?.[0].turnSpecification?.userTurn?.input?.utteranceInput?.textInput, 'large, please');
    assert.equal(rest.nextToken, undefined);

    const run = await execute(testSetId, botId);
    assert.equal(run.testExecutionStatus, 'Completed', JSON.stringify(run.failureReasons));
    assert.deepEqual([run.testSetId, run.testSetName, run.apiMode, run.testExecutionModality, run.target], [testSetId, 'PizzaTests', 'NonStreaming', 'Text', { botAliasTarget: { botId, botAliasId: 'TSTALIASID', localeId: 'en_US' } }]);
    const testExecutionId = run.testExecutionId!;
    for (const [resultTypeFilter, member, items] of EXPECTED) {
      const results = await env.models.send(new ListTestExecutionResultItemsCommand({ testExecutionId, resultFilterBy: { resultTypeFilter } }));
      assert.deepEqual((results.testExecutionResults as Record<string, { items: unknown }>)[member]?.items, items, resultTypeFilter);
    }
    const mismatched = await env.models.send(
      new ListTestExecutionResultItemsCommand({ testExecutionId, resultFilterBy: { resultTypeFilter: 'ConversationLevelTestResults', conversationLevelTestResultsFilterBy: { endToEndResult: 'Mismatched' } } }),
    );
    assert.deepEqual(mismatched.testExecutionResults?.conversationLevelTestResults?.items?.map((c) => c.conversationId), ['2']);
    // Utterance level, paged: each record's actual intent and results, agent rows with the prompt the bot gave.
    const utterances = [];
    let nextToken: string | undefined;
    do {
      const page = await env.models.send(new ListTestExecutionResultItemsCommand({ testExecutionId, resultFilterBy: { resultTypeFilter: 'UtteranceLevelResults' }, maxResults: 5, nextToken }));
      utterances.push(...page.testExecutionResults!.utteranceLevelTestResults!.items!);
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(
      utterances.map((u) => {
        const { user, agent } = u.turnResult!;
        if (agent) return [u.recordNumber, u.conversationId, `agent: ${agent.actualAgentPrompt}`, agent.actualIntent, agent.actualElicitedSlot ?? ''];
        return [u.recordNumber, u.conversationId, user!.actualOutput?.intent?.name, user!.intentMatchResult, user!.endToEndResult];
      }),
      UTTERANCES,
    );
    const small = utterances[4].turnResult!.user!;
    assert.deepEqual([small.slotMatchResult, small.actualOutput?.intent?.slots], ['Mismatched', { Size: { value: 'small' } }]);
    assert.equal(utterances[11].turnResult!.user!.conversationLevelResult?.endToEndResult, 'Mismatched');
    // The artifacts: the same results as CSV at a URL this server serves.
    const { downloadArtifactsUrl } = await env.models.send(new GetTestExecutionArtifactsUrlCommand({ testExecutionId }));
    assert.ok(downloadArtifactsUrl!.startsWith(`${env.server.url}/lexv2-transfers/test-executions/${testExecutionId}/`), downloadArtifactsUrl);
    const artifacts = await fetch(downloadArtifactsUrl!);
    assert.equal(artifacts.status, 200);
    assert.match(artifacts.headers.get('content-type')!, /^text\/csv/);
    const lines = (await artifacts.text()).trim().split('\r\n');
    assert.equal(lines.length, 13);
    assert.equal(lines[0], 'Line #,Conversation #,Source,Input,Expected Output Intent,Actual Output Intent,Intent Match Result,Expected Output Slots,Actual Output Slots,Slot Match Result,End-to-end Result,Conversation End-to-end Result,Expected Agent Prompt,Actual Agent Prompt,Error');
    assert.equal(lines[5], '5,N/A,User,order a small pizza,OrderPizza,OrderPizza,Matched,Size = large,Size = small,Mismatched,Mismatched,,,,');
    assert.equal(lines[8], '8,1,Agent,,,OrderPizza,,,,,,,What size?,What size?,');
    assert.equal(lines[9], '9,1,User,"large, please",OrderPizza,OrderPizza,Matched,Size = large,Size = large,Matched,Matched,Matched,,,');
    const tampered = new URL(downloadArtifactsUrl!);
    tampered.searchParams.set('X-Linkedrole-Signature', '0'.repeat(64));
    assert.equal((await fetch(tampered)).status, 403);
    // The test's sessions were ended: they leave no conversation behind.
    const listed = await env.models.send(new ListTestExecutionsCommand({}));
    assert.ok(listed.testExecutions?.some((e) => e.testExecutionId === testExecutionId && e.testExecutionStatus === 'Completed'));
  });

  it('fails the import of a test set whose rows are not valid, naming each row, and will not execute it', async () => {
    const bad = [
      'Line #,Conversation #,Source,Input,Expected Output Intent,Expected Output Slot 1',
      '1,N/A,User,hello,Greeting,',
      '2,N/A,Bot,hello,Greeting,',
      '3,N/A,User,order a pizza,,',
      '4,N/A,User,order a large pizza,OrderPizza,Size large',
      '5,N/A,Agent,What size?,,',
      '6,N/A,User,,Greeting,',
    ].join('\n');
    const imported = await importTestSet(bad, 'BrokenTests');
    assert.equal(imported.importStatus, 'Failed');
    assert.deepEqual(imported.failureReasons, [
      'Line 3: Source is "Bot"; it must be User or Agent.',
      'Line 4: the User row has no Expected Output Intent.',
      'Line 5: "Size large" in Expected Output Slot 1 is not "SlotName = value".',
      'Line 6: an Agent row belongs to a conversation; give it a conversation number.',
      'Line 7: the User row has no Input.',
    ]);
    const listed = await env.models.send(new ListTestSetsCommand({ sortBy: { attribute: 'TestSetName', order: 'Ascending' } }));
    const broken = listed.testSets!.find((t) => t.testSetName === 'BrokenTests')!;
    const described = await waitFor(() => env.models.send(new DescribeTestSetCommand({ testSetId: broken.testSetId })), (t) => t.status !== 'Importing');
    assert.deepEqual([described.status, described.numTurns], ['ValidationError', 0]);
    const botId = await pizzaBot(env.models, 'BrokenTarget');
    await rejectsWith(
      env.models.send(new StartTestExecutionCommand({ testSetId: broken.testSetId, apiMode: 'NonStreaming', target: { botAliasTarget: { botId, botAliasId: 'TSTALIASID', localeId: 'en_US' } } })),
      'ValidationException',
      400,
      `The test set ${broken.testSetId} is ValidationError; only a Ready test set can be executed.`,
    );
    // A file without the columns a test set needs, and a name already taken.
    const headerless = await importTestSet('Utterance,Intent\nhello,Greeting\n', 'NoColumns');
    assert.deepEqual(headerless.failureReasons, [
      'The header row has no "Source" column, which a Text test set needs.',
      'The header row has no "Input" column, which a Text test set needs.',
      'The header row has no "Expected Output Intent" column, which a Text test set needs.',
    ]);
    const taken = await importTestSet(PIZZA_CSV, 'BrokenTests');
    assert.deepEqual([taken.importStatus, taken.failureReasons], ['Failed', ['A test set named BrokenTests already exists in this account and region.']]);
  });

  it('imports an audio test set and executes it with the Text modality, each turn saying its expected transcription', async () => {
    const botId = await pizzaBot(env.models, 'AudioTarget');
    const csv = [
      'Conversation #,Source,Expected Transcription,S3 Audio Location,Expected Output Intent,Expected Output Slot 1',
      'N/A,User,order a big pizza,s3://test-workbench-bucket/audio/1.wav,OrderPizza,Size = large',
      'N/A,User,good morning,s3://test-workbench-bucket/audio/2.wav,OrderPizza,',
    ].join('\n');
    const imported = await importTestSet(csv, 'AudioTests', { modality: 'Audio' });
    assert.equal(imported.importStatus, 'Completed', JSON.stringify(imported.failureReasons));
    const testSetId = imported.importedResourceId!;
    await waitFor(() => env.models.send(new DescribeTestSetCommand({ testSetId })), (t) => t.status === 'Ready');
    const records = await env.models.send(new ListTestSetRecordsCommand({ testSetId }));
    assert.deepEqual(records.testSetRecords?.[0].turnSpecification?.userTurn, {
      input: { utteranceInput: { audioInput: { audioFileS3Location: 's3://test-workbench-bucket/audio/1.wav' } } },
      expected: { intent: { name: 'OrderPizza', slots: { Size: { value: 'large' } } }, transcript: 'order a big pizza' },
    });
    await rejectsWith(
      env.models.send(new StartTestExecutionCommand({ testSetId, apiMode: 'NonStreaming', testExecutionModality: 'Audio', target: { botAliasTarget: { botId, botAliasId: 'TSTALIASID', localeId: 'en_US' } } })),
      'ValidationException',
      400,
      /no speech recognizer/,
    );
    const run = await execute(testSetId, botId);
    const overall = await env.models.send(new ListTestExecutionResultItemsCommand({ testExecutionId: run.testExecutionId, resultFilterBy: { resultTypeFilter: 'OverallTestResults' } }));
    assert.deepEqual(overall.testExecutionResults?.overallTestResults?.items?.[0], { multiTurnConversation: false, totalResultCount: 2, endToEndResultCounts: counts(1, 1) });
    const bad = await importTestSet(['Source,Expected Transcription,S3 Audio Location,Expected Output Intent', 'User,hello,https://example.com/1.wav,Greeting'].join('\n'), 'BadAudio', { modality: 'Audio' });
    assert.deepEqual(bad.failureReasons, ['Line 2: the S3 Audio Location "https://example.com/1.wav" is not an s3://bucket/key location.']);
  });

  it('scores a turn the bot role refuses as ExecutionError, and fails an execution whose target cannot answer', async () => {
    // A bot with a customer role that does not allow Comprehend, on an alias with sentiment analysis: every turn is refused.
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lexv2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const customerRole = (await env.iam.send(new CreateRoleCommand({ RoleName: 'PizzaBotRole', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
    const botId = await pizzaBot(env.models, 'SentimentBot', { roleArn: customerRole });
    const { botVersion } = await env.models.send(new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }));
    await waitFor(() => env.models.send(new DescribeBotVersionCommand({ botId, botVersion })), (v) => v.botStatus === 'Available');
    const alias = await env.models.send(new CreateBotAliasCommand({ botId, botAliasName: 'live', botVersion, sentimentAnalysisSettings: { detectSentiment: true } }));
    await waitFor(() => env.models.send(new DescribeBotAliasCommand({ botId, botAliasId: alias.botAliasId })), (a) => a.botAliasStatus === 'Available');
    const testSetId = await readyTestSet(['Conversation #,Source,Input,Expected Output Intent', 'N/A,User,hello,Greeting', '7,User,hello,Greeting', '7,User,order a large pizza,OrderPizza'].join('\n'), 'SentimentTests');
    const run = await execute(testSetId, botId, alias.botAliasId);
    assert.equal(run.testExecutionStatus, 'Completed');
    const items = await env.models.send(new ListTestExecutionResultItemsCommand({ testExecutionId: run.testExecutionId, resultFilterBy: { resultTypeFilter: 'UtteranceLevelResults' } }));
    const first = items.testExecutionResults!.utteranceLevelTestResults!.items![0].turnResult!.user!;
    assert.deepEqual([first.intentMatchResult, first.slotMatchResult, first.endToEndResult, first.errorDetails?.errorCode], ['ExecutionError', 'ExecutionError', 'ExecutionError', 'DependencyFailedException']);
    assert.match(first.errorDetails!.errorMessage!, /comprehend:DetectSentiment .* as arn:aws:iam::123456789012:role\/PizzaBotRole/);
    const overall = await env.models.send(new ListTestExecutionResultItemsCommand({ testExecutionId: run.testExecutionId, resultFilterBy: { resultTypeFilter: 'OverallTestResults' } }));
    assert.deepEqual(overall.testExecutionResults?.overallTestResults?.items, [
      { multiTurnConversation: false, totalResultCount: 1, endToEndResultCounts: counts(0, 0, 1) },
      { multiTurnConversation: true, totalResultCount: 1, endToEndResultCounts: counts(0, 0, 1) },
    ]);
    // The same test set on an alias that does not exist: the execution fails with the reason, and has no results.
    const failed = await execute(testSetId, botId, 'NOSUCHALIA');
    assert.deepEqual([failed.testExecutionStatus, failed.failureReasons], ['Failed', [`Bot alias NOSUCHALIA of bot ${botId} does not exist.`]]);
    await rejectsWith(
      env.models.send(new ListTestExecutionResultItemsCommand({ testExecutionId: failed.testExecutionId, resultFilterBy: { resultTypeFilter: 'OverallTestResults' } })),
      'ValidationException',
      400,
      `The test execution ${failed.testExecutionId} is Failed; its results are available once it is Completed.`,
    );
    await rejectsWith(env.models.send(new GetTestExecutionArtifactsUrlCommand({ testExecutionId: failed.testExecutionId })), 'ValidationException', 400);
    // Audio cannot be heard here; a missing test set or execution is not found.
    await rejectsWith(
      env.models.send(new StartTestExecutionCommand({ testSetId, apiMode: 'Streaming', testExecutionModality: 'Audio', target: { botAliasTarget: { botId, botAliasId: 'TSTALIASID', localeId: 'en_US' } } })),
      'ValidationException',
      400,
      `The test set ${testSetId} is a text test set; it can only be executed with the Text modality.`,
    );
    await rejectsWith(
      env.models.send(new StartTestExecutionCommand({ testSetId: 'NOSUCHTEST', apiMode: 'NonStreaming', target: { botAliasTarget: { botId, botAliasId: 'TSTALIASID', localeId: 'en_US' } } })),
      'ResourceNotFoundException',
      404,
    );
    await rejectsWith(env.models.send(new DescribeTestExecutionCommand({ testExecutionId: 'NOSUCHEXEC' })), 'ResourceNotFoundException', 404);
    // ListTestExecutions: sorted by test set name or creation, paged.
    const executions = async (attribute: 'TestSetName' | 'CreationDateTime', order: 'Ascending' | 'Descending') => {
      const out: { testSetName?: string; creationDateTime?: Date; testExecutionId?: string }[] = [];
      let nextToken: string | undefined;
      do {
        const page = await env.models.send(new ListTestExecutionsCommand({ sortBy: { attribute, order }, maxResults: 2, nextToken }));
        out.push(...page.testExecutions!);
        nextToken = page.nextToken;
      } while (nextToken);
      return out;
    };
    const byName = await executions('TestSetName', 'Descending');
    assert.ok(byName.length >= 3, `${byName.length} executions`);
    assert.deepEqual(byName.map((e) => e.testSetName), byName.map((e) => e.testSetName!).sort((a, b) => b.localeCompare(a)));
    const byTime = await executions('CreationDateTime', 'Ascending');
    assert.deepEqual(byTime.map((e) => e.creationDateTime!.getTime()), byTime.map((e) => e.creationDateTime!.getTime()).sort((a, b) => a - b));
    assert.ok(byTime.some((e) => e.testExecutionId === failed.testExecutionId));
  });

  it('reports the intents and slots of a test set that the target locale lacks', async () => {
    const testSetId = await readyTestSet(PIZZA_CSV, 'DiscrepancyTests');
    const complete = await pizzaBot(env.models, 'CompleteBot');
    const partial = await pizzaBot(env.models, 'PartialBot', { greeting: false, sizeSlot: false });
    const report = async (botId: string) => {
      const created = await env.models.send(new CreateTestSetDiscrepancyReportCommand({ testSetId, target: { botAliasTarget: { botId, botAliasId: 'TSTALIASID', localeId: 'en_US' } } }));
      assert.equal(created.testSetId, testSetId);
      return waitFor(() => env.models.send(new DescribeTestSetDiscrepancyReportCommand({ testSetDiscrepancyReportId: created.testSetDiscrepancyReportId })), (r) => r.testSetDiscrepancyReportStatus !== 'InProgress');
    };
    const none = await report(complete);
    assert.deepEqual([none.testSetDiscrepancyReportStatus, none.testSetDiscrepancyTopErrors], ['Completed', { intentDiscrepancies: [], slotDiscrepancies: [] }]);
    const some = await report(partial);
    assert.deepEqual(some.testSetDiscrepancyTopErrors, {
      intentDiscrepancies: [{ intentName: 'Greeting', errorMessage: `The intent Greeting is not in locale en_US of bot ${partial} version DRAFT.` }],
      slotDiscrepancies: [{ intentName: 'OrderPizza', slotName: 'Size', errorMessage: 'The intent OrderPizza has no slot Size.' }],
    });
    await rejectsWith(
      env.models.send(new CreateTestSetDiscrepancyReportCommand({ testSetId, target: { botAliasTarget: { botId: partial, botAliasId: 'NOSUCHALIA', localeId: 'en_US' } } })),
      'ResourceNotFoundException',
      404,
    );
    await rejectsWith(env.models.send(new DescribeTestSetDiscrepancyReportCommand({ testSetDiscrepancyReportId: 'NOSUCHREPO' })), 'ResourceNotFoundException', 404);
  });

  it('generates a test set from the conversations the alias held, which the bot then passes', async () => {
    const botId = await pizzaBot(env.models, 'LoggedPizzaBot');
    const say = (sessionId: string, text: string) => env.runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId, text }));
    const startTime = new Date(Date.now() - 1000);
    await say('order-1', 'I want to order a pizza');
    await say('order-1', 'large');
    await say('greet-1', 'hello');
    const endTime = new Date(Date.now() + 1000);
    const generate = (testSetName: string, inputMode: 'Text' | 'Speech', botAliasId = 'TSTALIASID') =>
      env.models.send(
        new StartTestSetGenerationCommand({
          testSetName,
          roleArn,
          storageLocation: { s3BucketName: 'test-workbench-bucket', s3Path: 'generated' },
          generationDataSource: { conversationLogsDataSource: { botId, botAliasId, localeId: 'en_US', filter: { startTime, endTime, inputMode } } },
          testSetTags: { team: 'blue' },
        }),
      );
    await testRole();
    const started = await generate('GeneratedTests', 'Text');
    assert.equal(started.testSetGenerationStatus, 'Generating');
    const generation = await waitFor(() => env.models.send(new DescribeTestSetGenerationCommand({ testSetGenerationId: started.testSetGenerationId })), (g) => g.testSetGenerationStatus !== 'Generating');
    assert.equal(generation.testSetGenerationStatus, 'Ready', JSON.stringify(generation.failureReasons));
    const testSetId = generation.testSetId!;
    const records = await env.models.send(new ListTestSetRecordsCommand({ testSetId }));
    assert.deepEqual(
      records.testSetRecords?.map((r) => {
        const user = r.turnSpecification?.userTurn;
        return [r.recordNumber, r.conversationId, r.turnNumber, user ? user.input?.utteranceInput?.textInput : `agent: ${r.turnSpecification?.agentTurn?.agentPrompt}`, user?.expected?.intent?.name, user?.expected?.intent?.slots];
      }),
      [
        [1, '1', 1, 'I want to order a pizza', 'OrderPizza', undefined],
        [2, '1', 2, 'agent: What size?', undefined, undefined],
        [3, '1', 3, 'large', 'OrderPizza', { Size: { value: 'large' } }],
        [4, undefined, undefined, 'hello', 'Greeting', undefined],
      ],
    );
    await waitFor(() => env.models.send(new DescribeTestSetCommand({ testSetId })), (t) => t.status === 'Ready');
    const run = await execute(testSetId, botId);
    const overall = await env.models.send(new ListTestExecutionResultItemsCommand({ testExecutionId: run.testExecutionId, resultFilterBy: { resultTypeFilter: 'OverallTestResults' } }));
    assert.deepEqual(overall.testExecutionResults?.overallTestResults?.items, [
      { multiTurnConversation: false, totalResultCount: 1, endToEndResultCounts: counts(1, 0) },
      { multiTurnConversation: true, totalResultCount: 1, endToEndResultCounts: counts(1, 0) },
    ]);
    // Speech is heard as silence here: no logged speech turn has words to test with.
    const speech = await generate('SpeechTests', 'Speech');
    const failed = await waitFor(() => env.models.send(new DescribeTestSetGenerationCommand({ testSetGenerationId: speech.testSetGenerationId })), (g) => g.testSetGenerationStatus !== 'Generating');
    assert.deepEqual(failed.failureReasons, [
      `No conversation of bot ${botId} on alias TSTALIASID in locale en_US between ${startTime.toISOString()} and ${endTime.toISOString()} has a Speech utterance with a transcript (linkedrole hears speech as silence).`,
    ]);
    assert.equal(failed.testSetId, undefined);
    await rejectsWith(generate('GeneratedTests', 'Text'), 'ConflictException', 409);
    await rejectsWith(generate('OtherTests', 'Text', 'NOSUCHALIA'), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new DescribeTestSetGenerationCommand({ testSetGenerationId: 'NOSUCHGENE' })), 'ResourceNotFoundException', 404);
  });

  it('exports a test set as CSV that imports back, renames, sorts, pages and deletes test sets', async () => {
    const testSetId = await readyTestSet(PIZZA_CSV, 'ExportedTests');
    const { exportId } = await env.models.send(new CreateExportCommand({ resourceSpecification: { testSetExportSpecification: { testSetId } }, fileFormat: 'CSV' }));
    const exported = await waitFor(() => env.models.send(new DescribeExportCommand({ exportId })), (e) => e.exportStatus === 'Completed');
    const zip = new Uint8Array(await (await fetch(exported.downloadUrl!)).arrayBuffer());
    const files = unzipSync(zip);
    assert.deepEqual(Object.keys(files), ['ExportedTests.csv']);
    const csv = strFromU8(files['ExportedTests.csv']);
    assert.equal(csv.split('\r\n')[0], 'Line #,Conversation #,Source,Input,Expected Output Intent,Expected Output Slot 1,Session Attribute 1');
    assert.equal(csv.split('\r\n')[9], '9,1,User,"large, please",OrderPizza,Size = large,');
    const again = await readyTestSet(csv, 'ReimportedTests');
    const [a, b] = await Promise.all([testSetId, again].map((id) => env.models.send(new ListTestSetRecordsCommand({ testSetId: id, maxResults: 100 }))));
    assert.deepEqual(b.testSetRecords, a.testSetRecords);
    await rejectsWith(env.models.send(new CreateExportCommand({ resourceSpecification: { testSetExportSpecification: { testSetId } }, fileFormat: 'LexJson' })), 'ValidationException', 400);

    const renamed = await env.models.send(new UpdateTestSetCommand({ testSetId, testSetName: 'AExportedTests', description: 'renamed' }));
    assert.deepEqual([renamed.testSetName, renamed.description, renamed.status, renamed.numTurns], ['AExportedTests', 'renamed', 'Ready', 12]);
    await rejectsWith(env.models.send(new UpdateTestSetCommand({ testSetId, testSetName: 'ReimportedTests' })), 'ConflictException', 409);
    await rejectsWith(env.models.send(new UpdateTestSetCommand({ testSetId: 'NOSUCHTEST', testSetName: 'X' })), 'PreconditionFailedException', 412);
    const names = async (order: 'Ascending' | 'Descending') => {
      const out: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await env.models.send(new ListTestSetsCommand({ sortBy: { attribute: 'TestSetName', order }, maxResults: 2, nextToken }));
        out.push(...page.testSets!.map((t) => t.testSetName!));
        nextToken = page.nextToken;
      } while (nextToken);
      return out;
    };
    const ascending = await names('Ascending');
    assert.deepEqual(ascending, [...ascending].sort((x, y) => x.localeCompare(y)));
    assert.equal(ascending[0], 'AExportedTests');
    assert.deepEqual(await names('Descending'), [...ascending].reverse());

    await env.models.send(new DeleteTestSetCommand({ testSetId }));
    await rejectsWith(env.models.send(new DescribeTestSetCommand({ testSetId })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new ListTestSetRecordsCommand({ testSetId })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new DeleteTestSetCommand({ testSetId })), 'PreconditionFailedException', 412);
  });

  it('imports and executes a test set from the AWS CLI', async () => {
    const botId = await pizzaBot(env.models, 'CliPizzaBot');
    const dir = mkdtempSync(join(tmpdir(), 'lex-testsets-'));
    try {
      const upload = await awsCliJson(env.server.url, ['lexv2-models', 'create-upload-url']);
      assert.equal((await fetch(upload.uploadUrl, { method: 'PUT', body: PIZZA_CSV })).status, 200);
      const spec = join(dir, 'spec.json');
      writeFileSync(
        spec,
        JSON.stringify({
          testSetImportResourceSpecification: {
            testSetName: 'CliTests',
            roleArn: await testRole(),
            storageLocation: { s3BucketName: 'test-workbench-bucket', s3Path: 'test-sets' },
            importInputLocation: { s3BucketName: 'test-workbench-bucket', s3Path: 'cli.csv' },
            modality: 'Text',
          },
        }),
      );
      await awsCliJson(env.server.url, ['lexv2-models', 'start-import', '--import-id', upload.importId, '--resource-specification', `file://${spec}`, '--merge-strategy', 'FailOnConflict']);
      const imported = await waitFor(() => awsCliJson(env.server.url, ['lexv2-models', 'describe-import', '--import-id', upload.importId]), (i) => i.importStatus !== 'InProgress');
      assert.equal(imported.importStatus, 'Completed');
      const testSetId = imported.importedResourceId;
      await waitFor(() => awsCliJson(env.server.url, ['lexv2-models', 'describe-test-set', '--test-set-id', testSetId]), (t) => t.status === 'Ready');
      const started = await awsCliJson(env.server.url, [
        'lexv2-models', 'start-test-execution', '--test-set-id', testSetId, '--api-mode', 'NonStreaming', '--test-execution-modality', 'Text',
        '--target', JSON.stringify({ botAliasTarget: { botId, botAliasId: 'TSTALIASID', localeId: 'en_US' } }),
      ]);
      await waitFor(() => awsCliJson(env.server.url, ['lexv2-models', 'describe-test-execution', '--test-execution-id', started.testExecutionId]), (e) => e.testExecutionStatus === 'Completed');
      const overall = await awsCliJson(env.server.url, ['lexv2-models', 'list-test-execution-result-items', '--test-execution-id', started.testExecutionId, '--result-filter-by', 'resultTypeFilter=OverallTestResults']);
      assert.deepEqual(overall.testExecutionResults.overallTestResults.items, EXPECTED[0][2]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Lex V2 test set and test execution statuses', () => {
  // Transitions of a minute, moved by the server's clock: each status is seen for certain.
  const env = useLexEnv({ lex: { transitionMs: 60_000 } });

  it('moves a test set Importing -> Ready and an execution Pending -> InProgress -> Failed, refusing what a status does not allow', async () => {
    const { importId, uploadUrl } = await env.models.send(new CreateUploadUrlCommand({}));
    assert.equal((await fetch(uploadUrl!, { method: 'PUT', body: PIZZA_CSV })).status, 200);
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/TestWorkbenchRole`;
    await env.models.send(
      new StartImportCommand({
        importId,
        mergeStrategy: 'FailOnConflict',
        resourceSpecification: {
          testSetImportResourceSpecification: {
            testSetName: 'SlowTests',
            roleArn,
            storageLocation: { s3BucketName: 'test-workbench-bucket', s3Path: 'test-sets' },
            importInputLocation: { s3BucketName: 'test-workbench-bucket', s3Path: 'slow.csv' },
            modality: 'Text',
          },
        },
      }),
    );
    const [{ testSetId }] = (await env.models.send(new ListTestSetsCommand({}))).testSets!;
    const describe = () => env.models.send(new DescribeTestSetCommand({ testSetId }));
    assert.equal((await describe()).status, 'Importing');
    const target = { botAliasTarget: { botId: 'NOSUCHBOT0', botAliasId: 'TSTALIASID', localeId: 'en_US' } };
    await rejectsWith(env.models.send(new StartTestExecutionCommand({ testSetId, apiMode: 'NonStreaming', target })), 'ValidationException', 400, `The test set ${testSetId} is Importing; only a Ready test set can be executed.`);
    await rejectsWith(env.models.send(new UpdateTestSetCommand({ testSetId, testSetName: 'Renamed' })), 'ConflictException', 409);
    await rejectsWith(env.models.send(new DeleteTestSetCommand({ testSetId })), 'ConflictException', 409);
    env.advance(60_000);
    assert.equal((await describe()).status, 'Ready');
    assert.equal((await env.models.send(new DescribeImportCommand({ importId }))).importStatus, 'Completed');
    const { testExecutionId } = await env.models.send(new StartTestExecutionCommand({ testSetId, apiMode: 'NonStreaming', target }));
    const status = async () => {
      const d = await env.models.send(new DescribeTestExecutionCommand({ testExecutionId }));
      return [d.testExecutionStatus, d.failureReasons];
    };
    assert.deepEqual(await status(), ['Pending', []]);
    env.advance(60_000);
    assert.deepEqual(await status(), ['InProgress', []]);
    await rejectsWith(env.models.send(new GetTestExecutionArtifactsUrlCommand({ testExecutionId })), 'ValidationException', 400, `The test execution ${testExecutionId} is InProgress; its results are available once it is Completed.`);
    env.advance(60_000);
    assert.deepEqual(await status(), ['Failed', ['Bot NOSUCHBOT0 does not exist.']]);
  });
});
