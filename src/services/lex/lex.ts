// The Lex V2 domain, assembled: the model-building API's state and rules, conversations, channel
// integrations, the grants Lex writes into its roles, and what uses those roles.
import type { LinkedServicePlatform } from '../kit/module.js';
import { BotAnalyzer } from './analyzer.js';
import { BotGenerations } from './generation.js';
import { BotRecommendations } from './recommendations.js';
import { Channels } from './channels.js';
import { makeContext, type LexContext, type LexOptions } from './context.js';
import { Conversations } from './conversations.js';
import { Exports } from './exports.js';
import { Imports } from './imports.js';
import { LexModels } from './models.js';
import { BotRoleUsage, ChannelRoleUsage } from './role-usage.js';
import { BotReplicas } from './replicas.js';
import { TestExecutions } from './test-executions.js';
import { TestSetDiscrepancies } from './test-set-discrepancies.js';
import { TestSetGenerations } from './test-set-generations.js';
import { TestSets } from './test-sets.js';
import { TransferUrls } from './upload-urls.js';
import { TurnLog } from './turn-log.js';
import { LexAnalytics } from './analytics.js';

export class Lex {
  readonly ctx: LexContext;
  readonly models: LexModels;
  readonly conversations: Conversations;
  /** Every runtime turn the bots answered (turn-log.ts): what analytics, test sets and recommendations read. */
  readonly turnLog: TurnLog;
  /** Analytics computed from the turn log (analytics.ts). */
  readonly analytics: LexAnalytics;
  readonly channels: Channels;
  readonly botRoleUsage: BotRoleUsage;
  readonly channelRoleUsage: ChannelRoleUsage;
  /** Bot replicas in other regions, and what uses the replication role (replicas.ts). */
  readonly replicas: BotReplicas;
  /** Exports and imports in Lex's archive format, and the URLs their archives move through (upload-urls.ts). */
  readonly exports: Exports;
  readonly imports: Imports;
  readonly transfers: TransferUrls;
  /** The bot analyzer's runs on a locale's definition (analyzer.ts). */
  readonly analyzer: BotAnalyzer;
  /** The generative operations, without a model (generation.ts). */
  readonly generations: BotGenerations;
  /** Bot recommendations from the turn log's missed utterances (recommendations.ts). */
  readonly recommendations: BotRecommendations;
  /** The Test Workbench: test sets, their executions against a bot alias, discrepancy reports. */
  readonly testSets: TestSets;
  readonly testExecutions: TestExecutions;
  readonly testSetDiscrepancies: TestSetDiscrepancies;
  readonly testSetGenerations: TestSetGenerations;

  constructor(platform: LinkedServicePlatform, options: LexOptions = {}) {
    this.ctx = makeContext(platform, options);
    this.models = new LexModels(this.ctx);
    this.turnLog = new TurnLog(this.ctx);
    this.conversations = new Conversations(this.ctx, this.models, this.turnLog);
    this.analytics = new LexAnalytics(this.ctx, this.models, this.turnLog);
    this.channels = new Channels(this.ctx, this.models, this.conversations);
    this.botRoleUsage = new BotRoleUsage(this.ctx, this.conversations);
    this.channelRoleUsage = new ChannelRoleUsage(this.ctx, this.conversations);
    this.replicas = new BotReplicas(this.ctx, this.models.bots);
    this.transfers = new TransferUrls(this.ctx, {
      exportArchive: (id) => this.exports.archiveFor(id),
      uploadKey: (id) => this.imports.uploadKey(id),
      storeUpload: (id, archive) => this.imports.storeUpload(id, archive),
      executionArtifacts: (id) => this.testExecutions.artifacts(id),
    });
    this.testSets = new TestSets(this.ctx);
    this.testExecutions = new TestExecutions(this.ctx, this.testSets, this.conversations, this.transfers);
    this.testSetDiscrepancies = new TestSetDiscrepancies(this.ctx, this.testSets, this.models);
    this.testSetGenerations = new TestSetGenerations(this.ctx, this.testSets, this.models, this.turnLog);
    this.exports = new Exports(this.ctx, this.models, this.transfers, this.testSets);
    this.imports = new Imports(this.ctx, this.models, this.transfers, this.testSets);
    this.analyzer = new BotAnalyzer(this.ctx, this.models.bots, this.models.locales);
    this.generations = new BotGenerations(this.ctx, this.models.bots, this.models.locales);
    this.recommendations = new BotRecommendations(this.ctx, this.models.bots, this.models.locales, this.turnLog);
  }
}
