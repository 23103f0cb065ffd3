// Access Analyzer policy generation through the SDK and the AWS CLI: a role's sessions and a user make calls;
// StartPolicyGeneration reads the audit trail over the period and regions asked, through an access role that
// access-analyzer.amazonaws.com assumes; GetGeneratedPolicy's policy allows exactly the calls that were allowed
// (checked by IAM's policy simulator), iam:PassRole of CreateBot included, nothing refused or outside the
// period; resource placeholders; ListPolicyGenerations and CancelPolicyGeneration; failed jobs and bad input.
import {
  AccessAnalyzerClient,
  CancelPolicyGenerationCommand,
  GetGeneratedPolicyCommand,
  ListPolicyGenerationsCommand,
  StartPolicyGenerationCommand,
  type CloudTrailDetails,
} from '@aws-sdk/client-accessanalyzer';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBotCommand, LexModelsV2Client, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const trustOf = (principal: object) => doc([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]);
const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management`;
const ACCESS_ROLE = `arn:aws:iam::${ACCOUNT}:role/AccessAnalyzerMonitorServiceRole`;
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const BOT_ROLE = `arn:aws:iam::${ACCOUNT}:role/bot-runtime`;

describe('Access Analyzer policy generation', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient, analyzer: AccessAnalyzerClient } });
  let startTime: Date;
  let endTime: Date;

  const trail = (extra: Partial<CloudTrailDetails> = {}): CloudTrailDetails => ({ accessRole: ACCESS_ROLE, startTime, endTime, trails: [{ cloudTrailArn: TRAIL, allRegions: true }], ...extra });
  const generate = async (principalArn: string, details: CloudTrailDetails | undefined = trail(), client = env.analyzer) =>
    (await client.send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn }, cloudTrailDetails: details }))).jobId!;
  const policyOf = async (jobId: string, includeResourcePlaceholders?: boolean) => {
    const got = await env.analyzer.send(new GetGeneratedPolicyCommand({ jobId, includeResourcePlaceholders }));
    return { got, documents: (got.generatedPolicyResult?.generatedPolicies ?? []).map((p) => JSON.parse(p.policy!)) };
  };
  const decide = async (policy: object, action: string, resource: string) =>
    (await env.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [JSON.stringify(policy)], ActionNames: [action], ResourceArns: [resource] }))).EvaluationResults![0].EvalDecision;

  before(async () => {
    // The access role Access Analyzer reads the trail through, as AWS's policy generation guide sets it up.
    await env.iam.send(new CreateRoleCommand({ RoleName: 'AccessAnalyzerMonitorServiceRole', AssumeRolePolicyDocument: trustOf({ Service: 'access-analyzer.amazonaws.com' }) }));
    await env.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'AccessAnalyzerMonitorServiceRole',
        PolicyName: 'read-trail',
        PolicyDocument: doc([{ Effect: 'Allow', Action: ['cloudtrail:GetTrail', 'iam:GenerateServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetails'], Resource: '*' }]),
      }),
    );
    await env.iam.send(new CreateRoleCommand({ RoleName: 'bot-runtime', AssumeRolePolicyDocument: trustOf({ Service: 'lexv2.amazonaws.com' }) }));
    // The principal: a role allowed far more than it uses, but not to delete roles.
    await env.iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trustOf({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }));
    await env.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'app',
        PolicyName: 'broad',
        PolicyDocument: doc([
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:DeleteRole', Resource: '*' },
        ]),
      }),
    );

    startTime = new Date(Date.now() - 2000);
    const { Credentials } = await env.sts.send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'worker' }));
    const creds = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    const iam = env.client(IAMClient, creds);
    await iam.send(new ListRolesCommand({}));
    await iam.send(new GetRoleCommand({ RoleName: 'bot-runtime' }));
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'bot-runtime' })), 'AccessDenied', /explicit deny/, 403);
    const lex = env.client(LexModelsV2Client, { ...creds, region: 'us-east-1' });
    await lex.send(new ListBotsCommand({}));
    // CreateBot needs iam:PassRole of the bot's role too: the role's permissions had to allow it.
    await lex.send(new CreateBotCommand({ botName: 'Helper', roleArn: BOT_ROLE, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 }));
    await env.client(LexModelsV2Client, { ...creds, region: 'eu-west-2' }).send(new ListBotsCommand({}));
    await new Promise((resolve) => setTimeout(resolve, 20));
    endTime = new Date();
  });

  it('the policy allows exactly what the role was allowed to do in the period, iam:PassRole included', async () => {
    const jobId = await generate(APP_ROLE);
    const { got, documents } = await policyOf(jobId);
    assert.equal(got.jobDetails!.status, 'SUCCEEDED');
    assert.equal(got.jobDetails!.jobId, jobId);
    assert.ok(got.jobDetails!.completedOn!.getTime() >= got.jobDetails!.startedOn!.getTime());
    assert.deepEqual(got.generatedPolicyResult!.properties, {
      isComplete: true,
      principalArn: APP_ROLE,
      cloudTrailProperties: { startTime, endTime, trailProperties: [{ cloudTrailArn: TRAIL, allRegions: true }] },
    });
    assert.equal(documents.length, 1);
    const [policy] = documents;
    assert.equal(policy.Version, '2012-10-17');
    const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action).sort();
    assert.deepEqual(actions, ['iam:GetRole', 'iam:ListRoles', 'iam:PassRole', 'lex:CreateBot', 'lex:ListBots']);
    for (const s of policy.Statement) assert.equal(s.Effect, 'Allow');

    const allowed: [string, string][] = [
      ['iam:GetRole', BOT_ROLE],
      ['iam:PassRole', BOT_ROLE],
    ];
    for (const [action, resource] of allowed) assert.equal(await decide(policy, action, resource), 'allowed', `${action} on ${resource}`);
    const refused: [string, string][] = [
      // Refused when it was tried: not in the policy.
      ['iam:DeleteRole', BOT_ROLE],
      // The same action on a resource it never used.
      ['iam:GetRole', APP_ROLE],
      ['iam:PassRole', ACCESS_ROLE],
      // Never tried.
      ['lex:DeleteBot', `arn:aws:lex:us-east-1:${ACCOUNT}:bot/ABCDEFGHIJ`],
      ['sts:AssumeRole', APP_ROLE],
    ];
    for (const [action, resource] of refused) assert.equal(await decide(policy, action, resource), 'implicitDeny', `${action} on ${resource}`);
    // Each statement's resources are ones the role was allowed on: iam:GetRole and iam:PassRole on the bot's role only.
    const statementOf = (action: string) => policy.Statement.find((s: { Action: string[] }) => s.Action.includes(action));
    assert.equal(statementOf('iam:PassRole').Resource, BOT_ROLE);
  });

  it("resource placeholders: each action's resource types' ARN formats", async () => {
    const { documents } = await policyOf(await generate(APP_ROLE), true);
    const statementOf = (action: string) => documents[0].Statement.find((s: { Action: string[] }) => s.Action.includes(action));
    assert.equal(statementOf('iam:GetRole').Resource, `arn:aws:iam::${ACCOUNT}:role/\${RoleNameWithPath}`);
    assert.deepEqual(statementOf('iam:PassRole').Action, ['iam:GetRole', 'iam:PassRole']);
    // An action of no resource type is on every resource.
    assert.equal(statementOf('iam:ListRoles').Resource, '*');
  });

  it('only the period and the regions asked for', async () => {
    const later = await policyOf(await generate(APP_ROLE, trail({ startTime: endTime, endTime: undefined })));
    assert.equal(later.got.jobDetails!.status, 'SUCCEEDED');
    assert.deepEqual(later.documents, []);
    // IAM is global, served in us-east-1; a trail of eu-west-2's events sees only the Lex call made there.
    const euOnly = await policyOf(await generate(APP_ROLE, trail({ trails: [{ cloudTrailArn: TRAIL, regions: ['eu-west-2'] }] })));
    assert.deepEqual(euOnly.documents.flatMap((d) => d.Statement.flatMap((s: { Action: string[] }) => s.Action)), ['lex:ListBots']);
    // A trail with neither regions nor allRegions: its own region's.
    const own = await policyOf(await generate(APP_ROLE, trail({ trails: [{ cloudTrailArn: `arn:aws:cloudtrail:eu-west-2:${ACCOUNT}:trail/eu` }] })));
    assert.deepEqual(own.documents.flatMap((d) => d.Statement.flatMap((s: { Action: string[] }) => s.Action)), ['lex:ListBots']);
  });

  it('a user principal; ListPolicyGenerations by principal and paged; CancelPolicyGeneration leaves a finished job; clientToken', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'rita' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'rita', PolicyName: 'p', PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }]) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'rita' }));
    const from = new Date(Date.now() - 1000);
    await env.client(IAMClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }).send(new ListUsersCommand({}));
    const userArn = `arn:aws:iam::${ACCOUNT}:user/rita`;
    const jobId = await generate(userArn, trail({ startTime: from, endTime: undefined }));
    const { documents } = await policyOf(jobId);
    assert.deepEqual(documents[0].Statement.map((s: { Action: string[] }) => s.Action), [['iam:ListUsers']]);

    const listed = await env.analyzer.send(new ListPolicyGenerationsCommand({ principalArn: userArn }));
    assert.deepEqual(listed.policyGenerations!.map((g) => [g.jobId, g.principalArn, g.status]), [[jobId, userArn, 'SUCCEEDED']]);
    const first = await env.analyzer.send(new ListPolicyGenerationsCommand({ maxResults: 1 }));
    assert.equal(first.policyGenerations![0].jobId, jobId);
    assert.ok(first.nextToken);
    const second = await env.analyzer.send(new ListPolicyGenerationsCommand({ maxResults: 1, nextToken: first.nextToken }));
    assert.notEqual(second.policyGenerations![0].jobId, jobId);

    await env.analyzer.send(new CancelPolicyGenerationCommand({ jobId }));
    assert.equal((await policyOf(jobId)).got.jobDetails!.status, 'SUCCEEDED');

    const token = 'generation-token-1';
    const once = (await env.analyzer.send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn: userArn }, cloudTrailDetails: trail(), clientToken: token }))).jobId;
    const again = (await env.analyzer.send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn: userArn }, cloudTrailDetails: trail(), clientToken: token }))).jobId;
    assert.equal(again, once);
    await rejectsWith(
      env.analyzer.send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn: APP_ROLE }, cloudTrailDetails: trail(), clientToken: token })),
      'ConflictException',
      `The client token ${token} was used to start a policy generation for another principal.`,
      409,
    );
  });

  it('jobs fail when the access role cannot be assumed or read the trail, or the principal does not exist', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'untrusting', AssumeRolePolicyDocument: trustOf({ Service: 'lambda.amazonaws.com' }) }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'no-trail', AssumeRolePolicyDocument: trustOf({ Service: 'access-analyzer.amazonaws.com' }) }));
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'no-trail', PolicyName: 'p', PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }]) }));
    const cases: [string, string, CloudTrailDetails, string, RegExp][] = [
      ['an untrusting role', APP_ROLE, trail({ accessRole: `arn:aws:iam::${ACCOUNT}:role/untrusting` }), 'AUTHORIZATION_ERROR', /could not assume the access role/],
      ['no cloudtrail:GetTrail', APP_ROLE, trail({ accessRole: `arn:aws:iam::${ACCOUNT}:role/no-trail` }), 'AUTHORIZATION_ERROR', /not allowed cloudtrail:GetTrail on arn:aws:cloudtrail/],
      ['no such access role', APP_ROLE, trail({ accessRole: `arn:aws:iam::${ACCOUNT}:role/missing` }), 'RESOURCE_NOT_FOUND_ERROR', /access role .* does not exist/],
      ['no such principal', `arn:aws:iam::${ACCOUNT}:role/ghost`, trail(), 'RESOURCE_NOT_FOUND_ERROR', /principal .* does not exist/],
    ];
    for (const [what, principal, details, code, message] of cases) {
      const { got, documents } = await policyOf(await generate(principal, details));
      assert.equal(got.jobDetails!.status, 'FAILED', what);
      assert.equal(got.jobDetails!.jobError!.code, code, what);
      assert.match(got.jobDetails!.jobError!.message!, message, what);
      assert.deepEqual(documents, [], what);
    }
  });

  it('bad input and missing permissions are refused', async () => {
    const invalid: [string, () => Promise<unknown>, RegExp][] = [
      ['no cloudTrailDetails', () => env.analyzer.send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn: APP_ROLE } })), /cloudTrailDetails is required/],
      ['endTime before startTime', () => generate(APP_ROLE, trail({ startTime: endTime, endTime: startTime })), /endTime must be after startTime/],
      ['startTime in the future', () => generate(APP_ROLE, trail({ startTime: new Date(Date.now() + 3_600_000), endTime: undefined })), /startTime must not be in the future/],
      ['no trails', () => generate(APP_ROLE, trail({ trails: [] })), /At least one trail/],
      ['regions and allRegions', () => generate(APP_ROLE, trail({ trails: [{ cloudTrailArn: TRAIL, allRegions: true, regions: ['us-east-1'] }] })), /regions or allRegions/],
      ['no such job', () => env.analyzer.send(new GetGeneratedPolicyCommand({ jobId: '00000000-0000-4000-8000-000000000000' })), /No policy generation job/],
      ['no such job to cancel', () => env.analyzer.send(new CancelPolicyGenerationCommand({ jobId: '00000000-0000-4000-8000-000000000000' })), /No policy generation job/],
      ['a token not ours', () => env.analyzer.send(new ListPolicyGenerationsCommand({ nextToken: 'garbage' })), /./],
    ];
    for (const [what, call, message] of invalid) await rejectsWith(call(), 'ValidationException', message, 400).catch((e) => assert.fail(`${what}: ${e.message}`));

    await env.iam.send(new CreateUserCommand({ UserName: 'analyst' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'analyst', PolicyName: 'p', PolicyDocument: doc([{ Effect: 'Allow', Action: 'access-analyzer:*', Resource: '*' }]) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'analyst' }));
    const analyst = env.client(AccessAnalyzerClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    // Passing the access role to the service needs iam:PassRole on it.
    await rejectsWith(
      generate(APP_ROLE, trail(), analyst),
      'AccessDeniedException',
      `User: arn:aws:iam::${ACCOUNT}:user/analyst is not authorized to perform: iam:PassRole on resource: ${ACCESS_ROLE} because no identity-based policy allows the iam:PassRole action`,
      403,
    );
    assert.ok((await analyst.send(new ListPolicyGenerationsCommand({}))).policyGenerations);
  });

  it("a role used by a service on its behalf: the calls the service made through the role's sessions", async () => {
    // Every generation above assumed the access role as access-analyzer.amazonaws.com and was allowed its calls.
    const { documents } = await policyOf(await generate(ACCESS_ROLE, trail({ endTime: undefined })));
    const statements = documents[0].Statement as { Action: string[]; Resource: string | string[] }[];
    assert.deepEqual(statements.flatMap((s) => s.Action).sort(), ['cloudtrail:GetTrail', 'iam:GenerateServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetails']);
    const resourcesOf = (action: string) => [statements.find((s) => s.Action.includes(action))!.Resource].flat();
    assert.ok(resourcesOf('cloudtrail:GetTrail').includes(TRAIL));
    assert.ok(resourcesOf('iam:GenerateServiceLastAccessedDetails').includes(APP_ROLE));
    assert.deepEqual(resourcesOf('iam:GetServiceLastAccessedDetails'), ['*']);
  });

  it('the AWS CLI starts a generation and prints the policy', async () => {
    const started = await awsCliJson(env.server.url, [
      'accessanalyzer',
      'start-policy-generation',
      '--policy-generation-details',
      JSON.stringify({ principalArn: APP_ROLE }),
      '--cloud-trail-details',
      JSON.stringify({ accessRole: ACCESS_ROLE, startTime: startTime.toISOString(), endTime: endTime.toISOString(), trails: [{ cloudTrailArn: TRAIL, allRegions: true }] }),
    ]);
    const got = await awsCliJson(env.server.url, ['accessanalyzer', 'get-generated-policy', '--job-id', started.jobId]);
    assert.equal(got.jobDetails.status, 'SUCCEEDED');
    const policy = JSON.parse(got.generatedPolicyResult.generatedPolicies[0].policy);
    assert.ok(policy.Statement.some((s: { Action: string[] }) => s.Action.includes('lex:CreateBot')));
  });
});
