// Regions, as AWS offers them: each service answers only in its regions (botocore's endpoint data;
// AppIntegrations: the seed's table), a credential scope naming no region is refused as AWS refuses it,
// and aws:RequestedRegion is the region the request is served in: IAM's one region (us-east-1) whatever
// region of the partition the client signed for, STS's and every regional service's own.
import { AppIntegrationsClient, ListDataIntegrationsCommand } from '@aws-sdk/client-appintegrations';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListRolesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { LexModelsV2Client, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { GetSessionCommand, LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedJsonRequest } from '../../src/cli/client.js';
import { awsCli } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const LEX_REGIONS = 'af-south-1, ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2, us-east-1, us-west-2, us-gov-west-1';
const APPINTEGRATIONS_REGIONS =
  'us-east-1, us-west-2, ap-south-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, ap-northeast-1, ca-central-1, eu-central-1, eu-west-2, af-south-1';
const badScope = (region: string) => `Credential should be scoped to a valid region, not '${region}'. `;

type Service = 'iam' | 'sts' | 'appintegrations' | 'lex-models' | 'lex-runtime' | 'appflow' | 'cloudtrail';
/** What a call signed for a region gets: an answer, or AWS's error (code as the SDK names it, message, status). */
type Expected = 'accepted' | { code: string; message: string; status: number };

const unsupported = (serviceId: string, region: string, offered: string): Expected => ({
  code: 'UnsupportedRegionException',
  message: `${serviceId} is not offered in the region '${region}'. It is offered in: ${offered}.`,
  status: 400,
});
const queryBadScope = (region: string): Expected => ({ code: 'SignatureDoesNotMatch', message: badScope(region), status: 403 });
const jsonBadScope = (region: string): Expected => ({ code: 'InvalidSignatureException', message: badScope(region), status: 403 });

/** The table: service × region → accepted, or refused with code, message and status. */
const CASES: [Service, string, Expected][] = [
  // IAM is global: every region of the partition is accepted in the scope (a client at a custom endpoint
  // signs with its configured region); a region that does not exist is refused.
  ['iam', 'us-east-1', 'accepted'],
  ['iam', 'eu-west-1', 'accepted'],
  ['iam', 'ap-southeast-7', 'accepted'],
  ['iam', 'mx-central-1', 'accepted'],
  ['iam', 'xx', queryBadScope('xx')],
  ['iam', 'us-east-7', queryBadScope('us-east-7')],
  ['iam', 'aws-global', queryBadScope('aws-global')],
  // The other partitions' regions are regions too (their ARNs: test/server/partitions.test.ts).
  ['iam', 'cn-north-1', 'accepted'],
  ['iam', 'us-gov-east-1', 'accepted'],
  // STS has a regional endpoint in every region of the partition.
  ['sts', 'us-east-1', 'accepted'],
  ['sts', 'eu-west-1', 'accepted'],
  ['sts', 'il-central-1', 'accepted'],
  ['sts', 'eu-west-9', queryBadScope('eu-west-9')],
  // AppIntegrations: the seed's 11 regions (ap-south-1 included, which botocore's data lacks).
  ['appintegrations', 'us-east-1', 'accepted'],
  ['appintegrations', 'ap-south-1', 'accepted'],
  ['appintegrations', 'af-south-1', 'accepted'],
  ['appintegrations', 'eu-west-1', unsupported('AppIntegrations', 'eu-west-1', APPINTEGRATIONS_REGIONS)],
  ['appintegrations', 'us-east-2', unsupported('AppIntegrations', 'us-east-2', APPINTEGRATIONS_REGIONS)],
  ['appintegrations', 'xx', jsonBadScope('xx')],
  // Lex V2 (models-v2-lex and runtime-v2-lex): botocore's 11 regions.
  ['lex-models', 'us-east-1', 'accepted'],
  ['lex-models', 'eu-west-1', 'accepted'],
  ['lex-models', 'us-east-2', unsupported('Lex Models V2', 'us-east-2', LEX_REGIONS)],
  ['lex-models', 'ap-south-1', unsupported('Lex Models V2', 'ap-south-1', LEX_REGIONS)],
  ['lex-models', 'moon-east-1', jsonBadScope('moon-east-1')],
  ['lex-runtime', 'eu-west-2', 'accepted'],
  ['lex-runtime', 'sa-east-1', unsupported('Lex Models V2', 'sa-east-1', LEX_REGIONS)],
  ['lex-runtime', 'xx', jsonBadScope('xx')],
  // AppFlow (the flows AppIntegrations runs) and CloudTrail.
  ['appflow', 'eu-west-3', 'accepted'],
  ['appflow', 'us-east-1', 'accepted'],
  ['appflow', 'mx-central-1', unsupported('Appflow', 'mx-central-1', 'af-south-1, ap-northeast-1, ap-northeast-2, ap-south-1, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2, eu-west-3, sa-east-1, us-east-1, us-east-2, us-west-1, us-west-2')],
  ['appflow', 'xx', jsonBadScope('xx')],
  ['cloudtrail', 'mx-central-1', 'accepted'],
  ['cloudtrail', 'ap-east-2', 'accepted'],
  ['cloudtrail', 'us-gov-west-1', 'accepted'],
  ['cloudtrail', 'cn-northwest-1', 'accepted'],
  ['cloudtrail', 'cn-south-9', jsonBadScope('cn-south-9')],
];

describe('regions', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  /** One call of `service` signed for `region`; resolves when the service answered it. */
  async function call(service: Service, region: string): Promise<void> {
    switch (service) {
      case 'iam':
        await env.client(IAMClient, { region }).send(new ListRolesCommand({}));
        return;
      case 'sts':
        await env.client(STSClient, { region }).send(new GetCallerIdentityCommand({}));
        return;
      case 'appintegrations':
        await env.client(AppIntegrationsClient, { region }).send(new ListDataIntegrationsCommand({}));
        return;
      case 'lex-models':
        await env.client(LexModelsV2Client, { region }).send(new ListBotsCommand({}));
        return;
      case 'lex-runtime': {
        // No such bot: a region where Lex answers says so; the call got past the region.
        const session = env.client(LexRuntimeV2Client, { region }).send(new GetSessionCommand({ botId: 'NOSUCHBOT1', botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 's1' }));
        await session.catch((error: Error) => {
          if (error.name !== 'ResourceNotFoundException') throw error;
        });
        return;
      }
      case 'appflow': {
        const answer = await signedJsonRequest({ endpoint: env.server.url, region, accessKeyId: 'test', secretAccessKey: 'test' }, 'appflow', 'POST', '/list-flows', {});
        if (answer.status !== 200) {
          const body = answer.body as { message?: string; Message?: string };
          throw Object.assign(new Error(body.message ?? body.Message), { name: answer.errorType, $metadata: { httpStatusCode: answer.status } });
        }
        return;
      }
      case 'cloudtrail':
        await env.client(CloudTrailClient, { region }).send(new LookupEventsCommand({ MaxResults: 1 }));
        return;
    }
  }

  for (const [service, region, expected] of CASES) {
    const title = expected === 'accepted' ? 'answers' : `refuses with ${expected.code}`;
    it(`${service} signed for ${region}: ${title}`, async () => {
      if (expected === 'accepted') await call(service, region);
      else await rejectsWith(call(service, region), expected.code, expected.message, expected.status);
    });
  }

  it('the AWS CLI: IAM in any real region, refused for a region that does not exist; Lex only in its regions', async () => {
    const iamIreland = await awsCli(env.server.url, ['iam', 'list-roles', '--region', 'eu-west-1']);
    assert.equal(iamIreland.code, 0, iamIreland.stderr);
    assert.ok(Array.isArray(JSON.parse(iamIreland.stdout).Roles));
    const iamNowhere = await awsCli(env.server.url, ['iam', 'list-roles', '--region', 'xx-fake-1']);
    assert.equal(
      iamNowhere.stderr.trim(),
      "An error occurred (SignatureDoesNotMatch) when calling the ListRoles operation: Credential should be scoped to a valid region, not 'xx-fake-1'.",
    );
    const stsNowhere = await awsCli(env.server.url, ['sts', 'get-caller-identity', '--region', 'xx-fake-1']);
    assert.match(stsNowhere.stderr, /\(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation: Credential should be scoped to a valid region, not 'xx-fake-1'\./);
    const lexOhio = await awsCli(env.server.url, ['lexv2-models', 'list-bots', '--region', 'us-east-2']);
    assert.equal(
      lexOhio.stderr.trim(),
      `An error occurred (UnsupportedRegionException) when calling the ListBots operation: Lex Models V2 is not offered in the region 'us-east-2'. It is offered in: ${LEX_REGIONS}.`,
    );
    const lexIreland = await awsCli(env.server.url, ['lexv2-models', 'list-bots', '--region', 'eu-west-1']);
    assert.equal(lexIreland.code, 0, lexIreland.stderr);
  });

  /** A user with an access key and the inline policy given; returns its credentials. */
  async function user(name: string, statements: Record<string, unknown>[]) {
    await env.iam.send(new CreateUserCommand({ UserName: name }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'regions', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  }
  const onlyIn = (action: string, region: string) => ({ Effect: 'Allow', Action: action, Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': region } } });

  it('IAM is requested in us-east-1: iam:* allowed only in eu-west-1 allows nothing, signed for eu-west-1 or not', async () => {
    const keys = await user('ireland-admin', [onlyIn('iam:*', 'eu-west-1')]);
    for (const region of ['eu-west-1', 'us-east-1', 'us-west-2']) {
      const iam = env.client(IAMClient, { ...keys, region });
      await rejectsWith(iam.send(new ListRolesCommand({})), 'AccessDenied', /not authorized to perform: iam:ListRoles/, 403);
      // The escalation the condition must not allow: making itself administrator.
      await rejectsWith(
        iam.send(new AttachUserPolicyCommand({ UserName: 'ireland-admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })),
        'AccessDenied',
        /not authorized to perform: iam:AttachUserPolicy/,
        403,
      );
    }
  });

  it('IAM is requested in us-east-1: iam:* allowed in us-east-1 is allowed whatever real region the client signs for', async () => {
    const keys = await user('virginia-admin', [onlyIn('iam:*', 'us-east-1')]);
    for (const region of ['us-east-1', 'eu-west-1', 'ap-south-1', 'mx-central-1']) {
      const iam = env.client(IAMClient, { ...keys, region });
      assert.ok((await iam.send(new ListRolesCommand({}))).Roles, region);
      await iam.send(new CreatePolicyCommand({ PolicyName: `made-in-${region}`, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [onlyIn('s3:GetObject', region)] }) }));
    }
    await rejectsWith(env.client(IAMClient, { ...keys, region: 'xx' }).send(new ListRolesCommand({})), 'SignatureDoesNotMatch', badScope('xx'), 403);
  });

  it('IAM calls are recorded in us-east-1 whatever region they were signed for', async () => {
    await env.client(IAMClient, { region: 'ap-northeast-1' }).send(new CreateRoleCommand({ RoleName: 'signed-in-tokyo', AssumeRolePolicyDocument: trust() }));
    const events = await env.client(CloudTrailClient, { region: 'us-east-1' }).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateRole' }] }),
    );
    const event = events.Events?.map((e) => JSON.parse(e.CloudTrailEvent!)).find((e) => e.resources?.[0]?.ARN === `arn:aws:iam::${ACCOUNT}:role/signed-in-tokyo`);
    assert.ok(event, 'the CreateRole event');
    assert.equal(event.awsRegion, 'us-east-1');
  });

  it("STS is requested in its regional endpoint's region: the region the client signed for", async () => {
    const keys = await user('ireland-assumer', [onlyIn('sts:AssumeRole', 'eu-west-1')]);
    await env.iam.send(new CreateRoleCommand({ RoleName: 'assumable', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }));
    const RoleArn = `arn:aws:iam::${ACCOUNT}:role/assumable`;
    const assumed = await env.client(STSClient, { ...keys, region: 'eu-west-1' }).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'ireland' }));
    assert.ok(assumed.Credentials?.AccessKeyId);
    await rejectsWith(
      env.client(STSClient, { ...keys, region: 'us-east-1' }).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'virginia' })),
      'AccessDenied',
      /not authorized to perform: sts:AssumeRole/,
      403,
    );
  });

  it("a regional service is requested in its own region: Lex allowed only in eu-west-1", async () => {
    const keys = await user('ireland-bots', [onlyIn('lex:ListBots', 'eu-west-1')]);
    assert.ok((await env.client(LexModelsV2Client, { ...keys, region: 'eu-west-1' }).send(new ListBotsCommand({}))).botSummaries);
    await rejectsWith(env.client(LexModelsV2Client, { ...keys, region: 'eu-west-2' }).send(new ListBotsCommand({})), 'AccessDeniedException', /lex:ListBots/, 403);
  });
});

function trust(principal: Record<string, string> = { Service: 'lambda.amazonaws.com' }): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
}
