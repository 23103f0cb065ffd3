// HTTP: picks the handler for a request (health, console, Lex's signed archive URLs, or an AWS service), nothing else.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Session } from 'node:http2';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { AwsError } from './aws/errors.js';
import { createApp, type App, type AppOptions } from './app.js';
import { declaresSignedEvents } from './aws/sigv4.js';
import { readBody } from './server/body.js';
import type { AccessLogEntry } from './server/dispatch.js';
import { DISCOVERY_PREFIX } from './services/sts/outbound-web-identity.js';
import { TRANSFER_PREFIX } from './services/lex/upload-urls.js';

export interface ServerOptions extends AppOptions {
  port?: number;
  host?: string;
  /** Receives one structured entry per AWS request (the access log). */
  accessLog?: (entry: AccessLogEntry) => void;
  /** How long a client may take to send its headers and its whole request (defaults 10 s and 30 s). */
  timeouts?: { headersMs?: number; requestMs?: number };
}

export interface RunningServer {
  app: App;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const app = await createApp(options);
  const log = options.accessLog;
  const handle = (request: IncomingMessage | Http2ServerRequest, response: ServerResponse | Http2ServerResponse) => {
    route(app, request as IncomingMessage, response as ServerResponse, log).catch((error) => {
      console.error('linkedrole: unhandled error', error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  };
  // Slow or stalled clients are cut off instead of holding a connection forever (checked every second).
  const http1 = createServer({ connectionsCheckingInterval: 1_000 }, handle);
  http1.headersTimeout = options.timeouts?.headersMs ?? 10_000;
  http1.requestTimeout = options.timeouts?.requestMs ?? 30_000;
  // Idle keep-alive connections stay open longer than clients keep them idle, so a client never
  // reuses a socket just as the server closes it (a "socket hang up" race at 5 s).
  http1.keepAliveTimeout = 65_000;
  // http1 never listens itself (routeConnection hands it the sockets), and Node starts enforcing
  // headersTimeout/requestTimeout when a server starts listening: start that here.
  http1.emit('listening');
  // Some SDK clients (Lex runtime V2) speak HTTP/2 without TLS by default: serve both on one port.
  const http2 = createHttp2Server({}, handle);
  http2.setTimeout(30_000);
  const sessions = new Set<ServerHttp2Session>();
  http2.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    routeConnection(socket, http1, http2);
  });
  try {
    await listen(server, options.port ?? 4599, options.host ?? '127.0.0.1');
  } catch (error) {
    await app.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  app.startBackgroundWork();
  return {
    app,
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        http1.close();
        http1.closeIdleConnections();
        for (const session of sessions) session.close();
        // Requests under way get a moment to finish; connections clients keep open do not hold the shutdown.
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, SHUTDOWN_GRACE_MS).unref();
      });
      await app.close();
    },
  };
}

const HTTP2_PREFACE = 'PRI * HTTP/2.0';
const SHUTDOWN_GRACE_MS = 1_000;

/** Hands a connection to the HTTP/2 server when it opens with HTTP/2's preface, else to HTTP/1.1. */
function routeConnection(socket: Socket, http1: ReturnType<typeof createServer>, http2: ReturnType<typeof createHttp2Server>): void {
  // A connection that never says anything is dropped like a client that never finishes its headers.
  socket.setTimeout(http1.headersTimeout, () => socket.destroy());
  socket.once('data', (head: Buffer) => {
    socket.setTimeout(0);
    socket.pause();
    socket.unshift(head);
    const target = head.toString('latin1', 0, HTTP2_PREFACE.length) === HTTP2_PREFACE ? http2 : http1;
    target.emit('connection', socket);
    process.nextTick(() => socket.resume());
  });
  socket.on('error', () => socket.destroy());
}

async function route(app: App, request: IncomingMessage, response: ServerResponse, log: ((entry: AccessLogEntry) => void) | undefined): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'GET' && path === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', store: app.store.kind }));
    return;
  }
  // Outbound web identity federation: each account's issuer's OIDC discovery documents, for relying parties.
  if (request.method === 'GET' && path.startsWith(DISCOVERY_PREFIX)) {
    const document = await app.outboundWebIdentity.discovery(path, `http://${request.headers.host ?? 'localhost'}`);
    response.writeHead(document ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(document ?? { message: 'Not Found' }));
    return;
  }
  // Lex V2's export downloads and import uploads: signed, expiring URLs like S3's presigned ones (no SigV4).
  if (path.startsWith(TRANSFER_PREFIX)) {
    const answer = await app.lex.transfers.answer(request.method ?? 'GET', new URL(request.url ?? '/', 'http://localhost'), () => readBody(request));
    response.writeHead(answer.status, answer.headers).end(answer.body);
    return;
  }
  // The console also serves the site's icon, which browsers ask for at the root.
  if (path === '/console' || path.startsWith('/console/') || path === '/favicon.ico') {
    await app.console(request, response);
    return;
  }
  // A body of signed events (Lex's StartConversation) is not read here: it is answered while it is still arriving.
  const stream = declaresSignedEvents(request.headers) ? request : undefined;
  let body: Buffer = NO_BODY;
  try {
    if (!stream) body = await readBody(request);
  } catch (error) {
    const status = error instanceof AwsError ? error.status : 400;
    // HTTP/1.1 is told to drop the connection; HTTP/2 forbids the header.
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(request.httpVersionMajor === 1 ? { connection: 'close' } : {}) };
    // Drop the connection once the answer is out (not before: the client would never read it).
    // A client still sending would be reset (and never read the answer) if we closed at once: give it a moment.
    response.writeHead(status, headers).end(JSON.stringify({ message: (error as Error).message }), () => setTimeout(() => request.destroy(), 1000).unref());
    return;
  }
  const answer = await app.dispatcher.handle(request, body, log, stream);
  if (typeof answer.body === 'string' || Buffer.isBuffer(answer.body)) {
    if (stream && !request.readableEnded) {
      // A body of events refused before it was read (a bad signature, no such operation): the connection cannot
      // carry another request after it, so it is dropped once the answer is out, as for a body too large.
      if (request.httpVersionMajor === 1) answer.headers.connection = 'close';
      response.writeHead(answer.status, answer.headers).end(answer.body, () => setTimeout(() => request.destroy(), 1000).unref());
      return;
    }
    response.writeHead(answer.status, answer.headers).end(answer.body);
    return;
  }
  await writeEvents(response, answer.status, answer.headers, answer.body);
}

const NO_BODY = Buffer.alloc(0);

/** Resolves once the response can take more, or is gone. */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.once('drain', done);
    response.once('close', done);
  });
}

/** An event stream answer: the headers at once (the client sends its events only then), each message as it is made. */
async function writeEvents(response: ServerResponse, status: number, headers: Record<string, string>, messages: AsyncIterable<Uint8Array>): Promise<void> {
  response.writeHead(status, headers);
  response.flushHeaders();
  for await (const message of messages) {
    // A client gone stops the conversation (breaking out ends the answering generator).
    if (response.destroyed) break;
    if (!response.write(message)) await drained(response);
  }
  if (!response.destroyed) response.end();
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
