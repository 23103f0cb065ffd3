// Access Analyzer's operations of one kind: analyzers, their findings and archive rules, tags. Composed with
// the others by api.ts. Each names access-analyzer:<Action> on the analyzer (or archive rule) the Service
// Authorization Reference names, with the analyzer's tags; ListFindingsV2 and GetFindingV2 are authorized
// as access-analyzer:ListFindings and access-analyzer:GetFinding, as AWS documents.
import { errors, type Operations } from '../../aws/generated/accessanalyzer.js';
import type { AuthorizationTarget, RequestContext, ServiceOperations } from '../../aws/service.js';
import { authorizationTarget, type RequestFacts } from '../iam/condition-keys.js';
import { serviceLinkedRoleArn } from '../kit/arns.js';
import { resourceDoesNotExist } from '../kit/refusals.js';
import { scopeOf } from '../kit/scope.js';
import { analyzerArn, analyzerNameOf, ROLE_NAME, SERVICE_PRINCIPAL } from './analyzers.js';
import { archiveRuleArn } from './archive-rules.js';
import type { AccessAnalyzerDomain } from './domain.js';

export function analyzerOperations(domain: AccessAnalyzerDomain): ServiceOperations<Operations> {
  const { analyzers, findings, archiveRules, recommendations, accessPreviews, platform } = domain;

  /** A permission on the analyzer of that name in the caller's scope, with its tags. */
  const onNamed = async (action: string, name: string, ctx: RequestContext, facts: RequestFacts = {}): Promise<AuthorizationTarget> => {
    const scope = scopeOf(ctx);
    return authorizationTarget(action, analyzerArn(scope, name), { ...facts, resourceTags: () => analyzers.tagsOf(scope, name) });
  };
  /** A permission on the analyzer an ARN in the request names (as given), with its tags when it is one of the scope's. */
  const onArn = async (action: string, arn: string, ctx: RequestContext, facts: RequestFacts = {}): Promise<AuthorizationTarget> => {
    const scope = scopeOf(ctx);
    return authorizationTarget(action, arn, { ...facts, resourceTags: () => analyzers.tagsOf(scope, analyzerNameOf(scope, arn)) });
  };
  const named = (action: string) => async (input: { analyzerName: string }, ctx: RequestContext) => [await onNamed(action, input.analyzerName, ctx)];
  const byArn = (action: string) => async (input: { analyzerArn: string }, ctx: RequestContext) => [await onArn(action, input.analyzerArn, ctx)];
  const onRule = (action: string) => async (input: { analyzerName: string; ruleName: string }, ctx: RequestContext) => [
    await authorizationTarget(action, archiveRuleArn(analyzerArn(scopeOf(ctx), input.analyzerName), input.ruleName)),
  ];
  const analyzerOf = (input: { analyzerArn: string }, ctx: RequestContext) => analyzers.byArn(scopeOf(ctx), input.analyzerArn);
  const namedAnalyzer = (input: { analyzerName: string }, ctx: RequestContext) => analyzers.get(scopeOf(ctx), input.analyzerName);

  return {
    CreateAnalyzer: {
      authorize: async (input, ctx) => {
        const targets = [await onNamed('access-analyzer:CreateAnalyzer', input.analyzerName, ctx, { requestTags: input.tags })];
        // The account's first analyzer makes AWSServiceRoleForAccessAnalyzer, on the caller's permission.
        if (!(await platform.findRole(ctx.caller.accountId, ROLE_NAME))) {
          targets.push(await authorizationTarget('iam:CreateServiceLinkedRole', serviceLinkedRoleArn(ctx.caller.accountId, SERVICE_PRINCIPAL, ROLE_NAME), { keys: { 'iam:AWSServiceName': SERVICE_PRINCIPAL } }));
        }
        return targets;
      },
      handle: async (input, ctx) => {
        const analyzer = await analyzers.create(scopeOf(ctx), input);
        // The first analysis, with the inline archive rules in force.
        await findings.refresh(analyzer);
        return { arn: analyzer.arn };
      },
      summary: 'Creates an analyzer of external access (ACCOUNT: the account\'s roles) or unused access (ACCOUNT_UNUSED_ACCESS), with its inline archive rules; the first one makes AWSServiceRoleForAccessAnalyzer; organization types are refused (no organization)',
    },
    GetAnalyzer: {
      authorize: named('access-analyzer:GetAnalyzer'),
      handle: async (input, ctx) => {
        const analyzer = await namedAnalyzer(input, ctx);
        await findings.refresh(analyzer);
        return { analyzer: await analyzers.summary(analyzer) };
      },
      summary: 'The analyzer, with the resource it analyzed last (its analysis brought up to date first)',
    },
    ListAnalyzers: {
      authorize: async () => [await authorizationTarget('access-analyzer:ListAnalyzers', '*')],
      handle: (input, ctx) => analyzers.list(scopeOf(ctx), input),
    },
    UpdateAnalyzer: {
      authorize: named('access-analyzer:UpdateAnalyzer'),
      handle: async (input, ctx) => {
        const configuration = await analyzers.update(scopeOf(ctx), input.analyzerName, input.configuration);
        return configuration ? { configuration } : {};
      },
      summary: "Changes an unused-access analyzer's tracking period (unusedAccessAge) and exclusions; its findings follow at the next analysis",
    },
    DeleteAnalyzer: {
      authorize: named('access-analyzer:DeleteAnalyzer'),
      handle: async (input, ctx) => {
        await analyzers.delete(scopeOf(ctx), input.analyzerName);
      },
      summary: 'Deletes the analyzer with its findings and archive rules (the last one frees AWSServiceRoleForAccessAnalyzer for deletion)',
    },
    // Service-linked analyzers are made and managed by other AWS services for their customers; no service of
    // this server makes one, so a customer's CreateServiceLinkedAnalyzer is refused as AWS refuses it
    // ("Direct customer invocation returns AccessDeniedException") and no name is a service-linked analyzer.
    CreateServiceLinkedAnalyzer: {
      authorize: async (_input, ctx) => [await onNamed('access-analyzer:CreateServiceLinkedAnalyzer', '*', ctx)],
      handle: async () => {
        throw errors.AccessDeniedException('CreateServiceLinkedAnalyzer can only be invoked by an authorized AWS service; no service here manages analyzers');
      },
      summary: 'Refused to every customer caller (AccessDeniedException), as AWS does: only AWS services create service-linked analyzers, and none here does',
    },
    DeleteServiceLinkedAnalyzer: {
      authorize: named('access-analyzer:DeleteServiceLinkedAnalyzer'),
      handle: async (input, ctx) => {
        const arn = analyzerArn(scopeOf(ctx), input.analyzerName);
        throw errors.ResourceNotFoundException(resourceDoesNotExist(arn), { resourceId: arn, resourceType: 'Analyzer' });
      },
      summary: 'ResourceNotFoundException for every name: no service here creates service-linked analyzers (an ordinary analyzer of that name is not one, and stays)',
    },
    TagResource: {
      authorize: async (input, ctx) => [await onArn('access-analyzer:TagResource', input.resourceArn, ctx, { requestTags: input.tags })],
      handle: async (input, ctx) => {
        await analyzers.tag(scopeOf(ctx), input.resourceArn, input.tags);
        return {};
      },
    },
    UntagResource: {
      authorize: async (input, ctx) => [await onArn('access-analyzer:UntagResource', input.resourceArn, ctx, { tagKeys: input.tagKeys })],
      handle: async (input, ctx) => {
        await analyzers.untag(scopeOf(ctx), input.resourceArn, input.tagKeys);
        return {};
      },
    },
    ListTagsForResource: {
      authorize: async (input, ctx) => [await onArn('access-analyzer:ListTagsForResource', input.resourceArn, ctx)],
      handle: async (input, ctx) => ({ tags: await analyzers.listTags(scopeOf(ctx), input.resourceArn) }),
    },

    // --- findings and analyzed resources ---------------------------------------------------------------
    ListFindings: {
      authorize: byArn('access-analyzer:ListFindings'),
      handle: async (input, ctx) => findings.list(await analyzerOf(input, ctx), input),
      summary: "The external-access findings of the analyzer (one per role and principal outside the account its trust policy lets assume it), filtered and sorted; the account's roles analyzed anew first where they changed",
    },
    ListFindingsV2: {
      authorize: byArn('access-analyzer:ListFindings'),
      handle: async (input, ctx) => findings.listV2(await analyzerOf(input, ctx), input),
      summary: 'The findings of any kind of analyzer (external access, unused access), filtered and sorted',
    },
    GetFinding: {
      authorize: byArn('access-analyzer:GetFinding'),
      handle: async (input, ctx) => ({ finding: await findings.get(await analyzerOf(input, ctx), input.id) }),
    },
    GetFindingV2: {
      authorize: byArn('access-analyzer:GetFinding'),
      handle: async (input, ctx) => findings.getV2(await analyzerOf(input, ctx), input.id, input.maxResults, input.nextToken),
      summary: "The finding with its details (the external access, or the unused role, key, password or permissions), an unused-permission finding's actions by page",
    },
    UpdateFindings: {
      authorize: byArn('access-analyzer:UpdateFindings'),
      handle: async (input, ctx) => {
        await findings.update(await analyzerOf(input, ctx), input);
      },
      summary: 'Archives or reactivates the findings named (or every finding of a resource); resolved findings keep their status',
    },
    ListAnalyzedResources: {
      authorize: byArn('access-analyzer:ListAnalyzedResources'),
      handle: async (input, ctx) => findings.listResources(await analyzerOf(input, ctx), input),
      summary: "The account's roles the external-access analyzer analyzed",
    },
    GetAnalyzedResource: {
      authorize: byArn('access-analyzer:GetAnalyzedResource'),
      handle: async (input, ctx) => ({ resource: await findings.getResource(await analyzerOf(input, ctx), input.resourceArn) }),
    },
    StartResourceScan: {
      authorize: byArn('access-analyzer:StartResourceScan'),
      handle: async (input, ctx) => {
        await findings.scan(await analyzerOf(input, ctx), input.resourceArn);
      },
      summary: 'Analyzes the role anew now (its findings and analyzedAt), whether or not it changed',
    },
    GetFindingsStatistics: {
      authorize: byArn('access-analyzer:GetFindingsStatistics'),
      handle: async (input, ctx) => findings.statistics(await analyzerOf(input, ctx)),
      summary: "Counts of the analyzer's findings by status (external access: active public and cross-account by resource type; unused access: by kind)",
    },

    GenerateFindingRecommendation: {
      authorize: byArn('access-analyzer:GenerateFindingRecommendation'),
      handle: async (input, ctx) => {
        await recommendations.generate(await analyzerOf(input, ctx), input.id);
      },
      summary: "Works out, for an unused-permission finding, each of the principal's policies without the unused actions (CREATE_POLICY) or DETACH_POLICY when nothing remains",
    },
    GetFindingRecommendation: {
      authorize: byArn('access-analyzer:GetFindingRecommendation'),
      handle: async (input, ctx) => recommendations.get(await analyzerOf(input, ctx), input.id, input.maxResults, input.nextToken),
      summary: 'The recommendation GenerateFindingRecommendation made for the finding, its steps by page',
    },

    // --- access previews ------------------------------------------------------------------------------
    CreateAccessPreview: {
      authorize: byArn('access-analyzer:CreateAccessPreview'),
      handle: async (input, ctx) => ({ id: await accessPreviews.create(await analyzerOf(input, ctx), input.configurations) }),
      summary: "Previews the external-access findings of roles with proposed trust policies (iamRole configurations): NEW, UNCHANGED or CHANGED (RESOLVED) against the analyzer's",
    },
    GetAccessPreview: {
      authorize: byArn('access-analyzer:GetAccessPreview'),
      handle: async (input, ctx) => ({ accessPreview: await accessPreviews.get(await analyzerOf(input, ctx), input.accessPreviewId) }),
    },
    ListAccessPreviews: {
      authorize: byArn('access-analyzer:ListAccessPreviews'),
      handle: async (input, ctx) => accessPreviews.list(await analyzerOf(input, ctx), input.maxResults, input.nextToken),
    },
    ListAccessPreviewFindings: {
      authorize: byArn('access-analyzer:ListAccessPreviewFindings'),
      handle: async (input, ctx) => accessPreviews.findingsOf(await analyzerOf(input, ctx), input.accessPreviewId, input),
    },

    // --- archive rules ---------------------------------------------------------------------------------
    CreateArchiveRule: {
      authorize: onRule('access-analyzer:CreateArchiveRule'),
      handle: async (input, ctx) => {
        await archiveRules.create(await namedAnalyzer(input, ctx), input);
      },
      summary: 'Adds an archive rule: new findings it matches are archived when made (ApplyArchiveRule archives existing ones)',
    },
    GetArchiveRule: {
      authorize: onRule('access-analyzer:GetArchiveRule'),
      handle: async (input, ctx) => ({ archiveRule: await archiveRules.get(await namedAnalyzer(input, ctx), input.ruleName) }),
    },
    ListArchiveRules: {
      authorize: named('access-analyzer:ListArchiveRules'),
      handle: async (input, ctx) => archiveRules.list(await namedAnalyzer(input, ctx), input.maxResults, input.nextToken),
    },
    UpdateArchiveRule: {
      authorize: onRule('access-analyzer:UpdateArchiveRule'),
      handle: async (input, ctx) => {
        await archiveRules.update(await namedAnalyzer(input, ctx), input.ruleName, input.filter);
      },
    },
    DeleteArchiveRule: {
      authorize: onRule('access-analyzer:DeleteArchiveRule'),
      handle: async (input, ctx) => {
        await archiveRules.delete(await namedAnalyzer(input, ctx), input.ruleName);
      },
    },
    ApplyArchiveRule: {
      authorize: byArn('access-analyzer:ApplyArchiveRule'),
      handle: async (input, ctx) => {
        await archiveRules.apply(await analyzerOf(input, ctx), input.ruleName);
      },
      summary: "Archives the analyzer's active findings the rule matches",
    },
  };
}
