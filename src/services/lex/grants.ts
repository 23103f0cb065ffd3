// A bot's capabilities become grants in its role: Amazon Lex writes one inline policy per capability
// and resource into the bot's AWSServiceRoleForLexV2Bots_ role, and removes it when the capability
// goes. The policies a role should carry are computed from every bot using it (aliases' sentiment
// and conversation log settings, Kendra search intents of every version) and reconciled with what
// Lex wrote before, so adding, changing and removing a capability are one operation.
import { errors as iamErrors } from '../../aws/generated/iam.js';
import type { Db, Tx } from '../../store/database.js';
import { roleKey } from '../iam/roles.js';
import { parseJson, shortHash, type LexContext } from './context.js';
import { logGroupBaseArn } from './downstream.js';
import { LEX_PRINCIPAL } from './ids.js';
import { parseRoleArn } from '../kit/arns.js';
import type { CreateBotAliasRequest } from '../../aws/generated/lexv2-models.js';

export interface AliasCapabilities {
  detectSentiment: boolean;
  textLog?: { logGroupArn: string; logPrefix: string };
  audioLog?: { bucketArn: string; logPrefix: string; kmsKeyArn?: string };
}

/** What an alias row keeps in its `settings` JSON: the members of CreateBotAlias's input that configure it. */
export type AliasSettings = Pick<CreateBotAliasRequest, 'description' | 'botAliasLocaleSettings' | 'conversationLogSettings' | 'sentimentAnalysisSettings'>;

export function aliasCapabilities(settings: AliasSettings): AliasCapabilities {
  const text = settings.conversationLogSettings?.textLogSettings?.find((s) => s.enabled);
  const audio = settings.conversationLogSettings?.audioLogSettings?.find((s) => s.enabled);
  return {
    detectSentiment: settings.sentimentAnalysisSettings?.detectSentiment === true,
    textLog: text ? { logGroupArn: text.destination.cloudWatch.cloudWatchLogGroupArn, logPrefix: text.destination.cloudWatch.logPrefix } : undefined,
    audioLog: audio
      ? { bucketArn: audio.destination.s3Bucket.s3BucketArn, logPrefix: audio.destination.s3Bucket.logPrefix, kmsKeyArn: audio.destination.s3Bucket.kmsKeyArn }
      : undefined,
  };
}

/** The policy names Lex uses, one per capability and resource. */
export const grantNames = {
  sentiment: () => 'AmazonLexV2-ComprehendDetectSentiment',
  textLog: (logGroupArn: string) => `AmazonLexV2-CloudWatchTextLogs-${shortHash(logGroupBaseArn(logGroupArn))}`,
  audioLog: (bucketArn: string) => `AmazonLexV2-S3AudioLogs-${bucketArn.replace(/^arn:aws(?:-cn|-us-gov)?:s3:::/, '')}`,
  kms: (keyArn: string) => `AmazonLexV2-KmsAudioLogs-${shortHash(keyArn)}`,
  kendra: (indexArn: string) => `AmazonLexV2-KendraSearch-${indexArn.slice(indexArn.lastIndexOf('/') + 1)}`,
};

const document = (sid: string, actions: string[], resources: string[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: actions, Resource: resources.length === 1 ? resources[0] : resources }] });

/** The object keys audio logs go to: the prefix, as AWS grants it. */
export function audioLogResource(bucketArn: string, logPrefix: string): string {
  return `${bucketArn}/${logPrefix}*`;
}

export class RoleGrants {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly ctx: LexContext) {}

  /** Brings the inline policies of the role behind `roleArn` in line with the bots using it. */
  reconcile(roleArn: string): Promise<void> {
    const parsed = parseRoleArn(roleArn);
    if (!parsed) return Promise.resolve();
    const key = `${parsed.accountId}/${roleKey(parsed.roleName)}`;
    // One reconciliation per role at a time in this process, each from the latest state.
    const next = (this.queues.get(key) ?? Promise.resolve()).catch(() => {}).then(() => this.run(parsed.accountId, parsed.roleName));
    this.queues.set(key, next);
    // The caller gets `next` (and its failure); this bookkeeping chain must not reject on its own,
    // or a failed reconciliation becomes an unhandled rejection that stops the process.
    next
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      })
      .catch(() => {});
    return next;
  }

  async desired(accountId: string, roleName: string, db: Db | Tx = this.ctx.store.db): Promise<Map<string, string>> {
    const bots = await db.selectFrom('lex_bots').select(['bot_id']).where('account_id', '=', accountId).where('role_key', '=', roleKey(roleName)).execute();
    const botIds = bots.map((b) => b.bot_id);
    const wanted = new Map<string, string>();
    if (botIds.length === 0) return wanted;
    const aliases = await db.selectFrom('lex_bot_aliases').select(['settings']).where('bot_id', 'in', botIds).execute();
    const audioPrefixes = new Map<string, Set<string>>();
    const logGroups = new Set<string>();
    const keys = new Set<string>();
    let sentiment = false;
    for (const alias of aliases) {
      const caps = aliasCapabilities(parseJson<AliasSettings>(alias.settings, {}));
      sentiment ||= caps.detectSentiment;
      if (caps.textLog) logGroups.add(logGroupBaseArn(caps.textLog.logGroupArn));
      if (caps.audioLog) {
        const set = audioPrefixes.get(caps.audioLog.bucketArn) ?? new Set<string>();
        set.add(audioLogResource(caps.audioLog.bucketArn, caps.audioLog.logPrefix));
        audioPrefixes.set(caps.audioLog.bucketArn, set);
        if (caps.audioLog.kmsKeyArn) keys.add(caps.audioLog.kmsKeyArn);
      }
    }
    if (sentiment) wanted.set(grantNames.sentiment(), document('DetectSentiment', ['comprehend:DetectSentiment'], ['*']));
    for (const group of [...logGroups].sort()) {
      wanted.set(grantNames.textLog(group), document('TextLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [group, `${group}:*`]));
    }
    for (const [bucket, resources] of [...audioPrefixes].sort()) {
      wanted.set(grantNames.audioLog(bucket), document('AudioLogs', ['s3:PutObject'], [...resources].sort()));
    }
    for (const key of [...keys].sort()) wanted.set(grantNames.kms(key), document('AudioLogsKms', ['kms:GenerateDataKey'], [key]));
    const intents = await db.selectFrom('lex_intents').select(['definition']).where('bot_id', 'in', botIds).execute();
    for (const intent of intents) {
      const index = parseJson<{ kendraConfiguration?: { kendraIndex: string } }>(intent.definition, {}).kendraConfiguration?.kendraIndex;
      if (index) wanted.set(grantNames.kendra(index), document('KendraSearch', ['kendra:Query'], [index]));
    }
    return wanted;
  }

  private async run(accountId: string, roleName: string): Promise<void> {
    const role = await this.ctx.findRole(accountId, roleName);
    // Lex writes only into its own service-linked roles; a customer's role is the customer's to manage.
    if (!role || !role.serviceLinked || role.servicePrincipal !== LEX_PRINCIPAL) return;
    // One transaction from reading what the bots need to writing the role's policies: servers sharing
    // a database reconcile the same role at once, and one working from an older view of the bots
    // must not remove a grant another has just written (SERIALIZABLE retries the loser on PostgreSQL).
    await this.ctx.store.transaction(async (db) => {
      const wanted = await this.desired(accountId, role.roleName, db);
      const current = await db.selectFrom('lex_role_grants').selectAll().where('account_id', '=', accountId).where('role_key', '=', roleKey(role.roleName)).execute();
      const have = new Map(current.map((row) => [row.policy_name, row.document]));
      for (const [name, doc] of wanted) {
        if (have.get(name) === doc) continue;
        await this.ctx.serviceLinkedRoles.putServicePolicy(accountId, role.roleName, name, doc, db);
        await db.deleteFrom('lex_role_grants').where('account_id', '=', accountId).where('role_key', '=', roleKey(role.roleName)).where('policy_name', '=', name).execute();
        await db.insertInto('lex_role_grants').values({ account_id: accountId, role_key: roleKey(role.roleName), policy_name: name, document: doc }).execute();
      }
      for (const name of have.keys()) {
        if (wanted.has(name)) continue;
        try {
          await this.ctx.serviceLinkedRoles.deleteServicePolicy(accountId, role.roleName, name, db);
        } catch (error) {
          if (!iamErrors.NoSuchEntity.is(error)) throw error;
        }
        await db.deleteFrom('lex_role_grants').where('account_id', '=', accountId).where('role_key', '=', roleKey(role.roleName)).where('policy_name', '=', name).execute();
      }
    });
  }
}
