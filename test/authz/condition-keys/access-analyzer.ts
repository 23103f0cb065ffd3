// Condition-key rows of IAM Access Analyzer's analyzers, findings and archive rules: every action on an
// analyzer documents aws:ResourceTag/${TagKey} (the Analyzer type); CreateAnalyzer and TagResource
// aws:RequestTag/${TagKey} and aws:TagKeys, UntagResource aws:TagKeys. The targets are unused-access analyzers
// made by root (tagged team=blue; an account may have only one external-access analyzer per region, and these
// need a fresh one per case), with AWSServiceRoleForAccessAnalyzer made by the first. The calls go through the
// signed REST-JSON client (this table has no Access Analyzer SDK client); an operation refused after
// authorization (a finding of an unused-access analyzer by ListFindings) still shows the decision.
import { ACCOUNT, RIGHT_TAG, TAG, type Clients, type Row, type Target } from './support.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer`;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

async function analyzer(root: Clients, n: number): Promise<Target> {
  const name = `aa-${n}`;
  const made = (await root.rest('access-analyzer', 'PUT', '/analyzer', { analyzerName: name, type: 'ACCOUNT_UNUSED_ACCESS', tags: { [TAG[0]]: TAG[1], stage: 'prod' } })) as { arn: string };
  await root.rest('access-analyzer', 'PUT', `/analyzer/${name}/archive-rule`, { ruleName: 'rule', filter: { status: { eq: ['ACTIVE'] } } });
  return { name, arn: made.arn };
}

type Call = (u: Clients, t: Target) => Promise<unknown>;
const onAnalyzer = (calls: [string, Call][]): Row[] => calls.map(([operation, call]) => ({ operation, action: `access-analyzer:${operation}`, type: 'Analyzer', values: {}, setup: analyzer, call }));
const q = (arn: string) => encodeURIComponent(arn);
const NO_TAGS_IN_REQUEST = 'the request carries no tags (the Service Authorization Reference lists the key for the action, but the call has nothing to tag)';

export const rows: Row[] = [
  {
    operation: 'CreateAnalyzer',
    action: 'access-analyzer:CreateAnalyzer',
    type: 'Analyzer',
    values: RIGHT_TAG,
    setup: async (root, n) => ({ ...(await analyzer(root, n)), fresh: `aa-new-${n}` }),
    call: (u, t) => u.rest('access-analyzer', 'PUT', '/analyzer', { analyzerName: t.fresh, type: 'ACCOUNT_UNUSED_ACCESS', tags: { stage: 'prod' } }),
    notApplicable: { 'aws:ResourceTag/${TagKey}': 'the analyzer does not exist before the call, so it has no tags yet (the tags it is created with are aws:RequestTag/*)' },
  },
  {
    operation: 'GetAnalyzer',
    action: 'access-analyzer:GetAnalyzer',
    type: 'Analyzer',
    values: {},
    setup: analyzer,
    call: (u, t) => u.rest('access-analyzer', 'GET', `/analyzer/${t.name}`),
    notApplicable: { 'aws:RequestTag/${TagKey}': NO_TAGS_IN_REQUEST, 'aws:TagKeys': NO_TAGS_IN_REQUEST },
  },
  {
    operation: 'DeleteAnalyzer',
    action: 'access-analyzer:DeleteAnalyzer',
    type: 'Analyzer',
    values: {},
    setup: analyzer,
    call: (u, t) => u.rest('access-analyzer', 'DELETE', `/analyzer/${t.name}`),
    notApplicable: { 'aws:RequestTag/${TagKey}': NO_TAGS_IN_REQUEST, 'aws:TagKeys': NO_TAGS_IN_REQUEST },
  },
  {
    // Authorized on the analyzer of the name (an ordinary one here, with its tags); no service-linked analyzer exists, so it then answers not found.
    operation: 'DeleteServiceLinkedAnalyzer',
    action: 'access-analyzer:DeleteServiceLinkedAnalyzer',
    type: 'Analyzer',
    values: {},
    setup: analyzer,
    call: (u, t) => u.rest('access-analyzer', 'DELETE', `/service-linked-analyzer/${t.name}`),
    notApplicable: { 'aws:RequestTag/${TagKey}': NO_TAGS_IN_REQUEST, 'aws:TagKeys': NO_TAGS_IN_REQUEST },
  },
  { operation: 'TagResource', action: 'access-analyzer:TagResource', type: 'Analyzer', values: RIGHT_TAG, setup: analyzer, call: (u, t) => u.rest('access-analyzer', 'POST', `/tags/${q(t.arn)}`, { tags: { stage: 'prod' } }) },
  { operation: 'UntagResource', action: 'access-analyzer:UntagResource', type: 'Analyzer', values: { tagKey: 'extra' }, setup: analyzer, call: (u, t) => u.rest('access-analyzer', 'DELETE', `/tags/${q(t.arn)}`, undefined, { tagKeys: 'extra' }) },
  ...onAnalyzer([
    ['UpdateAnalyzer', (u, t) => u.rest('access-analyzer', 'PUT', `/analyzer/${t.name}`, { configuration: { unusedAccess: { unusedAccessAge: 30 } } })],
    ['ListTagsForResource', (u, t) => u.rest('access-analyzer', 'GET', `/tags/${q(t.arn)}`)],
    ['ListFindings', (u, t) => u.rest('access-analyzer', 'POST', '/finding', { analyzerArn: t.arn })],
    ['GetFinding', (u, t) => u.rest('access-analyzer', 'GET', `/finding/${MISSING_ID}`, undefined, { analyzerArn: t.arn })],
    ['UpdateFindings', (u, t) => u.rest('access-analyzer', 'PUT', '/finding', { analyzerArn: t.arn, resourceArn: ROLE, status: 'ARCHIVED' })],
    ['ListAnalyzedResources', (u, t) => u.rest('access-analyzer', 'POST', '/analyzed-resource', { analyzerArn: t.arn })],
    ['GetAnalyzedResource', (u, t) => u.rest('access-analyzer', 'GET', '/analyzed-resource', undefined, { analyzerArn: t.arn, resourceArn: ROLE })],
    ['StartResourceScan', (u, t) => u.rest('access-analyzer', 'POST', '/resource/scan', { analyzerArn: t.arn, resourceArn: ROLE })],
    ['GetFindingsStatistics', (u, t) => u.rest('access-analyzer', 'POST', '/analyzer/findings/statistics', { analyzerArn: t.arn })],
    ['ListArchiveRules', (u, t) => u.rest('access-analyzer', 'GET', `/analyzer/${t.name}/archive-rule`)],
    ['GenerateFindingRecommendation', (u, t) => u.rest('access-analyzer', 'POST', `/recommendation/${MISSING_ID}`, undefined, { analyzerArn: t.arn })],
    ['GetFindingRecommendation', (u, t) => u.rest('access-analyzer', 'GET', `/recommendation/${MISSING_ID}`, undefined, { analyzerArn: t.arn })],
    ['CreateAccessPreview', (u, t) => u.rest('access-analyzer', 'PUT', '/access-preview', { analyzerArn: t.arn, configurations: { [ROLE]: { iamRole: {} } } })],
    ['GetAccessPreview', (u, t) => u.rest('access-analyzer', 'GET', `/access-preview/${MISSING_ID}`, undefined, { analyzerArn: t.arn })],
    ['ListAccessPreviews', (u, t) => u.rest('access-analyzer', 'GET', '/access-preview', undefined, { analyzerArn: t.arn })],
    ['ListAccessPreviewFindings', (u, t) => u.rest('access-analyzer', 'POST', `/access-preview/${MISSING_ID}`, { analyzerArn: t.arn })],
    ['ApplyArchiveRule', (u, t) => u.rest('access-analyzer', 'PUT', '/archive-rule', { analyzerArn: t.arn, ruleName: 'rule' })],
  ]),
];
