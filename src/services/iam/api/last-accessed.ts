// Last accessed data (GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails and
// ...WithEntities, ListPoliciesGrantingServiceAccess; last-accessed.ts) and GetHumanReadableSummary
// (policy-summary.ts). Generate and ListPoliciesGrantingServiceAccess are authorized on the entity's ARN,
// the reports' reads on `*`, as the Service Authorization Reference gives them.
import type { AuditTrail } from '../../../audit/trail.js';
import { errors, type EntityDetails, type Operations, type PolicyGrantingServiceAccess, type ServiceLastAccessed } from '../../../aws/generated/iam.js';
import type { RequestContext, ServiceOperations } from '../../../aws/service.js';
import { authorizationTarget } from '../condition-keys.js';
import type { DelegationRequests } from '../delegation.js';
import { IamEntities, type Entity } from '../entities.js';
import { nameKey, readTags } from '../identity-tags.js';
import type { Iam } from '../iam.js';
import type { Identities } from '../identities.js';
import { entitiesFor, LastAccessed, type LastAccessedJob } from '../last-accessed.js';
import { pageInOrder } from '../paging.js';
import { summarize, supportedLocale, type SummarizedPolicy } from '../policy-summary.js';
import { servicesAllowed } from '../service-access.js';
import { account, onAll, paged } from './common.js';

const DELEGATION_REQUEST_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):delegation-request\/([^/]+)$/;

export function lastAccessedOperations(iam: Iam, identities: Identities, audit: AuditTrail, delegationRequests: DelegationRequests): ServiceOperations<Operations> {
  const entities = new IamEntities(iam, identities);
  const lastAccessed = new LastAccessed(iam.store, entities, audit, identities.clock);
  /**
   * A permission on the entity an ARN names, with its tags (aws:ResourceTag/*, and iam:ResourceTag/* on users
   * and roles) when it exists; a request naming none is decided on the ARN alone, and refused or answered after.
   */
  const onEntity = async (action: string, arn: string, ctx: RequestContext) => {
    const entity = await entities.resolve(account(ctx), arn, ['user', 'group', 'role', 'policy']).catch((error: unknown) => {
      if (errors.InvalidInput.is(error) || errors.NoSuchEntity.is(error)) return undefined;
      throw error;
    });
    const tags = async () => {
      if (!entity) return undefined;
      if (entity.kind === 'role') return iam.roles.tags(entity.accountId, entity.name);
      if (entity.kind === 'user') return readTags(iam.store.db, entity.accountId, 'user', nameKey(entity.name));
      if (entity.kind === 'policy' && iam.policies.isCustomer(entity.accountId, entity.arn)) return readTags(iam.store.db, entity.accountId, 'policy', nameKey(entity.name));
      return undefined;
    };
    return [await authorizationTarget(action, arn, { resourceTags: tags })];
  };
  const onArn = (action: string) => (input: { Arn: string }, ctx: RequestContext) => onEntity(action, input.Arn, ctx);
  const job = (input: { JobId: string }, ctx: RequestContext) => lastAccessed.job(account(ctx), ctx.caller.arn, input.JobId);
  const jobFields = (j: LastAccessedJob) => ({ JobStatus: j.status, JobCreationDate: j.created, JobCompletionDate: j.completed!, Error: j.error });

  /** A managed policy's or an inline policy's title in a summary. */
  const titled = (p: { policyName: string; policyType: string; policyArn?: string; entityType?: string; entityName?: string; document: string }): SummarizedPolicy => ({
    title: p.policyType === 'MANAGED' ? `Managed policy ${p.policyName} (${p.policyArn})` : `Inline policy ${p.policyName} of ${p.entityType!.toLowerCase()} ${p.entityName}`,
    document: p.document,
  });

  return {
    GenerateServiceLastAccessedDetails: {
      summary: "Computes the report at once (COMPLETED): the services the entity's permissions policies allow, each with its latest attempt (allowed or denied) in the audit trail's last 400 days",
      authorize: onArn('iam:GenerateServiceLastAccessedDetails'),
      handle: async (input, ctx) => ({
        JobId: await lastAccessed.generate(account(ctx), ctx.caller.arn, input.Arn, input.Granularity ?? 'SERVICE_LEVEL', ctx.receivedAt),
      }),
    },
    GetServiceLastAccessedDetails: {
      summary: 'The report of a job the same user or role session generated, by service namespace, paged',
      authorize: onAll('iam:GetServiceLastAccessedDetails'),
      handle: async (input, ctx) => {
        const j = await job(input, ctx);
        const services = j.report?.services ?? [];
        const page = paged(pageInOrder(services, input), 'ServicesLastAccessed', (s): ServiceLastAccessed => ({
          ServiceName: s.name,
          ServiceNamespace: s.namespace,
          LastAuthenticated: s.last ? new Date(s.last.time) : undefined,
          LastAuthenticatedEntity: s.last?.entity,
          LastAuthenticatedRegion: s.last?.region,
          TotalAuthenticatedEntities: s.entities > 0 ? s.entities : undefined,
          TrackedActionsLastAccessed:
            s.actions && s.actions.length > 0
              ? s.actions.map((a) => ({ ActionName: a.name, LastAccessedEntity: a.entity, LastAccessedRegion: a.region, LastAccessedTime: new Date(a.time) }))
              : undefined,
        }));
        return { ...jobFields(j), JobType: j.granularity, ...page };
      },
    },
    GetServiceLastAccessedDetailsWithEntities: {
      summary: "A job's users and roles that could have used the service's permissions (a group's members, a policy's users and roles; a user or role itself), latest attempt first",
      authorize: onAll('iam:GetServiceLastAccessedDetailsWithEntities'),
      handle: async (input, ctx) => {
        const j = await job(input, ctx);
        const list = j.report ? entitiesFor(j.report, input.ServiceNamespace) : [];
        const page = paged(pageInOrder(list, input), 'EntityDetailsList', (e): EntityDetails => ({
          EntityInfo: { Arn: e.arn, Name: e.name, Type: e.kind === 'user' ? 'USER' : 'ROLE', Id: e.id, Path: e.path },
          LastAuthenticated: e.last ? new Date(e.last) : undefined,
        }));
        return { ...jobFields(j), ...page };
      },
    },
    ListPoliciesGrantingServiceAccess: {
      summary: "Per namespace asked, the entity's permissions policies (a user's groups' too) with an Allow statement granting one of its actions",
      authorize: onArn('iam:ListPoliciesGrantingServiceAccess'),
      handle: async (input, ctx) => {
        const entity = await entities.resolve(account(ctx), input.Arn, ['user', 'group', 'role']);
        const policies = await entities.permissionsPolicies(entity);
        const grants = await Promise.all(policies.map((p) => servicesAllowed([p.document])));
        return {
          PoliciesGrantingServiceAccess: input.ServiceNamespaces.map((namespace) => ({
            ServiceNamespace: namespace,
            Policies: policies
              .filter((_, i) => grants[i].has(namespace.toLowerCase()))
              .map((p): PolicyGrantingServiceAccess => ({ PolicyName: p.policyName, PolicyType: p.policyType, PolicyArn: p.policyArn, EntityType: p.entityType, EntityName: p.entityName })),
          })),
          IsTruncated: false,
        };
      },
    },
    GetHumanReadableSummary: {
      summary: "A deterministic English summary of a delegation request's permission policy, or of a policy's, role's or user's permissions policies (per statement: effect, actions by service with the reference's descriptions, resources, conditions)",
      authorize: async (input, ctx) => {
        const delegation = DELEGATION_REQUEST_ARN.exec(input.EntityArn);
        if (!delegation) return onEntity('iam:GetHumanReadableSummary', input.EntityArn, ctx);
        // As GetDelegationRequest: the request's owner as iam:DelegationRequestOwner.
        const request = await delegationRequests.find(delegation[2], ctx.receivedAt);
        return [await authorizationTarget('iam:GetHumanReadableSummary', input.EntityArn, { keys: { 'iam:DelegationRequestOwner': request?.ownerId } })];
      },
      handle: async (input, ctx) => {
        const locale = input.Locale ?? 'en-US';
        const delegation = DELEGATION_REQUEST_ARN.exec(input.EntityArn);
        let subject: string;
        let policies: SummarizedPolicy[];
        if (delegation) {
          // Visible as GetDelegationRequest's request is: to its requestor account and its owner.
          const request = await delegationRequests.get(delegation[2], ctx.caller, ctx.receivedAt);
          subject = `Delegation request ${request.id} (${request.description})`;
          policies = [{ title: 'Permission policy requested', document: request.permissionPolicy }];
        } else {
          const entity: Entity = await entities.resolve(account(ctx), input.EntityArn, ['policy', 'role', 'user']);
          subject = `${entity.kind === 'policy' ? 'Managed policy' : entity.kind === 'role' ? 'Role' : 'User'} ${entity.name} (${entity.arn})`;
          policies = (await entities.permissionsPolicies(entity)).map(titled);
        }
        if (!supportedLocale(locale)) return { SummaryState: 'NOT_SUPPORTED', Locale: locale, SummaryContent: '' };
        return { SummaryState: 'AVAILABLE', Locale: locale, SummaryContent: await summarize(subject, policies) };
      },
    },
  };
}
