// One test server for a `describe` block: registers the node:test hooks that start it (before) and
// stop it (after), and hands out AWS SDK clients for it, destroyed before the server stops. The
// caller names the client classes it wants, so a test file loads only the SDK packages it uses.
import { after, before } from 'node:test';
import type { AppOptions } from '../../src/app.js';
import { startTestServer, type TestServer } from './server.js';

type ClientConfig = ReturnType<TestServer['clientConfig']>;
type ConfigOverrides = Parameters<TestServer['clientConfig']>[0];
type ClientClass = new (config: ClientConfig) => { destroy(): void };

export type TestEnv<Clients extends Record<string, ClientClass> = {}> = {
  /** The running server (from the `before` hook on). */
  readonly server: TestServer;
  /** Another client for this server (other region, other keys); destroyed with the others. */
  client<C extends ClientClass>(Client: C, overrides?: ConfigOverrides): InstanceType<C>;
} & { readonly [Name in keyof Clients]: InstanceType<Clients[Name]> };

export interface TestServerOptions<Clients> {
  /** Client classes by the name the env gives them, e.g. `{ iam: IAMClient }`; each made on first use. */
  clients?: Clients;
  /** The region of those named clients (us-east-1 unless told). */
  region?: string;
  app?: AppOptions;
}

export function useTestServer<Clients extends Record<string, ClientClass> = {}>(options: TestServerOptions<Clients> = {}): TestEnv<Clients> {
  let server: TestServer | undefined;
  const made: { destroy(): void }[] = [];
  const running = (): TestServer => {
    if (!server) throw new Error('the test server starts in the before hook: use it inside hooks and tests');
    return server;
  };
  const env = {
    get server() {
      return running();
    },
    client(Client: ClientClass, overrides?: ConfigOverrides) {
      const client = new Client(running().clientConfig(overrides));
      made.push(client);
      return client;
    },
  } as TestEnv<Clients>;
  for (const [name, Client] of Object.entries(options.clients ?? {})) {
    let client: { destroy(): void } | undefined;
    Object.defineProperty(env, name, { get: () => (client ??= env.client(Client, { region: options.region })) });
  }
  before(async () => {
    server = await startTestServer(options.app);
  });
  after(async () => {
    for (const client of made.splice(0)) client.destroy();
    await server?.stop();
  });
  return env;
}
