// The resource-based policies of Lex V2 bots and bot aliases, and what they decide. A policy is kept per
// resource with a revision (revisionId, "1" first, one more per change) that writers may expect
// (expectedRevisionId); whole documents (Create/Update/DeleteResourcePolicy) or single statements
// (Create/DeleteResourcePolicyStatement). The engine decides every Lex call on a bot or alias with that
// resource's policy as its resource-based policy (withResourcePolicies): a caller of another account is
// allowed only when the policy allows it AND its own identity policies do, as for any resource-based policy.
import type { AuthorizationTarget, OperationImpl, RequestContext } from '../../aws/service.js';
import { arnMatches, parsePolicy } from '../../policy/index.js';
import type { PolicyInput } from '../../policy/types.js';
import type { LexResourcePolicyRow } from '../../store/schema.js';
import type { Tx } from '../../store/database.js';
import { conflict, invalid, notFound, preconditionFailed, type LexContext } from './context.js';
import { parseLexArn } from './ids.js';
import type { Scope } from '../kit/scope.js';
import type { BotAliasLookup, BotLookup } from './types.js';
import type {
  CreateResourcePolicyRequest,
  CreateResourcePolicyResponse,
  CreateResourcePolicyStatementRequest,
  CreateResourcePolicyStatementResponse,
  DeleteResourcePolicyRequest,
  DeleteResourcePolicyResponse,
  DeleteResourcePolicyStatementRequest,
  DeleteResourcePolicyStatementResponse,
  DescribeResourcePolicyResponse,
  UpdateResourcePolicyRequest,
  UpdateResourcePolicyResponse,
} from '../../aws/generated/lexv2-models.js';
import { partition } from '../../aws/partitions.js';

interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The compiled resource-based policies of these bots and aliases (those that have one), for the engine:
 * the server's (ResourcePolicies.policiesOf) and `linkedrole who-can`'s over a data dir opened read-only.
 */
export async function readResourcePolicies(db: LexContext['store']['db'], arns: string[]): Promise<Map<string, PolicyInput>> {
  const found = new Map<string, PolicyInput>();
  if (arns.length === 0) return found;
  const rows = await db.selectFrom('lex_resource_policies').select(['resource_arn', 'policy']).where('resource_arn', 'in', arns).execute();
  for (const row of rows) {
    const parsed = parsePolicy(row.policy, 'resource', { partition: partition() });
    if (parsed.ok) found.set(row.resource_arn, { policy: parsed.policy, id: row.resource_arn, type: 'resource' });
  }
  return found;
}

export class ResourcePolicies {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly aliases: BotAliasLookup,
  ) {}

  /** The bot or alias `arn` names, in the caller's scope, or ResourceNotFoundException. */
  private async resource(scope: Scope, arn: string): Promise<{ botId: string }> {
    const parsed = parseLexArn(arn);
    const missing = () => notFound(`The resource ${arn} does not exist.`);
    // Not a bot's or alias's ARN: no such resource (the policy operations that answer ValidationException do not all list it).
    if (!parsed || (parsed.kind !== 'bot' && parsed.kind !== 'bot-alias')) throw missing();
    if (parsed.accountId !== scope.accountId || parsed.region !== scope.region) throw missing();
    if (!(await this.bots.findBot(scope, parsed.botId!))) throw missing();
    if (parsed.kind === 'bot-alias' && !(await this.aliases.findAlias(parsed.botId!, parsed.botAliasId!))) throw missing();
    return { botId: parsed.botId! };
  }

  private find(db: Tx | LexContext['store']['db'], arn: string): Promise<LexResourcePolicyRow | undefined> {
    return db.selectFrom('lex_resource_policies').selectAll().where('resource_arn', '=', arn).executeTakeFirst();
  }

  /** AWS's checks of a document: a resource-based policy of lex: actions on this very resource. */
  private validate(arn: string, policy: string): void {
    const parsed = parsePolicy(policy, 'resource', { partition: partition() });
    if (!parsed.ok) throw invalid(`The policy is not valid: ${parsed.errors.map((e) => e.message).join(' ')}`);
    const document = JSON.parse(policy) as { Statement: PolicyStatement | PolicyStatement[] };
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    const sids = new Set<string>();
    for (const statement of statements) {
      if (statement.Sid !== undefined) {
        if (sids.has(statement.Sid)) throw invalid(`The policy has more than one statement with the Sid ${statement.Sid}.`);
        sids.add(statement.Sid);
      }
      for (const action of [...list(statement.Action), ...list(statement.NotAction)]) {
        if (!/^lex:[A-Za-z*?]+$/.test(action)) throw invalid(`The policy's action ${action} is not a Lex action: a bot's or alias's policy can only have lex: actions.`);
      }
      const resources = [...list(statement.Resource), ...list(statement.NotResource)];
      if (resources.length === 0) throw invalid('Every statement of the policy needs a Resource.');
      for (const resource of list(statement.Resource)) {
        if (!arnMatches(resource, arn)) throw invalid(`The policy's resource ${resource} does not match the resource ${arn} it is attached to.`);
      }
    }
  }

  private expect(row: LexResourcePolicyRow | undefined, expected: string | undefined): void {
    if (expected !== undefined && String(row?.revision ?? '') !== expected) {
      throw preconditionFailed(`The revision ID ${expected} does not match the current revision of the policy${row ? ` (${row.revision})` : ''}.`);
    }
  }

  private async write(tx: Tx, scope: Scope, arn: string, botId: string, document: string, current: LexResourcePolicyRow | undefined): Promise<string> {
    const now = this.ctx.clock().toISOString();
    const revision = (current?.revision ?? 0) + 1;
    if (current) await tx.updateTable('lex_resource_policies').set({ policy: document, revision, updated_at: now }).where('resource_arn', '=', arn).execute();
    else await tx.insertInto('lex_resource_policies').values({ resource_arn: arn, account_id: scope.accountId, bot_id: botId, policy: document, revision, updated_at: now }).execute();
    return String(revision);
  }

  async create(scope: Scope, input: CreateResourcePolicyRequest): Promise<CreateResourcePolicyResponse> {
    const { botId } = await this.resource(scope, input.resourceArn);
    this.validate(input.resourceArn, input.policy);
    const revisionId = await this.ctx.store.transaction(async (tx) => {
      const current = await this.find(tx, input.resourceArn);
      if (current) throw preconditionFailed(`The resource ${input.resourceArn} already has a policy. Use UpdateResourcePolicy to change it.`);
      return this.write(tx, scope, input.resourceArn, botId, input.policy, undefined);
    });
    return { resourceArn: input.resourceArn, revisionId };
  }

  async update(scope: Scope, input: UpdateResourcePolicyRequest): Promise<UpdateResourcePolicyResponse> {
    const { botId } = await this.resource(scope, input.resourceArn);
    this.validate(input.resourceArn, input.policy);
    const revisionId = await this.ctx.store.transaction(async (tx) => {
      const current = await this.find(tx, input.resourceArn);
      if (!current) throw notFound(`The resource ${input.resourceArn} has no policy.`);
      this.expect(current, input.expectedRevisionId);
      return this.write(tx, scope, input.resourceArn, botId, input.policy, current);
    });
    return { resourceArn: input.resourceArn, revisionId };
  }

  async delete(scope: Scope, input: DeleteResourcePolicyRequest): Promise<DeleteResourcePolicyResponse> {
    await this.resource(scope, input.resourceArn);
    const revisionId = await this.ctx.store.transaction(async (tx) => {
      const current = await this.find(tx, input.resourceArn);
      if (!current) throw notFound(`The resource ${input.resourceArn} has no policy.`);
      this.expect(current, input.expectedRevisionId);
      await tx.deleteFrom('lex_resource_policies').where('resource_arn', '=', input.resourceArn).execute();
      return String(current.revision);
    });
    return { resourceArn: input.resourceArn, revisionId };
  }

  async describe(scope: Scope, resourceArn: string): Promise<DescribeResourcePolicyResponse> {
    await this.resource(scope, resourceArn);
    const current = await this.find(this.ctx.store.db, resourceArn);
    if (!current) throw notFound(`The resource ${resourceArn} has no policy.`);
    return { resourceArn, policy: current.policy, revisionId: String(current.revision) };
  }

  async createStatement(scope: Scope, input: CreateResourcePolicyStatementRequest): Promise<CreateResourcePolicyStatementResponse> {
    const { botId } = await this.resource(scope, input.resourceArn);
    const principals = input.principal;
    if (principals.length === 0 || principals.some((p) => (p.arn === undefined) === (p.service === undefined))) {
      throw invalid('Each principal must have exactly one of arn or service.');
    }
    const aws = principals.flatMap((p) => (p.arn ? [p.arn] : []));
    const service = principals.flatMap((p) => (p.service ? [p.service] : []));
    const statement: PolicyStatement = {
      Sid: input.statementId,
      Effect: input.effect,
      Principal: { ...(aws.length ? { AWS: aws.length === 1 ? aws[0] : aws } : {}), ...(service.length ? { Service: service.length === 1 ? service[0] : service } : {}) },
      Action: input.action.length === 1 ? input.action[0] : input.action,
      Resource: input.resourceArn,
      ...(input.condition && Object.keys(input.condition).length > 0 ? { Condition: input.condition } : {}),
    };
    const revisionId = await this.ctx.store.transaction(async (tx) => {
      const current = await this.find(tx, input.resourceArn);
      this.expect(current, input.expectedRevisionId);
      const document: PolicyDocument = current ? normalized(current.policy) : { Version: '2012-10-17', Statement: [] };
      if (document.Statement.some((s) => s.Sid === input.statementId)) throw conflict(`The policy already has a statement with the ID ${input.statementId}.`);
      document.Statement.push(statement);
      const text = JSON.stringify(document);
      this.validate(input.resourceArn, text);
      return this.write(tx, scope, input.resourceArn, botId, text, current);
    });
    return { resourceArn: input.resourceArn, revisionId };
  }

  /** Removes one statement; the policy goes with its last statement (DescribeResourcePolicy then answers 404). */
  async deleteStatement(scope: Scope, input: DeleteResourcePolicyStatementRequest): Promise<DeleteResourcePolicyStatementResponse> {
    const { botId } = await this.resource(scope, input.resourceArn);
    const revisionId = await this.ctx.store.transaction(async (tx) => {
      const current = await this.find(tx, input.resourceArn);
      if (!current) throw notFound(`The resource ${input.resourceArn} has no policy.`);
      this.expect(current, input.expectedRevisionId);
      const document = normalized(current.policy);
      const kept = document.Statement.filter((s) => s.Sid !== input.statementId);
      if (kept.length === document.Statement.length) throw notFound(`The policy has no statement with the ID ${input.statementId}.`);
      if (kept.length === 0) {
        await tx.deleteFrom('lex_resource_policies').where('resource_arn', '=', input.resourceArn).execute();
        return String(current.revision + 1);
      }
      return this.write(tx, scope, input.resourceArn, botId, JSON.stringify({ ...document, Statement: kept }), current);
    });
    return { resourceArn: input.resourceArn, revisionId };
  }

  /** The compiled policies of these resources (those that have one), for the engine. */
  policiesOf(arns: string[]): Promise<Map<string, PolicyInput>> {
    return readResourcePolicies(this.ctx.store.db, arns);
  }

  /** The scope a call on `botId` acts in: the bot's own account when the bot is another account's in this region. */
  async ownerScope(ctx: RequestContext, botId: string): Promise<Scope> {
    const row = await this.ctx.store.db.selectFrom('lex_bots').select(['account_id', 'region']).where('bot_id', '=', botId).executeTakeFirst();
    if (row && row.region === ctx.region && row.account_id !== ctx.caller.accountId) return { accountId: row.account_id, region: row.region };
    return { accountId: ctx.caller.accountId, region: ctx.region };
  }
}

function normalized(text: string): PolicyDocument {
  const document = JSON.parse(text) as { Version?: string; Statement: PolicyStatement | PolicyStatement[] };
  return { ...document, Version: document.Version ?? '2012-10-17', Statement: Array.isArray(document.Statement) ? document.Statement : [document.Statement] };
}

/** The channel extension's operations act in the caller's own account (their roles are created there). */
const OWN_ACCOUNT_ONLY = new Set(['CreateBotChannel', 'DescribeBotChannel', 'ListBotChannels', 'DeleteBotChannel', 'PostChannelMessage']);

/**
 * Every operation on a bot (its input has a botId, or a resourceArn of a bot or alias): a bot of another account of this region is addressed in
 * that account (its ARNs, its scope), and every Lex target on the bot or one of its aliases carries that
 * resource's policy, which the engine takes as the resource-based policy of the decision.
 */
export function withResourcePolicies<Ops extends object>(operations: Ops, policies: ResourcePolicies): Ops {
  const wrapped: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(operations) as [string, unknown][]) {
    if (!op || OWN_ACCOUNT_ONLY.has(name)) {
      wrapped[name] = op;
      continue;
    }
    const impl = op as unknown as OperationImpl<{ botId?: unknown; resourceArn?: unknown }, unknown, unknown>;
    const wrappedOp: OperationImpl<{ botId?: unknown; resourceArn?: unknown }, unknown, { ctx: RequestContext; inner: unknown }> = {
      async authorize(input, ctx) {
        // The bot a call is on: its botId, or the bot of the bot or alias ARN a resource-policy operation names.
        const botId = typeof input.botId === 'string' ? input.botId : typeof input.resourceArn === 'string' ? parseLexArn(input.resourceArn)?.botId : undefined;
        const actingCtx = botId !== undefined ? await actingIn(policies, ctx, botId) : ctx;
        const authorized = await impl.authorize(input, actingCtx);
        const { targets, state } = Array.isArray(authorized) ? { targets: authorized, state: undefined } : authorized;
        const lexTargets = targets.filter((t) => t.action.startsWith('lex:') && /^arn:aws(?:-cn|-us-gov)?:lex:/.test(t.resource));
        const found = await policies.policiesOf([...new Set(lexTargets.map((t) => t.resource))]);
        // Acting in another account, its other resources (the bot's role, written for a capability) have no
        // resource-based policy here: the caller, even that account's root, is refused them.
        const crossAccount = actingCtx !== ctx;
        const withPolicies: AuthorizationTarget[] = targets.map((t) =>
          lexTargets.includes(t) ? { ...t, resourcePolicy: found.get(t.resource) ?? null } : crossAccount ? { ...t, resourcePolicy: t.resourcePolicy ?? null } : t,
        );
        return { targets: withPolicies, state: { ctx: actingCtx, inner: state } };
      },
      handle: (input, _ctx, state) => impl.handle(input, state.ctx, state.inner),
      ...(impl.summary !== undefined ? { summary: impl.summary } : {}),
    };
    wrapped[name] = wrappedOp;
  }
  return wrapped as Ops;
}

/** The request as it acts on a bot of another account: the same caller, in the bot's account (for ARNs and scope). */
async function actingIn(policies: ResourcePolicies, ctx: RequestContext, botId: string): Promise<RequestContext> {
  const scope = await policies.ownerScope(ctx, botId);
  return scope.accountId === ctx.caller.accountId ? ctx : { ...ctx, caller: { ...ctx.caller, accountId: scope.accountId } };
}
