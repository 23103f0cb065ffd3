// Every LookupEvents attribute, against the whole trail: the events one attribute finds (paged two at a
// time by NextToken, newest first, within and without a StartTime) are exactly the trail's events that
// carry it. Each attribute is read from its own index (0080_audit_lookup_indexes), so a column, an index
// or a page bound that a change gets wrong shows up here as a missing, extra or reordered event.
import { CloudTrailClient, LookupEventsCommand, type Event, type LookupAttribute } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateGroupCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, IAMClient, ListRolesCommand, PutUserPolicyCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { trustPolicy } from '../support/iam.js';

const ACCOUNT = '123456789012';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

describe('LookupEvents: each lookup attribute finds exactly the events that carry it', () => {
  const env = useTestServer({ clients: { iam: IAMClient, trail: CloudTrailClient } });
  let aliceKey = '';
  let end: Date;
  let trail: Event[] = [];

  /** Every event the lookup finds up to `end`, two a page. */
  async function lookup(attribute: LookupAttribute | undefined, startTime?: Date): Promise<Event[]> {
    const events: Event[] = [];
    let token: string | undefined;
    for (let page = 0; page < 200; page++) {
      const out = await env.trail.send(new LookupEventsCommand({ LookupAttributes: attribute ? [attribute] : undefined, MaxResults: 2, NextToken: token, StartTime: startTime, EndTime: end }));
      events.push(...out.Events!);
      token = out.NextToken;
      if (!token) return events;
    }
    throw new Error('more than 200 pages');
  }

  before(async () => {
    for (const name of ['lookup-a', 'lookup-b']) await env.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy() }));
    await env.iam.send(new TagRoleCommand({ RoleName: 'lookup-a', Tags: [{ Key: 'team', Value: 'a' }] }));
    await env.iam.send(new CreateGroupCommand({ GroupName: 'lookup-group' }));
    await env.iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
    const key = (await env.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    aliceKey = key.AccessKeyId!;
    const alice = env.client(IAMClient, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const aliceSts = env.client(STSClient, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    for (let i = 0; i < 3; i++) await alice.send(new GetRoleCommand({ RoleName: 'lookup-a' }));
    await alice.send(new GetRoleCommand({ RoleName: 'lookup-b' }));
    await alice.send(new ListRolesCommand({}));
    await aliceSts.send(new GetSessionTokenCommand({}));
    await alice.send(new CreateRoleCommand({ RoleName: 'lookup-c', AssumeRolePolicyDocument: trustPolicy() }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The lookups below are recorded too: every comparison ends before the first of them.
    end = new Date();
    trail = await lookup(undefined);
    assert.ok(trail.length >= 12, `the trail has the calls made above (${trail.length})`);
  });

  const cases: [string, () => LookupAttribute, (e: Event) => boolean][] = [
    ['EventName', () => ({ AttributeKey: 'EventName', AttributeValue: 'GetRole' }), (e) => e.EventName === 'GetRole'],
    ['EventName of no call', () => ({ AttributeKey: 'EventName', AttributeValue: 'DeleteRole' }), () => false],
    ['Username of a user', () => ({ AttributeKey: 'Username', AttributeValue: 'alice' }), (e) => e.Username === 'alice'],
    ['Username root', () => ({ AttributeKey: 'Username', AttributeValue: 'root' }), (e) => e.Username === 'root'],
    ['ResourceName', () => ({ AttributeKey: 'ResourceName', AttributeValue: roleArn('lookup-a') }), (e) => e.Resources!.some((r) => r.ResourceName === roleArn('lookup-a'))],
    ['EventSource', () => ({ AttributeKey: 'EventSource', AttributeValue: 'sts.amazonaws.com' }), (e) => e.EventSource === 'sts.amazonaws.com'],
    ['AccessKeyId', () => ({ AttributeKey: 'AccessKeyId', AttributeValue: aliceKey }), (e) => e.AccessKeyId === aliceKey],
    ['ReadOnly true', () => ({ AttributeKey: 'ReadOnly', AttributeValue: 'true' }), (e) => e.ReadOnly === 'true'],
    ['ReadOnly false', () => ({ AttributeKey: 'ReadOnly', AttributeValue: 'false' }), (e) => e.ReadOnly === 'false'],
    ['ResourceType of roles', () => ({ AttributeKey: 'ResourceType', AttributeValue: 'AWS::IAM::Role' }), (e) => e.Resources!.some((r) => r.ResourceType === 'AWS::IAM::Role')],
    ['ResourceType of groups', () => ({ AttributeKey: 'ResourceType', AttributeValue: 'AWS::IAM::Group' }), (e) => e.Resources!.some((r) => r.ResourceType === 'AWS::IAM::Group')],
    ['ResourceType never recorded', () => ({ AttributeKey: 'ResourceType', AttributeValue: 'AWS::S3::Bucket' }), () => false],
    ['EventId', () => ({ AttributeKey: 'EventId', AttributeValue: trail[3].EventId! }), (e) => e.EventId === trail[3].EventId],
  ];

  for (const [name, attribute, carries] of cases) {
    it(`${name}: the trail's events that carry it, newest first`, async () => {
      const expected = trail.filter(carries).map((e) => e.EventId);
      if (!name.includes('no call') && !name.includes('never')) assert.ok(expected.length > 0, 'the case has events to find');
      assert.deepEqual((await lookup(attribute())).map((e) => e.EventId), expected);
      // From the time of the trail's middle event on (StartTime is inclusive).
      const start = trail[Math.floor(trail.length / 2)].EventTime!;
      const later = trail.filter((e) => carries(e) && e.EventTime! >= start).map((e) => e.EventId);
      assert.deepEqual((await lookup(attribute(), start)).map((e) => e.EventId), later);
    });
  }

  it('without an attribute, newest first with no event twice', () => {
    assert.equal(new Set(trail.map((e) => e.EventId)).size, trail.length);
    for (let i = 1; i < trail.length; i++) assert.ok(trail[i - 1].EventTime! >= trail[i].EventTime!);
  });
});
