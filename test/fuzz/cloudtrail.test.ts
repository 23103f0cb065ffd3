// Property-based fuzzing of CloudTrail's LookupEvents through the running server: start and end times
// anywhere (beyond the dates JavaScript can hold, negative, fractional, strings that are no date),
// lookup attributes of every key with odd values (NUL, LIKE wildcards, huge), MaxResults out of range,
// NextTokens real, forged and garbage, the event category. Never a 5xx; an error is AWS-shaped; an
// answer lists events whose CloudTrailEvent is JSON.
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertAlive, assertAnswer, fcOptions, send, sign, type RawAnswer } from './support.js';

const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';
/** JavaScript's dates end 8.64e15 ms either side of 1970: in seconds, as the JSON protocol sends times. */
const LAST_DATE_SECONDS = 8.64e12;

describe('fuzzing CloudTrail LookupEvents', () => {
  let server: TestServer;
  let realToken: string;
  before(async () => {
    server = await startTestServer();
    const iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateRoleCommand({ RoleName: 'fuzzed', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }));
    for (let i = 0; i < 3; i++) await iam.send(new GetRoleCommand({ RoleName: 'fuzzed' }));
    iam.destroy();
    const first = JSON.parse((await lookup({ MaxResults: 1 })).body) as { NextToken?: string };
    assert.ok(first.NextToken);
    realToken = first.NextToken;
  });
  after(() => server.stop());

  async function lookup(input: unknown): Promise<RawAnswer> {
    const body = JSON.stringify(input) ?? '';
    const req = await sign(server, { method: 'POST', path: '/', body, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET } }, { service: 'cloudtrail' });
    return send(server, req);
  }

  async function check(input: unknown): Promise<void> {
    const answer = await lookup(input);
    const context = JSON.stringify(input)?.slice(0, 300) ?? String(input);
    assertAnswer(answer, 'json', context);
    if (answer.status === 200) {
      const { Events } = JSON.parse(answer.body) as { Events: { CloudTrailEvent: string }[] };
      assert.ok(Array.isArray(Events), context);
      for (const event of Events) JSON.parse(event.CloudTrailEvent);
    }
  }

  const time = fc.oneof(
    fc.integer({ min: 0, max: 4_102_444_800 }),
    fc.double({ noNaN: true }),
    fc.constantFrom(LAST_DATE_SECONDS, LAST_DATE_SECONDS + 0.001, LAST_DATE_SECONDS + 1, -LAST_DATE_SECONDS, -LAST_DATE_SECONDS - 1, 1e20, -1e20, Number.MAX_VALUE, -0, 253402300800, -62167219200, 0.5),
    fc.constantFrom('NaN', 'Infinity', '275760-09-13T00:00:00Z', '+275760-09-13T00:00:00.001Z', '-271821-04-20T00:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '2026-01-01', '', 'x', '1e20'),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.string({ maxLength: 30 }),
  );
  const attributeKey = fc.oneof(
    fc.constantFrom('EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'),
    fc.constantFrom('eventName', '', '__proto__', 'toString'),
    fc.string({ maxLength: 12 }),
  );
  const attributeValue = fc.oneof(
    fc.constantFrom('CreateRole', 'GetRole', 'true', 'false', 'root', 'AWS::IAM::Role', 'AWS::Nope', 'arn:aws:iam::123456789012:role/fuzzed', 'iam.amazonaws.com', '%', '_', '%%', '\\', "'", '\u0000', 'a\u0000b', 'x'.repeat(3000), ''),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  const attributes = fc.oneof(
    fc.array(fc.record({ AttributeKey: attributeKey, AttributeValue: attributeValue }), { maxLength: 2 }),
    fc.array(fc.record({ AttributeKey: attributeKey, AttributeValue: attributeValue }, { requiredKeys: [] }), { maxLength: 2 }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const maxResults = fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constantFrom(0, 50, 51, 2 ** 31, -(2 ** 31), 1e20, 1.5), fc.double(), fc.string({ maxLength: 4 }));
  const token = fc.oneof(
    fc.constant(undefined).map(() => realToken),
    fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
    fc.record({ time: fc.oneof(fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 1 })), id: fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 1 })) }).map((v) =>
      Buffer.from(JSON.stringify(v)).toString('base64url'),
    ),
    fc.constantFrom('', '=', 'not-a-token', Buffer.from('{"time":"\u0000","id":"\u0000"}').toString('base64url'), 'x'.repeat(5000)),
    fc.string({ maxLength: 60 }),
  );
  const category = fc.oneof(fc.constantFrom('insight', 'Insight', 'management', ''), fc.string({ maxLength: 10 }));
  const input = fc.record(
    { StartTime: time, EndTime: time, LookupAttributes: attributes, MaxResults: maxResults, NextToken: token, EventCategory: category },
    { requiredKeys: [] },
  );

  // Inputs the model accepts (times as numbers, known keys, MaxResults 1 to 50), so that most reach the
  // lookup itself with odd values.
  const numericTime = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 4_102_444_800 }), weight: 4 },
    { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
    { arbitrary: fc.constantFrom(LAST_DATE_SECONDS, LAST_DATE_SECONDS + 1, -LAST_DATE_SECONDS, -LAST_DATE_SECONDS - 1, 1e20, -1e20, 253402300800, -62167219200), weight: 1 },
  );
  const knownAttribute = fc.record({
    AttributeKey: fc.constantFrom('EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'),
    AttributeValue: attributeValue.filter((v) => v.length >= 1 && v.length <= 2000),
  });
  const wellTyped = fc.record(
    {
      StartTime: numericTime,
      EndTime: numericTime,
      LookupAttributes: fc.array(knownAttribute, { maxLength: 1 }),
      MaxResults: fc.integer({ min: 1, max: 50 }),
      NextToken: fc.oneof({ arbitrary: fc.constant(undefined).map(() => realToken), weight: 3 }, { arbitrary: token, weight: 1 }),
      EventCategory: fc.constant('insight'),
    },
    { requiredKeys: [] },
  );

  it('LookupEvents inputs the model accepts: never a 5xx, an AWS-shaped error or events whose CloudTrailEvent is JSON', async () => {
    await fc.assert(fc.asyncProperty(wellTyped, check), fcOptions);
    await assertAlive(server);
  });

  it('any LookupEvents input: never a 5xx, an AWS-shaped error or events whose CloudTrailEvent is JSON', async () => {
    await fc.assert(fc.asyncProperty(input, check), fcOptions);
    await assertAlive(server);
  });

  it('times outside what a date holds: InvalidTimeRangeException; inside it, the events of that range', async () => {
    const cases: { input: Record<string, unknown>; status: number; code?: string; events?: number }[] = [
      { input: { StartTime: LAST_DATE_SECONDS + 1 }, status: 400, code: 'InvalidTimeRangeException' },
      { input: { EndTime: -LAST_DATE_SECONDS - 1 }, status: 400, code: 'InvalidTimeRangeException' },
      { input: { StartTime: 1e20, EndTime: 1e21 }, status: 400, code: 'InvalidTimeRangeException' },
      { input: { StartTime: 10, EndTime: 5 }, status: 400, code: 'InvalidTimeRangeException' },
      // The year 275760 is still a date: nothing happened then.
      { input: { StartTime: LAST_DATE_SECONDS }, status: 200, events: 0 },
      { input: { StartTime: 253402300800 }, status: 200, events: 0 },
      { input: { EndTime: -LAST_DATE_SECONDS }, status: 200, events: 0 },
      // From before the year 0 to after 9999: every event (the four IAM calls, at least).
      { input: { StartTime: -LAST_DATE_SECONDS, EndTime: LAST_DATE_SECONDS, LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'arn:aws:iam::123456789012:role/fuzzed' }] }, status: 200, events: 4 },
      { input: { StartTime: 'NaN' }, status: 400, code: 'SerializationException' },
      { input: { EventCategory: 'insight' }, status: 200, events: 0 },
      { input: { LookupAttributes: [{ AttributeKey: 'ResourceType', AttributeValue: 'AWS::Nope::Thing' }] }, status: 200, events: 0 },
      { input: { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Get\u0000Role' }] }, status: 200, events: 0 },
      { input: { NextToken: Buffer.from('{"time":5,"id":{}}').toString('base64url') }, status: 400, code: 'InvalidNextTokenException' },
    ];
    for (const c of cases) {
      const answer = await lookup(c.input);
      const body = JSON.parse(answer.body) as { __type?: string; Events?: unknown[] };
      assert.equal(answer.status, c.status, `${JSON.stringify(c.input)}: ${answer.body}`);
      if (c.code) assert.equal(body.__type, c.code, JSON.stringify(c.input));
      if (c.events !== undefined) assert.equal(body.Events?.length, c.events, JSON.stringify(c.input));
    }
  });
});
