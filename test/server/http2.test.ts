import { GetSessionCommand, LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { connect } from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.js';

describe('HTTP/2 and HTTP/1.1 on one port', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('answers the Lex runtime client, which speaks HTTP/2 by default', async () => {
    const runtime = new LexRuntimeV2Client(server.clientConfig());
    await assert.rejects(
      runtime.send(new GetSessionCommand({ botId: 'NOSUCHBOT1', botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 's1' })),
      (error: Error & { $metadata: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'ResourceNotFoundException');
        assert.equal(error.$metadata.httpStatusCode, 404);
        return true;
      },
    );
    runtime.destroy();
  });

  it('serves HTTP/1.1 clients on the same port', async () => {
    const sts = new STSClient(server.clientConfig());
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, '123456789012');
    sts.destroy();
  });

  it('answers /health over HTTP/2 with prior knowledge', async () => {
    const session = connect(server.url);
    const body = await new Promise<string>((resolve, reject) => {
      const stream = session.request({ ':path': '/health' });
      let text = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => (text += chunk));
      stream.on('end', () => resolve(text));
      stream.on('error', reject);
    });
    session.close();
    assert.equal(JSON.parse(body).status, 'ok');
  });
});
