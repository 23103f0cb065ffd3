// Access Analyzer's operations of one kind: policy generation from the audit trail (policy-generation.ts,
// generated-policy.ts). Composed with the others by api.ts. Each is authorized as access-analyzer:<Action>
// on `*` (the Service Authorization Reference gives them no resource type); StartPolicyGeneration also
// passes the access role to the service (iam:PassRole with iam:PassedToService).
import { errors, type Operations, type PolicyGeneration } from '../../aws/generated/accessanalyzer.js';
import type { RequestContext, ServiceOperations } from '../../aws/service.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import { offsetPage } from '../kit/paging.js';
import type { AccessAnalyzerDomain } from './domain.js';
import { generatedPolicies } from './generated-policy.js';
import { ACCESS_ANALYZER_PRINCIPAL, principalPartition, type PolicyGenerationJob } from './policy-generation.js';

const DEFAULT_PAGE = 100;

const onAll = (action: string) => async () => [await authorizationTarget(action, '*')];
const account = (ctx: RequestContext) => ctx.caller.accountId;

const summaryOf = (job: PolicyGenerationJob): PolicyGeneration => ({
  jobId: job.jobId,
  principalArn: job.principalArn,
  status: job.status,
  startedOn: job.startedOn,
  completedOn: job.completedOn,
});

export function generationOperations(domain: AccessAnalyzerDomain): ServiceOperations<Operations> {
  const jobs = domain.policyGenerations;
  return {
    StartPolicyGeneration: {
      summary:
        "Reads what the user or role was allowed to do in cloudTrailDetails' period and regions from the audit trail, through the access role (assumed by access-analyzer.amazonaws.com); SUCCEEDED or FAILED when it answers",
      authorize: async (input) => {
        const targets = [await authorizationTarget('access-analyzer:StartPolicyGeneration', '*')];
        const role = input.cloudTrailDetails?.accessRole;
        if (role) targets.push(await authorizationTarget('iam:PassRole', role, { keys: { 'iam:PassedToService': ACCESS_ANALYZER_PRINCIPAL } }));
        return targets;
      },
      handle: async (input, ctx) => ({
        jobId: await jobs.start(
          { accountId: account(ctx), region: ctx.region, now: ctx.receivedAt },
          { principalArn: input.policyGenerationDetails.principalArn, cloudTrailDetails: input.cloudTrailDetails, clientToken: input.clientToken },
        ),
      }),
    },
    GetGeneratedPolicy: {
      summary: 'The least-privilege policy of a job: the actions allowed on the resources seen (or the resource types\' ARN formats with includeResourcePlaceholders), split at 6,144 characters',
      authorize: onAll('access-analyzer:GetGeneratedPolicy'),
      handle: async (input, ctx) => {
        const job = await jobs.get(account(ctx), input.jobId);
        const policies =
          job.status === 'SUCCEEDED'
            ? await generatedPolicies(job.uses, { placeholders: input.includeResourcePlaceholders === true, partition: principalPartition(job.principalArn), accountId: account(ctx) })
            : undefined;
        return {
          jobDetails: { jobId: job.jobId, status: job.status, startedOn: job.startedOn, completedOn: job.completedOn, jobError: job.error },
          generatedPolicyResult: {
            generatedPolicies: policies?.map((policy) => ({ policy })),
            properties: {
              // Every action of every event the trail holds is in the policy.
              isComplete: job.status === 'SUCCEEDED',
              principalArn: job.principalArn,
              cloudTrailProperties: {
                startTime: job.cloudTrail.startTime,
                endTime: job.cloudTrail.endTime,
                trailProperties: job.cloudTrail.trails.map((t) => ({ cloudTrailArn: t.cloudTrailArn, regions: t.regions, allRegions: t.allRegions })),
              },
            },
          },
        };
      },
    },
    ListPolicyGenerations: {
      summary: 'The jobs started in the last seven days, newest first, of one principal when given',
      authorize: onAll('access-analyzer:ListPolicyGenerations'),
      handle: async (input, ctx) => {
        const all = await jobs.list(account(ctx), ctx.receivedAt, input.principalArn);
        const page = offsetPage(all, input.maxResults, input.nextToken, DEFAULT_PAGE, (message) => errors.ValidationException(message, { reason: 'fieldValidationFailed', fieldList: [{ name: 'nextToken', message }] }));
        return { policyGenerations: page.items.map(summaryOf), nextToken: page.nextToken };
      },
    },
    CancelPolicyGeneration: {
      summary: 'Cancels a job in progress; every job has finished by the time StartPolicyGeneration answers, so it is left as it is',
      authorize: onAll('access-analyzer:CancelPolicyGeneration'),
      handle: async (input, ctx) => (await jobs.cancel(account(ctx), input.jobId, ctx.receivedAt), {}),
    },
  };
}
