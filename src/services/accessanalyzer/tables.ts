// Access Analyzer's analyzer tables (migrations 0030 to 0032): their row types, and the store's query builder
// typed with them (the module keeps its own row types; the core's schema does not name them).
import type { Kysely, Transaction } from 'kysely';
import type { Store, Tx } from '../../store/database.js';
import type { Schema } from '../../store/schema.js';

export interface AnalyzerRow {
  account_id: string;
  region: string;
  name: string;
  arn: string;
  /** CreateAnalyzer's type: ACCOUNT, ACCOUNT_UNUSED_ACCESS, ... */
  type: string;
  /** JSON AnalyzerConfiguration, or null when the type takes none. */
  configuration: string | null;
  /** JSON tag map. */
  tags: string;
  status: string;
  created_at: string;
  last_resource_analyzed: string | null;
  last_resource_analyzed_at: string | null;
}

export interface ArchiveRuleRow {
  analyzer_arn: string;
  rule_name: string;
  /** JSON filter: key -> Criterion. */
  filter: string;
  created_at: string;
  updated_at: string;
}

export interface FindingRow {
  analyzer_arn: string;
  id: string;
  /** What the finding is about, stable across analyses (resource, principal, action, condition): one row per key. */
  finding_key: string;
  finding_type: string;
  resource: string;
  resource_type: string;
  resource_owner_account: string;
  /** JSON of the finding's details (external access: principal, action, condition, isPublic; unused: its kind's details). */
  details: string;
  status: string;
  created_at: string;
  updated_at: string;
  analyzed_at: string;
}

export interface AnalyzedResourceRow {
  analyzer_arn: string;
  resource_arn: string;
  resource_type: string;
  resource_owner_account: string;
  /** A digest of what was analyzed (the role's trust policy, its use): a change means analyzing it anew. */
  fingerprint: string;
  created_at: string;
  analyzed_at: string;
  updated_at: string;
}

export interface RecommendationRow {
  analyzer_arn: string;
  finding_id: string;
  resource_arn: string;
  /** SUCCEEDED or FAILED (generation runs within GenerateFindingRecommendation). */
  status: string;
  /** JSON RecommendedStep[] (dates as ISO text). */
  steps: string;
  /** JSON RecommendationError, or null. */
  error: string | null;
  started_at: string;
  completed_at: string;
}

export interface AccessPreviewRow {
  id: string;
  analyzer_arn: string;
  /** JSON: resource ARN -> Configuration, as proposed. */
  configurations: string;
  status: string;
  /** AccessPreviewStatusReasonCode, or null. */
  status_reason: string | null;
  /** JSON: the preview's findings (PreviewFinding[], dates as ISO text). */
  findings: string;
  created_at: string;
}

/** What an analyzer's findings were last derived from (0086): Analysis.version's answer then. */
export interface AnalysisVersionRow {
  analyzer_arn: string;
  source_version: string;
}

// A type (not an interface) so that it satisfies Kysely's withTables constraint.
export type AnalyzerTables = {
  accessanalyzer_analyzers: AnalyzerRow;
  accessanalyzer_archive_rules: ArchiveRuleRow;
  accessanalyzer_findings: FindingRow;
  accessanalyzer_analyzed_resources: AnalyzedResourceRow;
  accessanalyzer_recommendations: RecommendationRow;
  accessanalyzer_access_previews: AccessPreviewRow;
  accessanalyzer_analysis_versions: AnalysisVersionRow;
};

export type AnalyzerDb = Kysely<Schema & AnalyzerTables>;
export type AnalyzerTx = Transaction<Schema & AnalyzerTables>;

export const tables = (store: Store): AnalyzerDb => store.db.withTables<AnalyzerTables>();
export const txTables = (tx: Tx): AnalyzerTx => tx.withTables<AnalyzerTables>() as AnalyzerTx;
