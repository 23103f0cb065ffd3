// Recommendations for unused-permission findings: GenerateFindingRecommendation works out, for each identity
// policy of the role or user that grants the finding's unused actions, the policy without them (CREATE_POLICY
// with the recommended document), or DETACH_POLICY when nothing of it would remain; GetFindingRecommendation
// answers it. The finding's service is left out entirely when it was not used at all in the tracking period
// (its wildcards too); otherwise only the unused actions it names. Generation runs within the call, so a
// recommendation is SUCCEEDED (or FAILED, with why) by the time it can be read.
import type { GetFindingRecommendationResponse, RecommendedStep } from '../../aws/generated/accessanalyzer.js';
import type { PolicyInput } from '../../policy/types.js';
import type { Store } from '../../store/database.js';
import { offsetPage } from '../kit/paging.js';
import { UNUSED_ACCESS_AGE, type Analyzer } from './analyzers.js';
import { invalid, invalidToken, notFound } from './errors.js';
import { detailsOf, type Findings } from './findings.js';
import { tables } from './tables.js';

interface Statement {
  Effect?: string;
  Action?: unknown;
  [key: string]: unknown;
}

/** The policy with the unused actions removed: undefined when it grants none of them, null when nothing of it remains. */
export function withoutUnused(source: string, service: string, unused: ReadonlySet<string>, wholeService: boolean): string | null | undefined {
  let document: { Statement?: unknown; [key: string]: unknown };
  try {
    document = JSON.parse(source) as typeof document;
  } catch {
    return undefined;
  }
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]) as Statement[];
  const isUnused = (action: string) => {
    const [prefix] = action.toLowerCase().split(':');
    return prefix === service && (wholeService || unused.has(action.toLowerCase()));
  };
  let changed = false;
  const kept: Statement[] = [];
  for (const statement of statements) {
    if (!statement || statement.Effect !== 'Allow' || statement.Action === undefined) {
      if (statement) kept.push(statement);
      continue;
    }
    const actions = (Array.isArray(statement.Action) ? statement.Action : [statement.Action]).map(String);
    const remaining = actions.filter((a) => !isUnused(a));
    if (remaining.length === actions.length) {
      kept.push(statement);
      continue;
    }
    changed = true;
    if (remaining.length > 0) kept.push({ ...statement, Action: remaining.length === 1 ? remaining[0] : remaining });
  }
  if (!changed) return undefined;
  return kept.length === 0 ? null : JSON.stringify({ ...document, Statement: kept });
}

export class Recommendations {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly findings: Findings,
    /** The identity policies of the role or user an ARN names (undefined when it no longer exists). */
    private readonly policiesOf: (accountId: string, principalArn: string) => Promise<PolicyInput[] | undefined>,
  ) {}

  async generate(analyzer: Analyzer, findingId: string): Promise<void> {
    const row = await this.findings.row(analyzer, findingId);
    const details = detailsOf(row);
    if (!('unusedPermissionDetails' in details) || !details.unusedPermissionDetails) {
      throw invalid(`Recommendations are only available for findings of type UnusedPermission, not ${row.finding_type}.`, 'id');
    }
    const startedAt = this.clock().toISOString();
    const unused = details.unusedPermissionDetails;
    const service = unused.serviceNamespace.toLowerCase();
    const names = new Set((unused.actions ?? []).map((a) => a.action.toLowerCase()));
    const policies = row.status === 'RESOLVED' ? undefined : await this.policiesOf(analyzer.scope.accountId, row.resource);
    // The service itself unused over the tracking period (as of the finding's analysis): all of it goes.
    const days = analyzer.configuration?.unusedAccess?.unusedAccessAge ?? UNUSED_ACCESS_AGE.default;
    const cutoff = Date.parse(row.analyzed_at) - days * 24 * 60 * 60 * 1000;
    const wholeService = unused.lastAccessed === undefined || unused.lastAccessed.getTime() < cutoff;
    const steps: RecommendedStep[] = [];
    for (const input of policies ?? []) {
      const reduced = withoutUnused(input.policy.source, service, names, wholeService);
      if (reduced === undefined) continue;
      const existingPolicyId = input.type === 'role' || input.type === 'user' || input.type === 'group' ? input.id!.split('/').pop()! : input.id!;
      steps.push({ unusedPermissionsRecommendedStep: reduced === null ? { existingPolicyId, recommendedAction: 'DETACH_POLICY' } : { existingPolicyId, recommendedAction: 'CREATE_POLICY', recommendedPolicy: reduced } });
    }
    const failed = policies === undefined;
    await tables(this.store).deleteFrom('accessanalyzer_recommendations').where('analyzer_arn', '=', analyzer.arn).where('finding_id', '=', findingId).execute();
    await tables(this.store)
      .insertInto('accessanalyzer_recommendations')
      .values({
        analyzer_arn: analyzer.arn,
        finding_id: findingId,
        resource_arn: row.resource,
        status: failed ? 'FAILED' : 'SUCCEEDED',
        steps: JSON.stringify(steps),
        error: failed ? JSON.stringify({ code: 'RESOURCE_NOT_FOUND', message: `The finding is resolved or ${row.resource} no longer exists.` }) : null,
        started_at: startedAt,
        completed_at: this.clock().toISOString(),
      })
      .execute();
  }

  async get(analyzer: Analyzer, findingId: string, maxResults: number | undefined, nextToken: string | undefined): Promise<GetFindingRecommendationResponse> {
    const row = await tables(this.store).selectFrom('accessanalyzer_recommendations').selectAll().where('analyzer_arn', '=', analyzer.arn).where('finding_id', '=', findingId).executeTakeFirst();
    if (!row) throw notFound('Finding', `${findingId} (no recommendation generated: call GenerateFindingRecommendation first)`);
    const steps = JSON.parse(row.steps) as RecommendedStep[];
    const page = offsetPage(steps, maxResults, nextToken, 100, invalidToken);
    return {
      recommendationType: 'UnusedPermissionRecommendation',
      resourceArn: row.resource_arn,
      status: row.status as GetFindingRecommendationResponse['status'],
      startedAt: new Date(row.started_at),
      completedAt: new Date(row.completed_at),
      recommendedSteps: page.items,
      ...(row.error ? { error: JSON.parse(row.error) as { code: string; message: string } } : {}),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }
}
