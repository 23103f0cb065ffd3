import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { trustPolicy } from '../support/iam.js';

describe('CloudTrail LookupEvents over the audit trail', () => {
  const env = useTestServer({ clients: { iam: IAMClient, trail: CloudTrailClient } });
  before(async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'audited', AssumeRolePolicyDocument: trustPolicy() }));
    for (let i = 0; i < 3; i++) await env.iam.send(new GetRoleCommand({ RoleName: 'audited' }));
  });

  it('finds the caller\'s calls by event name, with the decision in the event record', async () => {
    const { Events } = await env.trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateRole' }] }));
    assert.equal(Events?.length, 1);
    const event = Events![0];
    assert.equal(event.EventSource, 'iam.amazonaws.com');
    assert.equal(event.Username, 'root');
    assert.equal(event.ReadOnly, 'false');
    assert.deepEqual(event.Resources, [{ ResourceType: 'AWS::IAM::Role', ResourceName: 'arn:aws:iam::123456789012:role/audited' }]);
    const record = JSON.parse(event.CloudTrailEvent!);
    assert.equal(record.userIdentity.type, 'Root');
    assert.equal(record.additionalEventData.authorization.action, 'iam:CreateRole');
    assert.equal(record.additionalEventData.authorization.decision, 'allowed');
  });

  it('pages newest first with NextToken, and filters reads', async () => {
    const first = await env.trail.send(new LookupEventsCommand({ MaxResults: 2, LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }] }));
    assert.equal(first.Events?.length, 2);
    assert.ok(first.NextToken);
    assert.ok(first.Events!.every((e) => e.EventName === 'GetRole' || e.EventName === 'LookupEvents'));
    const second = await env.trail.send(new LookupEventsCommand({ MaxResults: 50, NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }] }));
    const ids = new Set([...first.Events!, ...second.Events!].map((e) => e.EventId));
    assert.equal(ids.size, first.Events!.length + second.Events!.length, 'pages do not overlap');
    assert.ok(first.Events![0].EventTime! >= first.Events![1].EventTime!);
  });

  it('gives every event a UUID version 7 id that carries its time, so ids sort as the events happened', async () => {
    const { Events } = await env.trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'arn:aws:iam::123456789012:role/audited' }] }));
    assert.equal(Events?.length, 4);
    for (const event of Events!) {
      assert.match(event.EventId!, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(parseInt(event.EventId!.slice(0, 8) + event.EventId!.slice(9, 13), 16), event.EventTime!.getTime());
    }
    // Newest first: ids (and the times in them) never increase down the list.
    const ids = Events!.map((e) => e.EventId!);
    assert.deepEqual(ids, [...ids].sort().reverse());
  });

  it('refuses two lookup attributes and a bad token, as CloudTrail does', async () => {
    await assert.rejects(
      env.trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'A' }, { AttributeKey: 'Username', AttributeValue: 'B' }] })),
      { name: 'InvalidLookupAttributesException' },
    );
    await assert.rejects(env.trail.send(new LookupEventsCommand({ NextToken: 'not-a-token' })), { name: 'InvalidNextTokenException' });
  });

  it('answers `aws cloudtrail lookup-events`', async () => {
    const out = await awsCliJson(env.server.url, ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=ResourceName,AttributeValue=arn:aws:iam::123456789012:role/audited']);
    const events = out.Events as { EventName: string }[];
    assert.deepEqual([...new Set(events.map((e) => e.EventName))].sort(), ['CreateRole', 'GetRole']);
    assert.equal(events.length, 4);
  });
});
