// HTTP: picks the handler for a request (health, console, or an AWS service), nothing else.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError } from './aws/errors.js';
import { createApp, type App, type AppOptions } from './app.js';
import { readBody } from './server/body.js';
import type { AccessLogEntry } from './server/dispatch.js';

export interface ServerOptions extends AppOptions {
  port?: number;
  host?: string;
  /** Receives one structured entry per AWS request (the access log). */
  accessLog?: (entry: AccessLogEntry) => void;
}

export interface RunningServer {
  app: App;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const app = await createApp(options);
  const log = options.accessLog ?? (() => {});
  const server = createServer((request, response) => {
    route(app, request, response, log).catch((error) => {
      console.error('linkedrole: unhandled error', error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  // Slow or stalled clients are cut off instead of holding a connection forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
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
        server.closeIdleConnections();
      });
      await app.close();
    },
  };
}

async function route(app: App, request: IncomingMessage, response: ServerResponse, log: (entry: AccessLogEntry) => void): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'GET' && path === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', store: app.store.kind }));
    return;
  }
  if (path === '/console' || path.startsWith('/console/')) {
    await app.console(request, response);
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(request);
  } catch (error) {
    const status = error instanceof AwsError ? error.status : 400;
    // A client still sending would be reset (and never read the answer) if we closed at once: give it a moment.
    response.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ message: (error as Error).message }), () => setTimeout(() => request.destroy(), 1000).unref());
    return;
  }
  const answer = await app.dispatcher.handle(request, body, log);
  response.writeHead(answer.status, answer.headers).end(answer.body);
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
