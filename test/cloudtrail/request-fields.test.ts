// CloudTrail events as CloudTrail writes them: every call's requestParameters (its input, members in
// lower camel case: `aWSServiceName`, `roleName`), its responseElements (the output; null for reads and
// failed calls), secrets left out (a SecretAccessKey, the secret of AssumeRole's credentials), and the
// event fields CloudTrail consumers read (eventType, readOnly, managementEvent, eventCategory,
// recipientAccountId, requestID, eventID, errorCode/errorMessage). Read back through LookupEvents with
// the SDK and `aws cloudtrail lookup-events`.
import { AppIntegrationsClient, CreateDataIntegrationCommand } from '@aws-sdk/client-appintegrations';
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBotCommand, LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { callFields } from '../../src/audit/cloudtrail-record.js';
import { loadModel } from '../../src/aws/model.js';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';

const ACCOUNT = '123456789012';
const KMS = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab`;
const trustingAccount = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});
/** IAM's dates (`Aug 1, 2024 1:33:28 PM`) and the other services' (`Nov 30, 2024, 8:43:17 PM`). */
const IAM_DATE = /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/;
const DATE = /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$/;

type Record_ = Record<string, any>;

interface Case {
  name: string;
  /** Makes the call; returns the secrets its answer held, none of which may be in the event. */
  call: () => Promise<string[]>;
  eventName: string;
  /** Which of the call's events (one per permission decided) to read: by the action decided. */
  action: string;
  requestParameters: Record_ | null;
  /** responseElements' members, each with a check of its value (or true: present). */
  responseElements: Record<string, ((value: any) => void) | true> | null;
  errorCode?: string;
  errorMessage?: RegExp;
  readOnly?: boolean;
}

describe('CloudTrail event fields: requestParameters, responseElements, secrets left out', () => {
  const env = useTestServer({
    clients: { iam: IAMClient, sts: STSClient, trail: CloudTrailClient, lex: LexModelsV2Client, integrations: AppIntegrationsClient },
  });
  let denied: IAMClient;
  let deniedLex: LexModelsV2Client;
  before(async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'ct-denied' }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'ct-denied' }));
    const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    denied = env.client(IAMClient, keys);
    deniedLex = env.client(LexModelsV2Client, keys);
    // lex:CreateBot, but not the iam:CreateServiceLinkedRole a bot without a role needs.
    await env.iam.send(
      new PutUserPolicyCommand({
        UserName: 'ct-denied',
        PolicyName: 'lex',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lex:CreateBot', Resource: '*' }] }),
      }),
    );
    await env.iam.send(new CreateUserCommand({ UserName: 'ct-keys' }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'ct-assumed', AssumeRolePolicyDocument: trustingAccount }));
  });

  const cases: Case[] = [
    {
      name: 'IAM CreateRole',
      call: async () => {
        await env.iam.send(
          new CreateRoleCommand({ RoleName: 'ct-role', AssumeRolePolicyDocument: trustingAccount, Description: 'made for CloudTrail', Tags: [{ Key: 'team', Value: 'audit' }] }),
        );
        return [];
      },
      eventName: 'CreateRole',
      action: 'iam:CreateRole',
      requestParameters: { roleName: 'ct-role', assumeRolePolicyDocument: trustingAccount, description: 'made for CloudTrail', tags: [{ key: 'team', value: 'audit' }] },
      responseElements: {
        role: (role) => {
          assert.equal(role.roleName, 'ct-role');
          assert.equal(role.arn, `arn:aws:iam::${ACCOUNT}:role/ct-role`);
          assert.equal(role.path, '/');
          assert.match(role.roleId, /^AROA/);
          assert.match(role.createDate, IAM_DATE);
          // IAM answers the policy URL-encoded, and CloudTrail writes IAM's answer.
          assert.equal(role.assumeRolePolicyDocument, encodeURIComponent(trustingAccount));
          assert.deepEqual(role.tags, [{ key: 'team', value: 'audit' }]);
        },
      },
    },
    {
      name: 'IAM CreateServiceLinkedRole',
      call: async () => {
        await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', Description: 'scaling' }));
        return [];
      },
      eventName: 'CreateServiceLinkedRole',
      action: 'iam:CreateServiceLinkedRole',
      // AWSServiceName: CloudTrail lowercases the first letter only.
      requestParameters: { aWSServiceName: 'autoscaling.amazonaws.com', description: 'scaling' },
      responseElements: {
        role: (role) => {
          assert.equal(role.roleName, 'AWSServiceRoleForAutoScaling');
          assert.equal(role.path, '/aws-service-role/autoscaling.amazonaws.com/');
          assert.match(role.createDate, IAM_DATE);
        },
      },
    },
    {
      name: 'IAM CreateAccessKey (the secret left out)',
      call: async () => {
        const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'ct-keys' }));
        return [AccessKey!.SecretAccessKey!];
      },
      eventName: 'CreateAccessKey',
      action: 'iam:CreateAccessKey',
      requestParameters: { userName: 'ct-keys' },
      responseElements: {
        accessKey: (key) => {
          assert.deepEqual(Object.keys(key).sort(), ['accessKeyId', 'createDate', 'status', 'userName']);
          assert.match(key.accessKeyId, /^AKIA/);
          assert.equal(key.status, 'Active');
          assert.match(key.createDate, IAM_DATE);
        },
      },
    },
    {
      name: 'STS AssumeRole (the secret key left out, the session token kept, as CloudTrail does)',
      call: async () => {
        const { Credentials } = await env.sts.send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ct-assumed`, RoleSessionName: 'ct-session', DurationSeconds: 900 }),
        );
        return [Credentials!.SecretAccessKey!];
      },
      eventName: 'AssumeRole',
      action: 'sts:AssumeRole',
      requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/ct-assumed`, roleSessionName: 'ct-session', durationSeconds: 900 },
      responseElements: {
        credentials: (credentials) => {
          assert.deepEqual(Object.keys(credentials).sort(), ['accessKeyId', 'expiration', 'sessionToken']);
          assert.match(credentials.accessKeyId, /^ASIA/);
          assert.match(credentials.expiration, DATE);
        },
        assumedRoleUser: (user) => {
          assert.equal(user.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ct-assumed/ct-session`);
          assert.match(user.assumedRoleId, /^AROA[A-Z2-7]+:ct-session$/);
        },
      },
      // CloudTrail counts AssumeRole as a read.
      readOnly: true,
    },
    {
      name: 'Lex CreateBot (REST-JSON: members already in camel case)',
      call: async () => {
        await env.lex.send(new CreateBotCommand({ botName: 'CloudTrailBot', dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 } as never));
        return [];
      },
      eventName: 'CreateBot',
      action: 'lex:CreateBot',
      requestParameters: { botName: 'CloudTrailBot', dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 },
      responseElements: {
        botId: (id) => assert.match(id, /^[0-9A-Z]{10}$/),
        botName: (name) => assert.equal(name, 'CloudTrailBot'),
        botStatus: true,
        roleArn: (arn) => assert.match(arn, /:role\/aws-service-role\/lexv2\.amazonaws\.com\/AWSServiceRoleForLexV2Bots_/),
        dataPrivacy: (privacy) => assert.deepEqual(privacy, { childDirected: false }),
        idleSessionTTLInSeconds: (ttl) => assert.equal(ttl, 300),
        creationDateTime: (date) => assert.match(date, DATE),
      },
    },
    {
      name: 'AppIntegrations CreateDataIntegration (REST-JSON: Name -> name, SourceURI -> sourceURI)',
      call: async () => {
        await env.integrations.send(new CreateDataIntegrationCommand({ Name: 'ct-files', KmsKey: KMS, SourceURI: 's3://ct-bucket/files', ClientToken: 'ct-token-1' }));
        return [];
      },
      eventName: 'CreateDataIntegration',
      action: 'app-integrations:CreateDataIntegration',
      requestParameters: { name: 'ct-files', kmsKey: KMS, sourceURI: 's3://ct-bucket/files', clientToken: 'ct-token-1' },
      responseElements: {
        arn: (arn) => assert.match(arn, new RegExp(`^arn:aws:app-integrations:us-east-1:${ACCOUNT}:data-integration/`)),
        id: true,
        name: (name) => assert.equal(name, 'ct-files'),
        kmsKey: (key) => assert.equal(key, KMS),
        sourceURI: (uri) => assert.equal(uri, 's3://ct-bucket/files'),
      },
    },
    {
      name: 'a denied call: errorCode, errorMessage, responseElements null',
      call: async () => {
        await assert.rejects(denied.send(new CreateRoleCommand({ RoleName: 'ct-refused', AssumeRolePolicyDocument: trustingAccount })), { name: 'AccessDenied' });
        return [];
      },
      eventName: 'CreateRole',
      action: 'iam:CreateRole',
      requestParameters: { roleName: 'ct-refused', assumeRolePolicyDocument: trustingAccount },
      responseElements: null,
      errorCode: 'AccessDenied',
      errorMessage: new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/ct-denied is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${ACCOUNT}:role/ct-refused because no identity-based policy allows the iam:CreateRole action$`),
    },
    {
      name: 'a call refused its second permission: its allowed decision says AccessDenied too, as the call failed',
      call: async () => {
        await assert.rejects(deniedLex.send(new CreateBotCommand({ botName: 'RefusedBot', dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 } as never)), {
          name: 'AccessDeniedException',
        });
        return [];
      },
      eventName: 'CreateBot',
      // The decision that allowed lex:CreateBot on the bot.
      action: 'lex:CreateBot',
      requestParameters: { botName: 'RefusedBot', dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 },
      responseElements: null,
      errorCode: 'AccessDenied',
      errorMessage: new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/ct-denied is not authorized to perform: iam:CreateServiceLinkedRole on resource: `),
    },
    {
      name: 'a failed read: IAM errors named as their exceptions, a read answers no responseElements',
      call: async () => {
        await assert.rejects(env.iam.send(new GetRoleCommand({ RoleName: 'ct-missing' })), { name: 'NoSuchEntityException' });
        return [];
      },
      eventName: 'GetRole',
      action: 'iam:GetRole',
      requestParameters: { roleName: 'ct-missing' },
      responseElements: null,
      errorCode: 'NoSuchEntityException',
      errorMessage: /ct-missing/,
      readOnly: true,
    },
  ];

  /** The event of `eventName` whose decision was `action`, newest first, with its record parsed. */
  async function eventOf(c: Case, predicate: (record: Record_) => boolean = () => true): Promise<{ event: Event; record: Record_ }> {
    const { Events } = await env.trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: c.eventName }] }));
    for (const event of Events ?? []) {
      const record = JSON.parse(event.CloudTrailEvent!);
      if (record.additionalEventData.authorization.action === c.action && predicate(record)) return { event, record };
    }
    throw new Error(`no ${c.eventName} event deciding ${c.action}`);
  }

  for (const c of cases) {
    it(c.name, async () => {
      const secrets = await c.call();
      const { event, record } = await eventOf(c, (r) => matchesCase(r, c));
      assert.deepEqual(record.requestParameters, c.requestParameters);
      if (c.responseElements === null) assert.equal(record.responseElements, null);
      else {
        assert.deepEqual(Object.keys(record.responseElements).filter((k) => k in c.responseElements!).sort(), Object.keys(c.responseElements).sort());
        for (const [key, check] of Object.entries(c.responseElements)) if (check !== true) check(record.responseElements[key]);
      }
      for (const secret of secrets) assert.ok(!event.CloudTrailEvent!.includes(secret), 'a secret was written into the event');
      assert.equal(record.errorCode, c.errorCode);
      if (c.errorMessage) assert.match(record.errorMessage, c.errorMessage);
      else assert.equal(record.errorMessage, undefined);
      // The fields every CloudTrail consumer reads.
      assert.equal(record.eventType, 'AwsApiCall');
      assert.equal(record.readOnly, c.readOnly ?? false);
      assert.equal(event.ReadOnly, String(c.readOnly ?? false));
      assert.equal(record.managementEvent, true);
      assert.equal(record.eventCategory, 'Management');
      assert.equal(record.recipientAccountId, ACCOUNT);
      assert.equal(record.eventID, event.EventId);
      assert.match(record.requestID, /^[0-9a-f-]{36}$/);
      assert.equal(record.sourceIPAddress, '127.0.0.1');
      assert.match(record.userAgent, /aws-sdk-js/);
    });
  }

  it('`aws cloudtrail lookup-events` carries the same fields, the secret left out', async () => {
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'ct-keys' }));
    const out = await awsCliJson<{ Events: { CloudTrailEvent: string }[] }>(env.server.url, [
      'cloudtrail',
      'lookup-events',
      '--lookup-attributes',
      'AttributeKey=EventName,AttributeValue=CreateAccessKey',
    ]);
    const records = out.Events.map((e) => JSON.parse(e.CloudTrailEvent));
    const record = records.find((r) => r.responseElements?.accessKey?.accessKeyId === AccessKey!.AccessKeyId);
    assert.ok(record, 'the new key is in an event');
    assert.deepEqual(record.requestParameters, { userName: 'ct-keys' });
    assert.ok(out.Events.every((e) => !e.CloudTrailEvent.includes(AccessKey!.SecretAccessKey!)));
  });

  it('a linked service assuming its role: an AwsApiCall by the AWSService, with its request', async () => {
    // A scheduled AppFlow source: AppIntegrations sets its flow up through its service-linked role.
    await env.integrations.send(
      new CreateDataIntegrationCommand({ Name: 'ct-scheduled', KmsKey: KMS, SourceURI: 'Salesforce://AppFlow/ct', ScheduleConfig: { ScheduleExpression: 'rate(1 day)', Object: 'Account' } }),
    );
    const principal = 'app-integrations.amazonaws.com';
    const { Events } = await env.trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: principal }] }));
    const records = (Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!)).filter((r) => r.eventName === 'AssumeRole');
    assert.ok(records.length > 0, 'AppIntegrations assumed its role');
    const [record] = records;
    assert.deepEqual(record.userIdentity, { type: 'AWSService', invokedBy: principal });
    assert.equal(record.eventType, 'AwsApiCall');
    assert.equal(record.sourceIPAddress, principal);
    assert.equal(record.requestParameters.roleArn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${principal}/AWSServiceRoleForAppIntegrations`);
    assert.match(record.requestParameters.roleSessionName, /^app-integrations-/);
    assert.equal(record.responseElements.assumedRoleUser.arn.split('/').pop(), record.requestParameters.roleSessionName);
    assert.match(record.requestID, /^[0-9a-f-]{36}$/);
  });
});

/** The case's event among several of the same name: by its role / user / error. */
function matchesCase(record: Record_, c: Case): boolean {
  if (c.errorCode !== record.errorCode) return false;
  const wanted = c.requestParameters ?? {};
  return Object.entries(wanted).every(([k, v]) => JSON.stringify(record.requestParameters?.[k]) === JSON.stringify(v));
}

describe('secrets CloudTrail leaves out of requests linkedrole does not serve', () => {
  // The rule is the model's: a member whose shape is marked sensitive is not written. CloudTrail's
  // CreateLoginProfile events carry userName and passwordResetRequired, never the password.
  const iam = loadModel('iam');
  const cases: { operation: string; input: Record<string, unknown>; requestParameters: Record<string, unknown> | null }[] = [
    { operation: 'CreateLoginProfile', input: { UserName: 'u', Password: 'hunter2-Secret!', PasswordResetRequired: false }, requestParameters: { userName: 'u', passwordResetRequired: false } },
    { operation: 'UpdateLoginProfile', input: { UserName: 'u', Password: 'hunter2-Secret!' }, requestParameters: { userName: 'u' } },
    // Nothing left: CloudTrail writes null.
    { operation: 'ChangePassword', input: { OldPassword: 'hunter2-Secret!', NewPassword: 'hunter3-Secret!' }, requestParameters: null },
  ];
  for (const c of cases) {
    it(c.operation, () => {
      const fields = callFields({ model: iam, operation: c.operation, input: c.input, output: {} });
      assert.deepEqual(JSON.parse(fields.requestParameters), c.requestParameters);
      assert.ok(!fields.requestParameters.includes('Secret!'));
    });
  }
});
