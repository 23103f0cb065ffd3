// The composition root: opens the store and wires the domains, their API bindings, authentication
// and authorization into one application that the HTTP server and the tests drive.
import { auditRetentionWorker, DEFAULT_AUDIT_RETENTION_DAYS } from './audit/retention.js';
import { AuditTrail } from './audit/trail.js';
import type { ServiceApi } from './aws/service.js';
import { Dispatcher } from './server/dispatch.js';
import { cloudTrailApi } from './services/cloudtrail/api.js';
import { iamApi } from './services/iam/api.js';
import { createModules } from './services/kit/module.js';
import type { Worker } from './store/workers.js';
import { PolicySimulator } from './services/iam/simulator.js';
import { accountPrincipals, principalFactsLookup, principalPolicyLoaders } from './services/iam/account-principals.js';
import { EffectivePermissions } from './services/iam/effective-permissions.js';
import { roleSessionLookup } from './services/sts/effective-sessions.js';
import { CallerAuthorizer } from './services/iam/authorizer.js';
import { anonymousDecider, rootDecider } from './services/iam/deciders.js';
import { DeletionTasks } from './services/iam/deletion-tasks.js';
import { Iam } from './services/iam/iam.js';
import { Identities } from './services/iam/identities.js';
import { IdentityResolver, otherAccountRoots } from './services/iam/identity.js';
import { UserPolicyDecider } from './services/iam/user-decider.js';
import { LinkedServiceRegistry } from './services/iam/linked-services.js';
import { OidcProviders } from './services/iam/oidc-providers.js';
import { ServiceLinkedRoleManager } from './services/iam/service-linked-roles.js';
import { OnBehalfSessions } from './services/sts/on-behalf-sessions.js';
import { SessionPolicyDecider } from './services/sts/session-decider.js';
import { FederatedUserDecider } from './services/sts/federation-token.js';
import { SessionStore } from './services/sts/sessions.js';
import { stsApi } from './services/sts/api.js';
import { IssuerKeys, issuerKeysDir, WebIdentity } from './services/sts/web-identity.js';
import { OutboundWebIdentity } from './services/sts/outbound-web-identity.js';
import { Sts } from './services/sts/sts.js';
import { acquireDataDirLock } from './store/data-dir-lock.js';
import { DEFAULT_DATA_DIR, Store } from './store/database.js';
import type { App, AppOptions } from './app-types.js';
import { linkedServiceModules } from './linked-modules.js';
import { onFirstUse } from './on-first-use.js';

/** The App and its options live in app-types.ts (the console names App without importing this module). */
export type { App, AppOptions };

export async function createApp(options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? (() => new Date());
  const kind = options.store ?? 'sqlite';
  // One server per SQLite data dir (several share a store only on PostgreSQL): taken before the store is touched.
  const lock = kind === 'sqlite' ? acquireDataDirLock(options.dataDir ?? DEFAULT_DATA_DIR) : undefined;
  const modules = linkedServiceModules(options);
  const store = await Store.open({
    kind,
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl ?? process.env.LINKEDROLE_DATABASE_URL,
    migrations: Object.values(modules).map((module) => module.migrations),
  }).catch((error: unknown) => {
    lock?.release();
    throw error;
  });
  const audit = new AuditTrail(store);
  const iam = new Iam(store, clock);
  const iamIdentities = new Identities(store, iam, clock);
  const linkedServices = new LinkedServiceRegistry();
  /** Periodic work (deletion tasks, flow runs): each starter returns its stopper. */
  const workers: Worker[] = [];
  const slr = new ServiceLinkedRoleManager(store, iam, clock);
  const deletionTasks = new DeletionTasks(store, iam.roles, linkedServices, clock);
  workers.push(deletionTasks.worker());
  const retention = auditRetentionWorker(audit, clock, { retentionDays: DEFAULT_AUDIT_RETENTION_DAYS, ...options.auditRetention });
  if (retention) workers.push(retention);
  const oidcProviders = new OidcProviders(store, clock);
  const sessions = new SessionStore(store);
  const identities = new IdentityResolver(options.rootCredentials, [otherAccountRoots(options.otherAccounts ?? []), iamIdentities.accessKeys, sessions]);
  const sts = new Sts(store, iam, sessions, audit, clock, iamIdentities.mfa);
  // Web identity federation: the issuers' keys are the JWKS registered in the data dir (docs/federation.md).
  const webIdentity = new WebIdentity(sts, iam, oidcProviders, sessions, new IssuerKeys(issuerKeysDir(options.dataDir ?? DEFAULT_DATA_DIR)), audit, clock);
  const outboundWebIdentity = new OutboundWebIdentity(oidcProviders.outbound, iam, sessions, clock);
  const onBehalf = new OnBehalfSessions(iam, sts, audit, clock);
  const authorizer = new CallerAuthorizer(audit, {
    root: rootDecider,
    user: new UserPolicyDecider(iamIdentities),
    'assumed-role': new SessionPolicyDecider(iam, sessions),
    anonymous: anonymousDecider,
    'federated-user': new FederatedUserDecider(iamIdentities, sessions),
  });
  const simulator = new PolicySimulator(principalPolicyLoaders(iam, iamIdentities));
  workers.push(() => {
    const purge = () => void sessions.purgeExpired(clock()).catch((error) => console.error('linkedrole: purging expired STS sessions failed:', error));
    const timer = setInterval(purge, 3600_000);
    timer.unref();
    return async () => clearInterval(timer);
  });
  const linked = createModules(
    modules,
    { store, clock, findRole: (accountId, roleName) => iam.roles.find(accountId, roleName), serviceLinkedRoles: slr, onBehalf, iam, iamIdentities, audit },
    linkedServices,
  );
  workers.push(...linked.workers);
  const apis: ServiceApi[] = [iamApi({ iam, identities: iamIdentities, slr, deletionTasks, simulator, oidcProviders, audit }), stsApi(sts, { webIdentity, outbound: outboundWebIdentity }), cloudTrailApi(audit), ...linked.apis];
  const dispatcher = new Dispatcher(apis, identities, authorizer, clock, audit);
  const stoppers: (() => Promise<void>)[] = [];
  // The web console (src/console/): loaded and created on first use (its AWS SDK clients cost
  // hundreds of milliseconds to load, which the server's start must not pay); it calls this app's own APIs.
  const consoleHandler = onFirstUse(async () => (await import('./console/index.js')).createConsole(app, { ...options.console, clock }));
  const app: App = {
    store,
    iam,
    audit,
    identities,
    iamIdentities,
    authorizer,
    simulator,
    // Lex bots and aliases are the resources with resource-based policies (who-can decides with them).
    effectivePermissions: new EffectivePermissions(simulator, accountPrincipals(iam, iamIdentities), [
      async (arn) => (await linked.domains.lex.models.resourcePolicies.policiesOf([arn])).get(arn),
    ], roleSessionLookup(sessions, iam, clock), principalFactsLookup(iam, iamIdentities)),
    linkedServices,
    slr,
    deletionTasks,
    sts,
    onBehalf,
    outboundWebIdentity,
    ...linked.domains,
    dispatcher,
    async console(request, response) {
      await (await consoleHandler())(request, response);
    },
    startBackgroundWork() {
      for (const start of workers) stoppers.push(start());
    },
    async close() {
      for (const stop of stoppers) await stop();
      await audit.flush();
      await store.close();
      lock?.release();
    },
  };
  return app;
}
