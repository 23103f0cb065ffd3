// The application's shape: its options and the App that createApp (app.ts) returns. Apart from the
// composition root so that the console, which app.ts loads on first use, can name App without an
// import cycle (checked by .dependency-cruiser.cjs).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RetentionOptions } from './audit/retention.js';
import type { AuditTrail } from './audit/trail.js';
import type { ConsoleOptions } from './console/options.js';
import type { LinkedDomains, LinkedModuleOptions } from './linked-modules.js';
import type { Dispatcher } from './server/dispatch.js';
import type { CallerAuthorizer } from './services/iam/authorizer.js';
import type { DeletionTasks } from './services/iam/deletion-tasks.js';
import type { Iam } from './services/iam/iam.js';
import type { Identities } from './services/iam/identities.js';
import type { IdentityResolver, OtherAccountRoot, RootCredentials } from './services/iam/identity.js';
import type { LinkedServiceRegistry } from './services/iam/linked-services.js';
import type { ServiceLinkedRoleManager } from './services/iam/service-linked-roles.js';
import type { PolicySimulator } from './services/iam/simulator.js';
import type { EffectivePermissions } from './services/iam/effective-permissions.js';
import type { OnBehalf } from './services/sts/on-behalf.js';
import type { OutboundWebIdentity } from './services/sts/outbound-web-identity.js';
import type { Sts } from './services/sts/sts.js';
import type { Store, StoreOptions } from './store/database.js';

export interface AppOptions extends LinkedModuleOptions {
  store?: StoreOptions['kind'];
  dataDir?: string;
  databaseUrl?: string;
  /** For tests: a clock other than the system's. */
  clock?: () => Date;
  /** The root identity's access key (default: the built-in test/test). */
  rootCredentials?: RootCredentials;
  /** More accounts, each with its root's access key (cross-account access: Lex resource policies, ...). */
  otherAccounts?: OtherAccountRoot[];
  /** The web console: the brake on guessing sign-ins. */
  console?: Omit<ConsoleOptions, 'clock'>;
  /** How long the audit trail keeps events (default DEFAULT_AUDIT_RETENTION_DAYS; 0 forever) and how it prunes. */
  auditRetention?: Partial<RetentionOptions>;
}

export interface App extends LinkedDomains {
  store: Store;
  iam: Iam;
  audit: AuditTrail;
  identities: IdentityResolver;
  /** IAM users, groups, access keys and customer managed policies. */
  iamIdentities: Identities;
  authorizer: CallerAuthorizer;
  /** IAM's policy simulator: principals' policies and the Simulate* APIs. */
  simulator: PolicySimulator;
  /** Effective permissions of roles and users, and who can do an action on a resource (docs/insight.md). */
  effectivePermissions: EffectivePermissions;
  /** Linked services register what uses their roles here (consulted by deletion tasks). */
  linkedServices: LinkedServiceRegistry;
  /** Service-linked roles: create/ensure, the services' own inline policies (the ServiceLinkedRoles contract). */
  slr: ServiceLinkedRoleManager;
  /** Service-linked role deletion tasks and their worker. */
  deletionTasks: DeletionTasks;
  sts: Sts;
  /** Linked services assume their roles and authorize their downstream calls through this. */
  onBehalf: OnBehalf;
  dispatcher: Dispatcher;
  /** GetWebIdentityToken's tokens and the discovery documents the server publishes for them. */
  outboundWebIdentity: OutboundWebIdentity;
  console(request: IncomingMessage, response: ServerResponse): Promise<void>;
  startBackgroundWork(): void;
  close(): Promise<void>;
}
