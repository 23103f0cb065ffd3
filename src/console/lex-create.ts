// Amazon Lex V2 in the console: creating a bot and a channel integration as the Lex console does. The
// seed: "When you create or modify a bot, or create a channel integration with a messaging service in the
// AWS Management Console ..., Amazon Lex creates the service-linked role for you." "Create a role with
// basic Amazon Lex permissions" sends CreateBot without a role, and Lex creates the bot's own
// AWSServiceRoleForLexV2Bots_<suffix>; "Use an existing role" passes one of those roles. A channel gets its
// own AWSServiceRoleForLexV2Channels_<suffix>. As the Lex console's Create bot does, the bot gets its first
// language (CreateBotLocale, which gives it Lex's built-in FallbackIntent) once it is Available, so that a
// channel can be added to it at once (a channel names a language of the alias's version).
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBotCommand, CreateBotLocaleCommand, DescribeBotCommand, ListBotAliasesCommand, ListBotLocalesCommand, type LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { LEX_LOCALES } from '../services/lex/locales.js';
import { apiError } from './aws.js';
import { html, seg } from './html.js';
import { attempt, roleHref } from './iam.js';
import { csrf, errorBox, pageHeader } from './layout.js';
import { botHref, botPage, botSideNav, channelHref, roleNameOfArn } from './lex.js';
import { formReply, redirect, type Context, type Router } from './router.js';

const CREATE_BOT_PATH = '/console/lex/bots/create';
const LEX_ROLES = '/aws-service-role/lexv2.amazonaws.com/';

interface BotForm {
  botName: string;
  description: string;
  role: 'new' | 'existing';
  roleArn: string;
  childDirected: string;
  idleMinutes: string;
  /** The bot's first language (a Lex locale id) and its intent classification confidence threshold. */
  localeId: string;
  confidence: string;
}

/** The language the form offers first, as the Lex console does. */
const DEFAULT_LOCALE = 'en_US';
/** How long Create bot waits for the new bot to be Available before adding its language. */
const BOT_READY_WAIT_MS = 15_000;

/** Waits until the bot is Available (Lex adds languages to an Available bot); throws its failure otherwise. */
async function botAvailable(lex: LexModelsV2Client, botId: string): Promise<void> {
  const deadline = Date.now() + BOT_READY_WAIT_MS;
  for (;;) {
    const bot = await lex.send(new DescribeBotCommand({ botId }));
    if (bot.botStatus === 'Available') return;
    if (bot.botStatus === 'Failed' || Date.now() > deadline) throw new Error(`The bot is ${bot.botStatus ?? 'not ready'}${bot.failureReasons?.length ? `: ${bot.failureReasons.join(' ')}` : ''}.`);
    await sleep(50);
  }
}

export function lexCreateRoutes(router: Router): void {
  router.get(CREATE_BOT_PATH, (ctx) => createBotPage(ctx, { botName: '', description: '', role: 'new', roleArn: '', childDirected: '', idleMinutes: '5', localeId: DEFAULT_LOCALE, confidence: '0.40' }));

  router.post(CREATE_BOT_PATH, async (ctx) => {
    const form: BotForm = {
      botName: (ctx.form.botName ?? '').trim(),
      description: (ctx.form.description ?? '').trim(),
      role: ctx.form.role === 'existing' ? 'existing' : 'new',
      roleArn: ctx.form.roleArn ?? '',
      childDirected: ctx.form.childDirected ?? '',
      idleMinutes: (ctx.form.idleMinutes ?? '').trim(),
      localeId: (ctx.form.localeId ?? DEFAULT_LOCALE).trim(),
      confidence: (ctx.form.confidence ?? '').trim(),
    };
    const created = await attempt(
      ctx.aws.lex.send(
        new CreateBotCommand({
          botName: form.botName,
          ...(form.description ? { description: form.description } : {}),
          // Without a role, Lex creates the bot's own service-linked role.
          ...(form.role === 'existing' ? { roleArn: form.roleArn } : {}),
          dataPrivacy: { childDirected: form.childDirected === 'yes' },
          idleSessionTTLInSeconds: Math.round(Number(form.idleMinutes) * 60),
        } as ConstructorParameters<typeof CreateBotCommand>[0]),
      ),
    );
    if (!created.ok) return createBotPage(ctx, form, created.error);
    const botId = created.value.botId!;
    const made = `The bot ${form.botName} is created; its runtime role is ${roleNameOfArn(created.value.roleArn)}.`;
    // The language, as the signed-in user: Lex's own validation (a locale it does not support, a threshold out of range) applies.
    const locale = await attempt(
      botAvailable(ctx.aws.lex, botId).then(() =>
        ctx.aws.lex.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: form.localeId, nluIntentConfidenceThreshold: Number(form.confidence || '0.40') })),
      ),
    );
    if (!locale.ok) {
      const e = apiError(locale.error);
      ctx.flash('error', `${made} Adding the language ${form.localeId} failed: ${e.code}: ${e.message}`);
    } else ctx.flash('success', `${made} Its language is ${LEX_LOCALES[form.localeId] ?? form.localeId} (${form.localeId}), with Lex's FallbackIntent.`);
    return redirect(botHref(botId));
  });
}

interface Platform {
  key: string;
  title: string;
  /** [name as the channel API names it, label, whether it is a secret (a password field)]. */
  fields: [string, string, boolean][];
}

/** The credentials each messaging platform needs: a Map, so that only these names are platforms. */
const PLATFORMS = new Map<string, Platform>([
  ['Slack', { key: 'slack', title: 'Slack', fields: [['clientId', 'client ID', false], ['clientSecret', 'client secret', true], ['verificationToken', 'verification token', true], ['signingSecret', 'signing secret', true]] }],
  ['Facebook', { key: 'facebook', title: 'Facebook', fields: [['pageAccessToken', 'page access token', true], ['appSecretKey', 'app secret key', true], ['verifyToken', 'verify token', true]] }],
  ['TwilioSms', { key: 'twilioSms', title: 'Twilio SMS', fields: [['accountSid', 'account SID', false], ['authToken', 'auth token', true]] }],
]);

export function lexChannelRoutes(router: Router): void {
  router.get('/console/lex/bots/:botId/channels/add', (ctx) => addChannelPage(ctx, { platform: 'Slack', localeId: 'en_US', botAliasId: 'TSTALIASID' }));
  router.post('/console/lex/bots/:botId/channels/add', async (ctx) => {
    const botId = ctx.params.botId;
    const form = ctx.form;
    const platform = PLATFORMS.get(form.platform ?? '');
    const credentials = platform ? Object.fromEntries(platform.fields.map(([name]) => [name, (form[`${platform.key}.${name}`] ?? '').trim()])) : {};
    const created = await attempt(
      ctx.aws.extension<{ channelId: string; roleName?: string; roleArn: string }>('lex', 'PUT', `/bots/${seg(botId)}/channels/`, {
        channelName: (form.channelName ?? '').trim(),
        ...(form.description?.trim() ? { description: form.description.trim() } : {}),
        botAliasId: form.botAliasId ?? '',
        localeId: (form.localeId ?? '').trim(),
        platform: form.platform ?? '',
        platformConfiguration: platform ? { [platform.key]: credentials } : {},
      }),
    );
    if (!created.ok) return addChannelPage(ctx, form, created.error);
    ctx.flash('success', `The channel ${form.channelName} is created; its role is ${created.value.roleName ?? roleNameOfArn(created.value.roleArn)}.`);
    return redirect(channelHref(botId, created.value.channelId));
  });
}

async function addChannelPage(ctx: Context, form: Record<string, string>, error?: unknown) {
  const page = await botPage(ctx, 'channels', 'Add channel', async (bot) => {
    const [aliases, locales] = await Promise.all([
      attempt(ctx.aws.lex.send(new ListBotAliasesCommand({ botId: bot.botId, maxResults: 50 }))),
      attempt(ctx.aws.lex.send(new ListBotLocalesCommand({ botId: bot.botId, botVersion: 'DRAFT', maxResults: 100 }))),
    ]);
    const aliasIds = aliases.ok ? (aliases.value.botAliasSummaries ?? []).map((a) => [a.botAliasId!, a.botAliasName ?? a.botAliasId!]) : [['TSTALIASID', 'TestBotAlias']];
    const botLocales = locales.ok ? (locales.value.botLocaleSummaries ?? []).map((l) => [l.localeId!, l.localeName ?? LEX_LOCALES[l.localeId!] ?? l.localeId!]) : [];
    // A bot without a language cannot have a channel yet: every Lex locale is offered, and the API says why it refuses.
    const localeChoices = botLocales.length > 0 ? botLocales : Object.entries(LEX_LOCALES);
    return html`${pageHeader('Add channel', { description: 'Deploy the bot on a messaging platform. Amazon Lex creates the channel its own service-linked role.' })}
${error ? errorBox(error, 'Creating the channel') : ''}
<form method="post" class="stack panel standalone">
  ${csrf(ctx.session)}
  <label for="channelName">Channel name</label>
  <input id="channelName" name="channelName" value="${form.channelName ?? ''}" required autocomplete="off">
  <label for="description">Description <span class="hint">(optional)</span></label>
  <input id="description" name="description" value="${form.description ?? ''}" autocomplete="off">
  <label for="platform">Platform</label>
  <select id="platform" name="platform" data-platform-choice>${[...PLATFORMS].map(([value, p]) => html`<option value="${value}"${value === form.platform ? html` selected` : ''}>${p.title}</option>`)}</select>
  <label for="botAliasId">Alias</label>
  <select id="botAliasId" name="botAliasId">${aliasIds.map(([id, name]) => html`<option value="${id}"${id === form.botAliasId ? html` selected` : ''}>${name} (${id})</option>`)}</select>
  <label for="localeId">Language</label>
  <select id="localeId" name="localeId">${localeChoices.map(([id, name]) => html`<option value="${id}"${id === form.localeId ? html` selected` : ''}>${name} (${id})</option>`)}</select>
  ${botLocales.length === 0 ? html`<p class="hint" data-testid="no-language">The bot has no language yet: a channel answers in one of the bot's languages. Create the bot in the console (it adds one), or add one with CreateBotLocale.</p>` : ''}
  ${[...PLATFORMS].map(
    // Only the chosen platform's fieldset is shown (console.css, by the platform select's value); secrets are password fields, never sent back.
    ([value, p]) => html`<fieldset data-platform="${value}"><legend>${p.title} credentials</legend>${p.fields.map(
      ([name, label, secret]) =>
        html`<label for="${p.key}.${name}">${p.title} ${label}</label><input id="${p.key}.${name}" name="${p.key}.${name}"${secret ? html` type="password"` : html` value="${form[`${p.key}.${name}`] ?? ''}"`} autocomplete="off">`,
    )}</fieldset>`,
  )}
  <div class="actions"><a class="button" href="${botHref(bot.botId)}/channels">Cancel</a> <button type="submit" class="button primary">Create channel</button></div>
</form>`;
  });
  return formReply(page, error);
}

async function createBotPage(ctx: Context, form: BotForm, error?: unknown) {
  const roles = await attempt(ctx.aws.iam.send(new ListRolesCommand({ PathPrefix: LEX_ROLES, MaxItems: 1000 })));
  const existing = roles.ok ? (roles.value.Roles ?? []) : [];
  const checked = (yes: boolean) => (yes ? html` checked` : '');
  const page = ctx.page({
    title: 'Create bot',
    section: 'lex',
    sideNav: botSideNav(undefined, undefined, 'bots'),
    crumbs: [['Lex V2', '/console/lex/bots'], ['Bots', '/console/lex/bots'], ['Create bot']],
    body: html`${pageHeader('Create bot', { description: 'A blank bot with the test alias TSTALIASID and one language, which starts with Lex\'s FallbackIntent. Add intents through the API or the CLI.' })}
${error ? errorBox(error, 'Creating the bot') : ''}
<form method="post" action="${CREATE_BOT_PATH}" class="stack panel standalone">
  ${csrf(ctx.session)}
  <label for="botName">Bot name</label>
  <input id="botName" name="botName" value="${form.botName}" required autocomplete="off">
  <label for="description">Description <span class="hint">(optional)</span></label>
  <input id="description" name="description" value="${form.description}" autocomplete="off">
  <fieldset><legend>IAM permissions: runtime role</legend>
    <label><input type="radio" name="role" value="new"${checked(form.role === 'new')}> Create a role with basic Amazon Lex permissions</label>
    <label><input type="radio" name="role" value="existing"${checked(form.role === 'existing')}${existing.length === 0 ? html` disabled` : ''}> Use an existing role</label>
    <label for="roleArn">Runtime role to use</label>
    <select id="roleArn" name="roleArn">
      ${existing.map((r) => html`<option value="${r.Arn}"${r.Arn === form.roleArn ? html` selected` : ''}>${r.RoleName}</option>`)}
    </select>
    ${existing.length > 0 ? html`<p class="hint">The service-linked roles of Amazon Lex in this account; see them in <a href="${roleHref(existing[0].RoleName!)}">IAM</a>.</p>` : ''}
  </fieldset>
  <fieldset><legend>Children's Online Privacy Protection Act (COPPA): is use of the bot subject to COPPA?</legend>
    <label><input type="radio" name="childDirected" value="yes"${checked(form.childDirected === 'yes')} required> Yes</label>
    <label><input type="radio" name="childDirected" value="no"${checked(form.childDirected === 'no')}> No</label>
  </fieldset>
  <label for="idleMinutes">Idle session timeout (minutes)</label>
  <input id="idleMinutes" name="idleMinutes" type="number" min="1" max="1440" value="${form.idleMinutes}" required>
  <fieldset><legend>Add language to bot</legend>
    <label for="localeId">Select language</label>
    <select id="localeId" name="localeId">${Object.entries(LEX_LOCALES).map(([id, name]) => html`<option value="${id}"${id === form.localeId ? html` selected` : ''}>${name} (${id})</option>`)}</select>
    <label for="confidence">Intent classification confidence score threshold</label>
    <input id="confidence" name="confidence" type="number" min="0" max="1" step="0.01" value="${form.confidence}" required>
  </fieldset>
  <div class="actions"><a class="button" href="/console/lex/bots">Cancel</a> <button type="submit" class="button primary">Create bot</button></div>
</form>`,
  });
  return formReply(page, error);
}
