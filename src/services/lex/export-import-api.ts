// The bindings of Lex V2's exports and imports: each operation's IAM action as the Service Authorization
// Reference lists it (lex:CreateExport, lex:DescribeExport, lex:UpdateExport, lex:DeleteExport, lex:StartImport,
// lex:DescribeImport, lex:DeleteImport on the bot, with its tags, or on the test set a test set export or import
// is of; the lists and CreateUploadUrl on `*`), a bot or test set import's iam:PassRole of its role, then the Lex
// domain (exports.ts, imports.ts). Composed into lexApi (api.ts).
import type { AuthorizationTarget, RequestContext, ServiceOperations } from '../../aws/service.js';
import { withState } from '../../aws/service.js';
import type { Operations as ModelsOperations } from '../../aws/generated/lexv2-models.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import { scopeOf } from '../kit/scope.js';
import { Exports } from './exports.js';
import { botAliasArn, botArn, lexId, TEST_ALIAS_ID, testSetArn } from './ids.js';
import type { Lex } from './lex.js';

type Served = 'CreateExport' | 'DescribeExport' | 'ListExports' | 'UpdateExport' | 'DeleteExport' | 'CreateUploadUrl' | 'StartImport' | 'DescribeImport' | 'ListImports' | 'DeleteImport';

/** The bot's tags, for aws:ResourceTag/* (none when it does not exist). */
type TagsOf = (ctx: RequestContext, arn: string) => () => Promise<Record<string, string> | undefined>;
type PassRole = (ctx: RequestContext, roleArn: string) => Promise<AuthorizationTarget>;

/** Where the URLs this answer hands out point: this server, as the client reached it. */
const origin = (ctx: RequestContext) => `http://${ctx.host ?? '127.0.0.1'}`;

export function exportImportOperations(lex: Lex, tagsOf: TagsOf, passRole: PassRole): ServiceOperations<Pick<ModelsOperations, Served>> {
  const bot = (ctx: RequestContext, botId: string | undefined | null) => (botId ? botArn(ctx.region, ctx.caller.accountId, botId) : '*');
  /** `action` on the bot (with its tags), or on `*` when the request names none. */
  const onBot = async (action: string, ctx: RequestContext, botId: string | undefined | null) => {
    const arn = bot(ctx, botId);
    return [await authorizationTarget(action, arn, arn === '*' ? {} : { resourceTags: tagsOf(ctx, arn) })];
  };
  const onTestSet = async (action: string, ctx: RequestContext, testSetId: string) => {
    const arn = testSetArn(ctx.region, ctx.caller.accountId, testSetId);
    return [await authorizationTarget(action, arn, { resourceTags: tagsOf(ctx, arn) })];
  };
  /** `action` on what the export is of: its test set, or its bot (`*` when it does not exist). */
  const onExport = async (action: string, ctx: RequestContext, exportId: string) => {
    const row = await lex.exports.findExport(scopeOf(ctx), exportId);
    return row?.test_set_id ? onTestSet(action, ctx, row.test_set_id) : onBot(action, ctx, row?.bot_id);
  };
  /** `action` on what the import made: a test set import's test set, else its bot (`*` when there is none). */
  const onImport = async (action: string, ctx: RequestContext, importId: string) => {
    const row = await lex.imports.findImport(scopeOf(ctx), importId);
    return row?.resource_type === 'TestSet' && row.imported_resource_id ? onTestSet(action, ctx, row.imported_resource_id) : onBot(action, ctx, row?.bot_id);
  };
  return {
    // ---- exports ----
    CreateExport: {
      summary: 'The bot, bot locale or custom vocabulary as a LexJson .zip (Manifest.json, Bot.json, BotLocales/...), or a test set as a CSV .zip; InProgress, then Completed',
      authorize: async (input, ctx) => {
        const testSet = input.resourceSpecification.testSetExportSpecification;
        return testSet ? onTestSet('lex:CreateExport', ctx, testSet.testSetId) : onBot('lex:CreateExport', ctx, Exports.botOf(input.resourceSpecification));
      },
      handle: (input, ctx) => lex.exports.createExport(scopeOf(ctx), input),
    },
    DescribeExport: {
      summary: "The export's status; once Completed a downloadUrl on this server (signed, 5 minutes)",
      authorize: async (input, ctx) => onExport('lex:DescribeExport', ctx, input.exportId),
      handle: (input, ctx) => lex.exports.describeExport(scopeOf(ctx), input.exportId, origin(ctx)),
    },
    ListExports: {
      authorize: async (_input, ctx) => onBot('lex:ListExports', ctx, undefined),
      handle: (input, ctx) => lex.exports.listExports(scopeOf(ctx), input),
    },
    UpdateExport: {
      authorize: async (input, ctx) => onExport('lex:UpdateExport', ctx, input.exportId),
      handle: (input, ctx) => lex.exports.updateExport(scopeOf(ctx), input),
    },
    DeleteExport: {
      authorize: async (input, ctx) => onExport('lex:DeleteExport', ctx, input.exportId),
      handle: (input, ctx) => lex.exports.deleteExport(scopeOf(ctx), input.exportId),
    },
    // ---- imports ----
    CreateUploadUrl: {
      summary: 'An import id and its uploadUrl on this server (HTTP PUT of the .zip, signed, 5 minutes)',
      authorize: async (_input, ctx) => onBot('lex:CreateUploadUrl', ctx, undefined),
      handle: (_input, ctx) => lex.imports.createUploadUrl(scopeOf(ctx), origin(ctx)),
    },
    StartImport: withState({
      summary: 'Makes the bot, locale or custom vocabulary of the uploaded archive (Overwrite, FailOnConflict, Append for vocabularies), or a test set of an uploaded CSV test set; InProgress, then Completed or Failed with failureReasons',
      authorize: async (input, ctx) => {
        const spec = input.resourceSpecification;
        const newBotId = lexId();
        if (spec.testSetImportResourceSpecification) {
          // A new test set, with its id (authorized here) and tags; its role is passed to Lex.
          const testSet = spec.testSetImportResourceSpecification;
          const targets = [
            await authorizationTarget('lex:StartImport', testSetArn(ctx.region, ctx.caller.accountId, newBotId), { requestTags: testSet.testSetTags }),
            await passRole(ctx, testSet.roleArn),
          ];
          return { targets, state: newBotId };
        }
        if (spec.botImportSpecification) {
          const named = spec.botImportSpecification;
          // A bot of that name is the one an Overwrite replaces; else the import makes a new bot.
          const existing = await lex.imports.botByName(scopeOf(ctx), named.botName);
          const botId = existing?.bot_id ?? newBotId;
          const arn = bot(ctx, botId);
          const targets = [
            await authorizationTarget('lex:StartImport', arn, { requestTags: named.botTags, ...(existing ? { resourceTags: tagsOf(ctx, arn) } : {}) }),
            await authorizationTarget('lex:StartImport', botAliasArn(ctx.region, ctx.caller.accountId, botId, TEST_ALIAS_ID), { requestTags: named.testBotAliasTags }),
            await passRole(ctx, named.roleArn),
          ];
          return { targets, state: newBotId };
        }
        const target = spec.botLocaleImportSpecification ?? spec.customVocabularyImportSpecification;
        return { targets: await onBot('lex:StartImport', ctx, target?.botId), state: newBotId };
      },
      handle: (input, ctx, newBotId) => lex.imports.startImport(scopeOf(ctx), input, newBotId),
    }),
    DescribeImport: {
      authorize: async (input, ctx) => onImport('lex:DescribeImport', ctx, input.importId),
      handle: (input, ctx) => lex.imports.describeImport(scopeOf(ctx), input.importId),
    },
    ListImports: {
      authorize: async (_input, ctx) => onBot('lex:ListImports', ctx, undefined),
      handle: (input, ctx) => lex.imports.listImports(scopeOf(ctx), input),
    },
    DeleteImport: {
      authorize: async (input, ctx) => onImport('lex:DeleteImport', ctx, input.importId),
      handle: (input, ctx) => lex.imports.deleteImport(scopeOf(ctx), input.importId),
    },
  };
}
