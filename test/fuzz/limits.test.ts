// Oversized bodies and slow clients are cut off: a declared Content-Length over the limit is refused
// before the body is read, a chunked body that grows past the limit is refused and its connection
// closed, and clients that trickle their headers or their body lose the connection (headersTimeout,
// requestTimeout in src/server.ts, checked every second; the test server is given 2 s and 4 s).
// The server keeps answering everyone else throughout.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MAX_BODY_BYTES } from '../../src/server/body.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertAlive } from './support.js';

function open(server: TestServer): Promise<Socket> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Everything the server writes until it closes the connection (or `timeoutMs` passes: then undefined). */
function untilClosed(socket: Socket, timeoutMs: number): Promise<{ data: string; afterMs: number } | undefined> {
  const started = Date.now();
  let data = '';
  socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve({ data, afterMs: Date.now() - started });
    };
    socket.on('close', done);
    socket.on('error', () => {});
  });
}

describe('oversized bodies and slow clients', () => {
  let server: TestServer;
  before(async () => {
    // Short limits, so that cutting slow clients off is observed in seconds.
    server = await startTestServer({ timeouts: { headersMs: 2_000, requestMs: 4_000 } });
  });
  after(async () => {
    await server.stop();
  });

  it('a declared Content-Length over the limit: 413 before the body is sent, connection closed', async () => {
    const socket = await open(server);
    const closed = untilClosed(socket, 10_000);
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n`);
    const result = await closed;
    assert.ok(result, 'the server closed the connection');
    assert.match(result.data, /^HTTP\/1\.1 413 /);
    assert.match(result.data, /RequestEntityTooLarge|exceeds the limit/);
    await assertAlive(server);
  });

  it('a chunked body growing past the limit: 413, connection closed, nothing more read', async () => {
    const socket = await open(server);
    const closed = untilClosed(socket, 20_000);
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    for (let i = 0; i < 12 && !socket.destroyed; i++) {
      socket.write(`${chunk.length.toString(16)}\r\n`);
      socket.write(chunk);
      sent += chunk.length;
      if (!socket.write('\r\n')) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
    }
    const result = await closed;
    assert.ok(result, 'the server closed the connection');
    assert.match(result.data, /^HTTP\/1\.1 413 /);
    assert.ok(sent > MAX_BODY_BYTES);
    await assertAlive(server);
  });

  it('clients trickling their headers or their body are cut off, and others are served meanwhile', async () => {
    // Headers, one byte every 200 ms: headersTimeout (2 s here).
    const slowHeaders = await open(server);
    const headersCut = untilClosed(slowHeaders, 15_000);
    const head = 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Padding: ' + 'p'.repeat(200);
    let h = 0;
    const headerTimer = setInterval(() => {
      if (!slowHeaders.destroyed && h < head.length) slowHeaders.write(head[h++]);
    }, 200);
    // A body promised as 1000 bytes, one byte every 200 ms: requestTimeout (4 s here).
    const slowBody = await open(server);
    const bodyCut = untilClosed(slowBody, 20_000);
    slowBody.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n');
    const bodyTimer = setInterval(() => {
      if (!slowBody.destroyed) slowBody.write('a');
    }, 200);
    try {
      await assertAlive(server);
      const [headers, body] = await Promise.all([headersCut, bodyCut]);
      assert.ok(headers, 'the client trickling its headers was cut off');
      assert.ok(headers.afterMs >= 1_800 && headers.afterMs < 6_000, `cut after ${headers.afterMs} ms`);
      assert.ok(body, 'the client trickling its body was cut off');
      assert.ok(body.afterMs >= 3_800 && body.afterMs < 10_000, `cut after ${body.afterMs} ms`);
      if (body.data) assert.match(body.data, /^HTTP\/1\.1 408 /);
      await assertAlive(server);
    } finally {
      clearInterval(headerTimer);
      clearInterval(bodyTimer);
      slowHeaders.destroy();
      slowBody.destroy();
    }
  });
});
