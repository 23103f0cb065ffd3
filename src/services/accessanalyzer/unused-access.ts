// The analysis of an unused-access analyzer (ACCOUNT_UNUSED_ACCESS): over the tracking period (the
// analyzer's unusedAccessAge, days back from now), from IAM's state and the audit trail:
//   UnusedIAMRole           a role (not service-linked) older than the period whose sessions made no call in it
//                           (RoleLastUsed before the period, or never);
//   UnusedIAMUserAccessKey  an active access key older than the period that signed no request in it;
//   UnusedIAMUserPassword   a console password older than the period not used to sign in during it;
//   UnusedPermission        per service a role or user is granted (Allow statements' Action of its identity
//                           policies): the service unused in the period, or the actions it names explicitly
//                           that were unused; a role that is unused has no permission findings.
// Actions granted only by a wildcard across services ("*") are not listed (they name no service). Exclusions
// (analysisRule.exclusions) by account and by resource tags are honoured.
import type { AnalyzerConfiguration } from '../../aws/generated/accessanalyzer.js';
import type { AuditTrail } from '../../audit/trail.js';
import type { AuditEventRow } from '../../store/schema.js';
import { accessKeyLastUse } from '../iam/access-keys.js';
import type { Iam } from '../iam/iam.js';
import type { Identities } from '../iam/identities.js';
import { nameKey, readTags, tagMap } from '../iam/identity-tags.js';
import type { User } from '../iam/users.js';
import type { PolicyInput } from '../../policy/types.js';
import { UNUSED_ACCESS_AGE, type Analyzer } from './analyzers.js';
import { digest, type Analysis, type ObservedFinding, type ObservedResource } from './findings.js';
import { allRoles } from './role-analysis.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Audit events read per principal (the newest first). */
const EVENTS_PER_PRINCIPAL = 10_000;

/** The actions each service namespace is granted by Allow statements (lower-cased service, actions as written). */
export function grantedActions(policies: readonly PolicyInput[]): Map<string, Set<string>> {
  const granted = new Map<string, Set<string>>();
  for (const input of policies) {
    let document: { Statement?: unknown };
    try {
      document = JSON.parse(input.policy.source) as { Statement?: unknown };
    } catch {
      continue;
    }
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    for (const statement of statements as { Effect?: string; Action?: unknown }[]) {
      if (!statement || statement.Effect !== 'Allow' || statement.Action === undefined) continue;
      for (const action of (Array.isArray(statement.Action) ? statement.Action : [statement.Action]).map(String)) {
        const [service, name] = action.split(':');
        if (!name) continue;
        const key = service.toLowerCase();
        granted.set(key, (granted.get(key) ?? new Set()).add(action));
      }
    }
  }
  return granted;
}

/** The last use of each action (lower-cased) and of each service, from allowed audit events. */
function lastUses(events: AuditEventRow[]): { actions: Map<string, Date>; services: Map<string, Date> } {
  const actions = new Map<string, Date>();
  const services = new Map<string, Date>();
  for (const event of events) {
    if (event.decision !== 'allowed') continue;
    const at = new Date(event.event_time);
    const action = event.action.toLowerCase();
    const service = action.split(':')[0];
    if (!(actions.get(action)! >= at)) actions.set(action, at);
    if (!(services.get(service)! >= at)) services.set(service, at);
  }
  return { actions, services };
}

/** UnusedPermission findings: per granted service, the service or its explicitly named actions unused since `cutoff`. */
export function unusedPermissions(granted: Map<string, Set<string>>, events: AuditEventRow[], cutoff: Date): ObservedFinding[] {
  const used = lastUses(events);
  const findings: ObservedFinding[] = [];
  for (const [service, actions] of [...granted].sort(([a], [b]) => a.localeCompare(b))) {
    if (service === '*') continue;
    const serviceUse = used.services.get(service);
    const named = [...actions].filter((a) => !/[*?]/.test(a)).sort();
    const unusedNamed = named.filter((a) => !(used.actions.get(a.toLowerCase())! >= cutoff));
    const serviceUnused = !(serviceUse! >= cutoff);
    if (!serviceUnused && unusedNamed.length === 0) continue;
    const listed = serviceUnused ? named : unusedNamed;
    const detailActions = listed.map((action) => {
      const at = used.actions.get(action.toLowerCase());
      return { action, ...(at ? { lastAccessed: at.toISOString() } : {}) };
    });
    findings.push({
      key: digest(['UnusedPermission', service, listed]),
      findingType: 'UnusedPermission',
      details: { unusedPermissionDetails: { serviceNamespace: service, ...(serviceUse ? { lastAccessed: serviceUse.toISOString() } : {}), ...(detailActions.length ? { actions: detailActions } : {}) } },
    });
  }
  return findings;
}

/** Is a resource with these tags excluded by the analyzer's exclusions (every tag of one map present)? */
function excludedByTags(configuration: AnalyzerConfiguration | undefined, tags: Record<string, string>): boolean {
  const exclusions = configuration?.unusedAccess?.analysisRule?.exclusions ?? [];
  return exclusions.some((e) => (e.resourceTags ?? []).some((map) => Object.keys(map).length > 0 && Object.entries(map).every(([k, v]) => tags[k] === v)));
}

export class UnusedAccessAnalysis implements Analysis {
  constructor(
    private readonly iam: Iam,
    private readonly identities: Identities,
    private readonly audit: AuditTrail,
    private readonly clock: () => Date,
  ) {}

  async observe(analyzer: Analyzer): Promise<ObservedResource[]> {
    const { accountId } = analyzer.scope;
    const exclusions = analyzer.configuration?.unusedAccess?.analysisRule?.exclusions ?? [];
    if (exclusions.some((e) => (e.accountIds ?? []).includes(accountId))) return [];
    const days = analyzer.configuration?.unusedAccess?.unusedAccessAge ?? UNUSED_ACCESS_AGE.default;
    const cutoff = new Date(this.clock().getTime() - days * DAY_MS);
    const observed: ObservedResource[] = [];
    const resource = (arn: string, type: 'AWS::IAM::Role' | 'AWS::IAM::User', findings: ObservedFinding[]): ObservedResource => ({ arn, type, owner: accountId, fingerprint: digest(findings), findings });

    for (const role of await allRoles(this.iam, accountId)) {
      if (role.serviceLinked) continue;
      if (excludedByTags(analyzer.configuration, tagMap(await this.iam.roles.tags(accountId, role.roleName)))) continue;
      const findings: ObservedFinding[] = [];
      const lastUsed = role.lastUsed?.date;
      if (role.createDate < cutoff && !(lastUsed! >= cutoff)) {
        findings.push({ key: 'UnusedIAMRole', findingType: 'UnusedIAMRole', details: { unusedIamRoleDetails: lastUsed ? { lastAccessed: lastUsed.toISOString() } : {} } });
      } else {
        const events = (await this.audit.query({ accountId, roleName: role.roleName, kind: 'api', limit: EVENTS_PER_PRINCIPAL })).filter((e) =>
          e.principal_arn.includes(`:assumed-role/${role.roleName}/`),
        );
        findings.push(...unusedPermissions(grantedActions((await this.iam.rolePolicies.load(role)).identity), events, cutoff));
      }
      observed.push(resource(role.arn, 'AWS::IAM::Role', findings));
    }

    for (const user of await this.allUsers(accountId)) {
      if (excludedByTags(analyzer.configuration, tagMap(await readTags(this.store.db, accountId, 'user', nameKey(user.userName))))) continue;
      const findings: ObservedFinding[] = [];
      for (const key of await this.identities.accessKeys.list(accountId, user.userName)) {
        if (key.status !== 'Active' || key.createDate >= cutoff) continue;
        const use = await accessKeyLastUse(this.store.db, key.accessKeyId);
        if (use && use.date >= cutoff) continue;
        findings.push({
          key: `UnusedIAMUserAccessKey|${key.accessKeyId}`,
          findingType: 'UnusedIAMUserAccessKey',
          details: { unusedIamUserAccessKeyDetails: { accessKeyId: key.accessKeyId, ...(use ? { lastAccessed: use.date.toISOString() } : {}) } },
        });
      }
      const profile = await this.identities.passwords.find(accountId, user.userName);
      if (profile && profile.createDate < cutoff && !(profile.passwordLastUsed! >= cutoff)) {
        findings.push({ key: 'UnusedIAMUserPassword', findingType: 'UnusedIAMUserPassword', details: { unusedIamUserPasswordDetails: profile.passwordLastUsed ? { lastAccessed: profile.passwordLastUsed.toISOString() } : {} } });
      }
      const authorization = await this.identities.userAuthorization(user.userId);
      if (authorization) {
        const events = await this.audit.query({ accountId, principalArn: user.arn, kind: 'api', limit: EVENTS_PER_PRINCIPAL });
        findings.push(...unusedPermissions(grantedActions(authorization.identity), events, cutoff));
      }
      observed.push(resource(user.arn, 'AWS::IAM::User', findings));
    }
    return observed;
  }

  private get store() {
    return this.identities.store;
  }

  private async allUsers(accountId: string): Promise<User[]> {
    const users: User[] = [];
    for (let marker: string | undefined; ; ) {
      const page = await this.identities.users.list(accountId, { MaxItems: 1000, Marker: marker });
      users.push(...page.items);
      if (!page.isTruncated) return users;
      marker = page.marker;
    }
  }
}
