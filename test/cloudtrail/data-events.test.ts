// Lex V2's runtime is made of CloudTrail data events: recorded in the audit trail, marked Data, never
// returned by LookupEvents (which answers management events only). The model-building calls around it
// are management events, whose requestParameters hold their URI members as well as their body's.
import { LookupEventsCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toCloudTrailEvent } from '../../src/services/cloudtrail/events.js';
import { ACCOUNT, createReadyBot, useLexEnv } from '../lex/support.js';

describe('CloudTrail data events: Lex V2 runtime', () => {
  const env = useLexEnv();
  let botId: string;
  before(async () => {
    botId = (await createReadyBot(env.models, 'TrailBot')).botId!;
    await env.runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'trail-1', text: 'hello' }));
  });

  it('RecognizeText is in the audit trail as a data event, its text left out, and not in LookupEvents', async () => {
    const rows = await env.server.app.audit.query({ accountId: ACCOUNT, eventName: 'RecognizeText' });
    assert.ok(rows.length > 0, 'the runtime call was decided and recorded');
    const record = JSON.parse(toCloudTrailEvent(rows[0]).CloudTrailEvent as string);
    assert.equal(record.eventCategory, 'Data');
    assert.equal(record.managementEvent, false);
    assert.deepEqual(record.requestParameters, { botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'trail-1' });
    const trail = env.client(CloudTrailClient);
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'RecognizeText' }] }));
    assert.deepEqual(Events, []);
  });

  it('CreateBotLocale is a management event whose requestParameters hold the URI members too', async () => {
    const trail = env.client(CloudTrailClient);
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateBotLocale' }] }));
    assert.equal(Events?.length, 1);
    const record = JSON.parse(Events![0].CloudTrailEvent!);
    assert.equal(record.eventCategory, 'Management');
    assert.deepEqual(record.requestParameters, { botId, botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.4 });
    assert.equal(record.responseElements.botLocaleStatus, 'Creating');
  });
});
