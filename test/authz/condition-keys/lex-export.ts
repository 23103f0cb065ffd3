// Condition-key rows of Lex V2's exports and imports: the export and import actions are on the bot and document
// aws:ResourceTag/${TagKey} (the targets are made by root from `bot`, tagged team=blue); StartImport also documents
// aws:RequestTag/${TagKey} and aws:TagKeys, which a bot import's botTags and testBotAliasTags supply (its new bot has
// no tags yet), while a locale import into a tagged bot supplies aws:ResourceTag and carries no tags.
import { CreateExportCommand, CreateUploadUrlCommand, DeleteExportCommand, DeleteImportCommand, DescribeExportCommand, DescribeImportCommand, StartImportCommand, UpdateExportCommand } from '@aws-sdk/client-lex-models-v2';
import { strToU8, zipSync } from 'fflate';
import { bot, RIGHT_TAG, role, type Clients, type Row, type Target } from './support.js';

const manifest = (resourceType: string) => ({ metadata: { schemaVersion: '1.0', fileFormat: 'LexJson', resourceType } });
const locale = { identifier: 'en_GB', nluConfidenceThreshold: 0.4 };
const zip = (files: Record<string, unknown>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(JSON.stringify(v))])));
const botArchive = () => zip({ 'Manifest.json': manifest('Bot'), 'Imported/Bot.json': { name: 'Imported', dataPrivacy: { childDirected: false } }, 'Imported/BotLocales/en_GB/BotLocale.json': locale });
const localeArchive = () => zip({ 'Manifest.json': manifest('BotLocale'), 'Imported/BotLocales/en_GB/BotLocale.json': locale });

async function upload(root: Clients, archive: Uint8Array): Promise<string> {
  const { importId, uploadUrl } = await root.lex.send(new CreateUploadUrlCommand({}));
  const put = await fetch(uploadUrl!, { method: 'PUT', body: archive });
  if (put.status !== 200) throw new Error(`upload: ${put.status}`);
  return importId!;
}
const localeImport = (t: Target) => ({ botLocaleImportSpecification: { botId: t.botId, botVersion: 'DRAFT', localeId: 'en_GB' } });

async function withExport(root: Clients, n: number): Promise<Target> {
  const made = await bot(root, n);
  const { exportId } = await root.lex.send(new CreateExportCommand({ resourceSpecification: { botExportSpecification: { botId: made.botId, botVersion: 'DRAFT' } }, fileFormat: 'LexJson' }));
  return { ...made, exportId: exportId! };
}
async function withUpload(root: Clients, n: number): Promise<Target> {
  const made = await bot(root, n);
  return { ...made, importId: await upload(root, localeArchive()) };
}
async function withImport(root: Clients, n: number): Promise<Target> {
  const made = await withUpload(root, n);
  await root.lex.send(new StartImportCommand({ importId: made.importId, resourceSpecification: localeImport(made), mergeStrategy: 'FailOnConflict' }));
  return made;
}
async function forBotImport(root: Clients, n: number): Promise<Target> {
  const made = await role(root, n);
  return { roleArn: made.arn, botName: `imported-${n}`, importId: await upload(root, botArchive()) };
}

type Call = (u: Clients, t: Target) => Promise<unknown>;
const onBot = (setup: Row['setup'], calls: [string, Call][]): Row[] => calls.map(([operation, call]) => ({ operation, action: `lex:${operation}`, type: 'bot', values: {}, setup, call }));

export const rows: Row[] = [
  ...onBot(bot, [['CreateExport', (u, t) => u.lex.send(new CreateExportCommand({ resourceSpecification: { botExportSpecification: { botId: t.botId, botVersion: 'DRAFT' } }, fileFormat: 'LexJson' }))]]),
  ...onBot(withExport, [
    ['DescribeExport', (u, t) => u.lex.send(new DescribeExportCommand({ exportId: t.exportId }))],
    ['UpdateExport', (u, t) => u.lex.send(new UpdateExportCommand({ exportId: t.exportId }))],
    ['DeleteExport', (u, t) => u.lex.send(new DeleteExportCommand({ exportId: t.exportId }))],
  ]),
  ...onBot(withImport, [
    ['DescribeImport', (u, t) => u.lex.send(new DescribeImportCommand({ importId: t.importId }))],
    ['DeleteImport', (u, t) => u.lex.send(new DeleteImportCommand({ importId: t.importId }))],
  ]),
  {
    operation: 'StartImport',
    action: 'lex:StartImport',
    type: 'bot',
    values: {},
    setup: withUpload,
    call: (u, t) => u.lex.send(new StartImportCommand({ importId: t.importId, resourceSpecification: localeImport(t), mergeStrategy: 'FailOnConflict' })),
    notApplicable: { 'aws:RequestTag/${TagKey}': 'a bot locale import carries no tags', 'aws:TagKeys': 'a bot locale import carries no tags' },
  },
  {
    operation: 'StartImport',
    action: 'lex:StartImport',
    values: RIGHT_TAG,
    setup: forBotImport,
    call: (u, t) =>
      u.lex.send(
        new StartImportCommand({
          importId: t.importId,
          mergeStrategy: 'FailOnConflict',
          resourceSpecification: { botImportSpecification: { botName: t.botName, roleArn: t.roleArn, dataPrivacy: { childDirected: false }, botTags: { stage: 'prod' }, testBotAliasTags: { stage: 'prod' } } },
        }),
      ),
  },
];
