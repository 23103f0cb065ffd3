// Lex V2 Global Resiliency: a bot's replicas in other regions (CreateBotReplica, ...), the replication
// service-linked role AWSServiceRoleForLexV2Replication they are made through, and what a replica region
// serves: the bot, read-only, with the source region's numbered versions and aliases replicated.
//
// A replica is one row (lex_bot_replicas): Enabling -> Enabled (or Failed, with failureReasons), and
// Deleting until it is gone. The replica region reads the source bot's own rows (one bot, seen from two
// regions), so every change in the source region (a new version, an alias moved) replicates; each version's
// and alias's replication status is Creating/Updating for one transition after it changed, then Available.
import type { LexBotReplicaRow } from '../../store/schema.js';
import type { AuthorizationTarget, OperationImpl, RequestContext, ServiceOperations } from '../../aws/service.js';
import type { Operations as ModelsOperations } from '../../aws/generated/lexv2-models.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import { scopeOf } from '../kit/scope.js';
import { serviceRegions } from '../../aws/regions.js';
import type {
  CreateBotReplicaResponse,
  DeleteBotReplicaResponse,
  DescribeBotReplicaResponse,
  ListBotAliasReplicasRequest,
  ListBotAliasReplicasResponse,
  ListBotReplicasResponse,
  ListBotVersionReplicasRequest,
  ListBotVersionReplicasResponse,
  BotReplicaSummary,
} from '../../aws/generated/lexv2-models.js';
import { usageByRegion, type LinkedService, type RoleUsage } from '../iam/linked-services.js';
import { serviceLinkedRoleArn } from '../kit/arns.js';
import type { Scope } from '../kit/scope.js';
import { conflict, invalid, notFound, page, parseJson, preconditionFailed, type LexContext } from './context.js';
import { botArn, DRAFT, TEST_ALIAS_ID } from './ids.js';
import { effectiveStatus, transition } from './status.js';
import type { BotLookup } from './types.js';

export const REPLICATION_PRINCIPAL = 'replication.lexv2.amazonaws.com';
export const REPLICATION_ROLE = 'AWSServiceRoleForLexV2Replication';
export const replicationRoleArn = (accountId: string): string => serviceLinkedRoleArn(accountId, REPLICATION_PRINCIPAL, REPLICATION_ROLE);

/** The regions Lex V2's model-building API is offered in (data/aws-endpoints): the only replica regions. */
const LEX_REGIONS = new Set(serviceRegions('models-v2-lex').regions);

/** The replica operations: answered for the bot of the region signed for, never rewritten to a source region. */
export const REPLICA_OPERATIONS = new Set(['CreateBotReplica', 'DescribeBotReplica', 'DeleteBotReplica', 'ListBotReplicas', 'ListBotAliasReplicas', 'ListBotVersionReplicas']);

/** What a replica region serves of its bot: reads and conversations; anything else is changed in the source region. */
const READ_IN_REPLICA = /^(Describe|List|Search)|^(RecognizeText|RecognizeUtterance|GetSession|PutSession|DeleteSession)$/;

type Status = LexBotReplicaRow['status'];

export class BotReplicas implements LinkedService {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
  ) {}

  /** The replica's status now, or undefined once its deletion has finished. */
  private statusOf(row: LexBotReplicaRow, now: Date): Status | undefined {
    if (row.status === 'Deleting' && (row.status_until === null || now.toISOString() >= row.status_until)) return undefined;
    return effectiveStatus(row, now);
  }

  /** The live replicas (`where` narrows them); rows whose deletion finished are removed. */
  private async live(where: { accountId: string; botId?: string; sourceRegion?: string; replicaRegion?: string }): Promise<(LexBotReplicaRow & { now: Status })[]> {
    let query = this.ctx.store.db.selectFrom('lex_bot_replicas').selectAll().where('account_id', '=', where.accountId);
    if (where.botId !== undefined) query = query.where('bot_id', '=', where.botId);
    if (where.sourceRegion !== undefined) query = query.where('source_region', '=', where.sourceRegion);
    if (where.replicaRegion !== undefined) query = query.where('replica_region', '=', where.replicaRegion);
    const rows = await query.execute();
    const now = this.ctx.clock();
    const out: (LexBotReplicaRow & { now: Status })[] = [];
    for (const row of rows) {
      const status = this.statusOf(row, now);
      if (status === undefined) {
        await this.ctx.store.db.deleteFrom('lex_bot_replicas').where('bot_id', '=', row.bot_id).where('replica_region', '=', row.replica_region).where('status', '=', 'Deleting').execute();
      } else out.push({ ...row, now: status });
    }
    return out;
  }

  /** The source region of the bot when `scope`'s region holds an enabled replica of it (and no bot of its own). */
  async sourceOf(scope: Scope, botId: string): Promise<string | undefined> {
    if (await this.bots.findBot(scope, botId)) return undefined;
    const [replica] = await this.live({ accountId: scope.accountId, botId, replicaRegion: scope.region });
    return replica?.now === 'Enabled' ? replica.source_region : undefined;
  }

  /** True when the replication role must be made (CreateBotReplica then needs iam:CreateServiceLinkedRole). */
  async roleMissing(accountId: string): Promise<boolean> {
    return !(await this.ctx.findRole(accountId, REPLICATION_ROLE));
  }

  async createBotReplica(scope: Scope, botId: string, replicaRegion: string): Promise<CreateBotReplicaResponse> {
    const bot = await this.bots.bot(scope, botId, 'precondition');
    if (!LEX_REGIONS.has(replicaRegion)) throw invalid(`The replica region ${replicaRegion} is not a region Amazon Lex V2 is available in.`);
    if (replicaRegion === scope.region) throw invalid(`The replica region ${replicaRegion} is the bot's own region: choose another region.`);
    const existing = await this.live({ accountId: scope.accountId, botId, replicaRegion });
    if (existing.length > 0) throw conflict(`Bot ${botId} already has a replica in ${replicaRegion}.`);
    if (await this.roleMissing(scope.accountId)) await this.ctx.serviceLinkedRoles.create(scope.accountId, REPLICATION_PRINCIPAL);
    // A bot of the same name in the replica region keeps the replica from being made there.
    const clash = await this.ctx.store.db
      .selectFrom('lex_bots')
      .select('bot_id')
      .where('account_id', '=', scope.accountId)
      .where('region', '=', replicaRegion)
      .where('bot_name', '=', bot.bot_name)
      .executeTakeFirst();
    const failureReasons = clash ? [`A bot with the name '${bot.bot_name}' already exists in ${replicaRegion}.`] : [];
    const now = this.ctx.clock();
    const row: LexBotReplicaRow = {
      bot_id: botId,
      account_id: scope.accountId,
      source_region: scope.region,
      replica_region: replicaRegion,
      ...transition<Status>('Enabling', clash ? 'Failed' : 'Enabled', now, this.ctx.transitionMs),
      failure_reasons: JSON.stringify(failureReasons),
      created_at: now.toISOString(),
    };
    await this.ctx.store.db.deleteFrom('lex_bot_replicas').where('bot_id', '=', botId).where('replica_region', '=', replicaRegion).execute();
    await this.ctx.store.db.insertInto('lex_bot_replicas').values(row).execute();
    return { botId, replicaRegion, sourceRegion: scope.region, creationDateTime: now, botReplicaStatus: row.status };
  }

  private async replica(scope: Scope, botId: string, replicaRegion: string, missing: 'notFound' | 'precondition') {
    const [replica] = await this.live({ accountId: scope.accountId, botId, sourceRegion: scope.region, replicaRegion });
    if (!replica) throw missing === 'notFound' ? notFound() : preconditionFailed();
    return replica;
  }

  private summary(row: LexBotReplicaRow & { now: Status }): BotReplicaSummary {
    const failureReasons = parseJson<string[]>(row.failure_reasons, []);
    return { replicaRegion: row.replica_region, botReplicaStatus: row.now, creationDateTime: new Date(row.created_at), ...(failureReasons.length ? { failureReasons } : {}) };
  }

  async describeBotReplica(scope: Scope, botId: string, replicaRegion: string): Promise<DescribeBotReplicaResponse> {
    await this.bots.bot(scope, botId);
    const replica = await this.replica(scope, botId, replicaRegion, 'notFound');
    return { botId, sourceRegion: scope.region, ...this.summary(replica) };
  }

  async deleteBotReplica(scope: Scope, botId: string, replicaRegion: string): Promise<DeleteBotReplicaResponse> {
    await this.bots.bot(scope, botId, 'precondition');
    const replica = await this.replica(scope, botId, replicaRegion, 'precondition');
    if (replica.now === 'Deleting') throw conflict(`The replica of bot ${botId} in ${replicaRegion} is already being deleted.`);
    if (replica.now === 'Enabling') throw conflict(`The replica of bot ${botId} in ${replicaRegion} is still being enabled: delete it once it is Enabled.`);
    const now = this.ctx.clock();
    await this.ctx.store.db
      .updateTable('lex_bot_replicas')
      .set({ status: 'Deleting', next_status: null, status_until: this.ctx.transitionMs > 0 ? new Date(now.getTime() + this.ctx.transitionMs).toISOString() : null })
      .where('bot_id', '=', botId)
      .where('replica_region', '=', replicaRegion)
      .execute();
    return { botId, replicaRegion, botReplicaStatus: 'Deleting' };
  }

  async listBotReplicas(scope: Scope, botId: string): Promise<ListBotReplicasResponse> {
    await this.bots.bot(scope, botId);
    const rows = await this.live({ accountId: scope.accountId, botId, sourceRegion: scope.region });
    rows.sort((a, b) => a.replica_region.localeCompare(b.replica_region));
    return { botId, sourceRegion: scope.region, botReplicaSummaries: rows.map((r) => this.summary(r)) };
  }

  /** A replicated item's status: the replica's while it is not Enabled, else Creating/Updating for one transition after the item changed. */
  private itemStatus<S extends string>(replica: LexBotReplicaRow & { now: Status }, created: string, updated: string, states: { creating: S; updating: S; available: S; deleting: S; failed: S }): S {
    if (replica.now === 'Failed') return states.failed;
    if (replica.now === 'Deleting') return states.deleting;
    if (replica.now === 'Enabling') return states.creating;
    const enabledAt = replica.status_until ?? replica.created_at;
    const now = this.ctx.clock().getTime();
    const settledAt = (at: string) => Math.max(Date.parse(at), Date.parse(enabledAt)) + this.ctx.transitionMs;
    if (now < settledAt(created)) return states.creating;
    if (updated !== created && now < settledAt(updated)) return states.updating;
    return states.available;
  }

  async listBotVersionReplicas(scope: Scope, input: ListBotVersionReplicasRequest): Promise<ListBotVersionReplicasResponse> {
    await this.bots.bot(scope, input.botId);
    const replica = await this.replica(scope, input.botId, input.replicaRegion, 'notFound');
    const versions = await this.ctx.store.db
      .selectFrom('lex_bot_versions')
      .select(['bot_version', 'version_number', 'created_at'])
      .where('bot_id', '=', input.botId)
      .where('bot_version', '!=', DRAFT)
      .execute();
    const descending = input.sortBy?.order === 'Descending';
    versions.sort((a, b) => (descending ? -1 : 1) * (a.version_number - b.version_number));
    const failureReasons = parseJson<string[]>(replica.failure_reasons, []);
    const { items, nextToken } = page(versions, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      sourceRegion: scope.region,
      replicaRegion: input.replicaRegion,
      botVersionReplicaSummaries: items.map((v) => {
        const status = this.itemStatus(replica, v.created_at, v.created_at, { creating: 'Creating', updating: 'Creating', available: 'Available', deleting: 'Deleting', failed: 'Failed' } as const);
        return { botVersion: v.bot_version, botVersionReplicationStatus: status, creationDateTime: new Date(v.created_at), ...(status === 'Failed' ? { failureReasons } : {}) };
      }),
      nextToken,
    };
  }

  async listBotAliasReplicas(scope: Scope, input: ListBotAliasReplicasRequest): Promise<ListBotAliasReplicasResponse> {
    await this.bots.bot(scope, input.botId);
    const replica = await this.replica(scope, input.botId, input.replicaRegion, 'notFound');
    const aliases = await this.ctx.store.db
      .selectFrom('lex_bot_aliases')
      .select(['bot_alias_id', 'bot_version', 'created_at', 'updated_at'])
      .where('bot_id', '=', input.botId)
      .where('bot_alias_id', '!=', TEST_ALIAS_ID)
      .execute();
    aliases.sort((a, b) => a.bot_alias_id.localeCompare(b.bot_alias_id));
    const failureReasons = parseJson<string[]>(replica.failure_reasons, []);
    const { items, nextToken } = page(aliases, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      sourceRegion: scope.region,
      replicaRegion: input.replicaRegion,
      botAliasReplicaSummaries: items.map((a) => {
        const status = this.itemStatus(replica, a.created_at, a.updated_at, { creating: 'Creating', updating: 'Updating', available: 'Available', deleting: 'Deleting', failed: 'Failed' } as const);
        return {
          botAliasId: a.bot_alias_id,
          botVersion: a.bot_version ?? undefined,
          botAliasReplicationStatus: status,
          creationDateTime: new Date(a.created_at),
          lastUpdatedDateTime: new Date(a.updated_at),
          ...(status === 'Failed' ? { failureReasons } : {}),
        };
      }),
      nextToken,
    };
  }

  /** What uses AWSServiceRoleForLexV2Replication: every replica not yet deleted, named by its bot's ARN in the replica region. */
  async roleUsage(accountId: string, roleName: string): Promise<RoleUsage> {
    if (roleName !== REPLICATION_ROLE) return { inUseNow: false, usage: [] };
    const rows = await this.live({ accountId });
    return { inUseNow: false, usage: usageByRegion(rows.map((r) => ({ region: r.replica_region, arn: botArn(r.replica_region, accountId, r.bot_id) }))) };
  }

  /** Does the source bot still have replicas (DeleteBot must wait for them to be deleted)? */
  async hasReplicas(scope: Scope, botId: string): Promise<boolean> {
    return (await this.live({ accountId: scope.accountId, botId, sourceRegion: scope.region })).length > 0;
  }
}

/**
 * Every Lex operation on a bot (but the replica operations), served in a replica region: reads and
 * conversations act on the source bot (the request as if signed for the source region, after it was
 * authorized on the replica region's ARNs); changes are refused, since a replica is read-only. DeleteBot of
 * a source bot that still has replicas is refused too.
 */
export function withReplicaRegions<Ops extends object>(operations: Ops, replicas: BotReplicas): Ops {
  const wrapped: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(operations) as [string, unknown][]) {
    if (!op || REPLICA_OPERATIONS.has(name)) {
      wrapped[name] = op;
      continue;
    }
    const impl = op as OperationImpl<{ botId?: unknown }, unknown, unknown>;
    const wrappedOp: OperationImpl<{ botId?: unknown }, unknown, unknown> = {
      authorize: (input, ctx) => impl.authorize(input, ctx),
      async handle(input, ctx, state) {
        if (typeof input.botId !== 'string') return impl.handle(input, ctx, state);
        const scope = { accountId: ctx.caller.accountId, region: ctx.region };
        if (name === 'DeleteBot' && (await replicas.hasReplicas(scope, input.botId))) {
          throw preconditionFailed(`Bot ${input.botId} has replicas in other regions. Delete its replicas first.`);
        }
        const source = await replicas.sourceOf(scope, input.botId);
        if (source === undefined) return impl.handle(input, ctx, state);
        if (!READ_IN_REPLICA.test(name)) {
          throw invalid(`Bot ${input.botId} is a replica in ${ctx.region}, which is read-only: make changes in its source region ${source}.`);
        }
        const inSource: RequestContext = { ...ctx, region: source };
        return impl.handle(input, inSource, state);
      },
      ...(impl.summary !== undefined ? { summary: impl.summary } : {}),
    };
    wrapped[name] = wrappedOp;
  }
  return wrapped as Ops;
}

type OnBot = (action: string) => (input: { botId: string }, ctx: RequestContext) => Promise<AuthorizationTarget[]>;

/**
 * The replica operations' bindings (composed into lexApi, api.ts): each lex: action on the bot (the Service
 * Authorization Reference documents no condition key for them); CreateBotReplica, when the replication role
 * does not exist yet, also needs iam:CreateServiceLinkedRole on it for replication.lexv2.amazonaws.com.
 */
export function replicaOperations(replicas: BotReplicas, onBot: OnBot): ServiceOperations<Pick<ModelsOperations, 'CreateBotReplica' | 'DescribeBotReplica' | 'DeleteBotReplica' | 'ListBotReplicas' | 'ListBotAliasReplicas' | 'ListBotVersionReplicas'>> {
  return {
    CreateBotReplica: {
      authorize: async (input, ctx) => {
        const targets = await onBot('lex:CreateBotReplica')(input, ctx);
        if (await replicas.roleMissing(ctx.caller.accountId)) {
          targets.push(await authorizationTarget('iam:CreateServiceLinkedRole', replicationRoleArn(ctx.caller.accountId), { keys: { 'iam:AWSServiceName': REPLICATION_PRINCIPAL } }));
        }
        return targets;
      },
      handle: (input, ctx) => replicas.createBotReplica(scopeOf(ctx), input.botId, input.replicaRegion),
      summary: 'Replicates the bot into another Lex region (read-only there; Enabling, then Enabled or Failed), creating AWSServiceRoleForLexV2Replication when missing',
    },
    DescribeBotReplica: { authorize: onBot('lex:DescribeBotReplica'), handle: (input, ctx) => replicas.describeBotReplica(scopeOf(ctx), input.botId, input.replicaRegion) },
    DeleteBotReplica: { authorize: onBot('lex:DeleteBotReplica'), handle: (input, ctx) => replicas.deleteBotReplica(scopeOf(ctx), input.botId, input.replicaRegion), summary: 'Deletes the replica (Deleting, then gone); the last one gone frees AWSServiceRoleForLexV2Replication' },
    ListBotReplicas: { authorize: onBot('lex:ListBotReplicas'), handle: (input, ctx) => replicas.listBotReplicas(scopeOf(ctx), input.botId) },
    ListBotAliasReplicas: { authorize: onBot('lex:ListBotAliasReplicas'), handle: (input, ctx) => replicas.listBotAliasReplicas(scopeOf(ctx), input), summary: 'The aliases and their replication status (Creating, Updating after a change, then Available)' },
    ListBotVersionReplicas: { authorize: onBot('lex:ListBotVersionReplicas'), handle: (input, ctx) => replicas.listBotVersionReplicas(scopeOf(ctx), input), summary: 'The numbered versions and their replication status (Creating, then Available)' },
  };
}
