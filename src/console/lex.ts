// Amazon Lex V2 in the console: bots (radio choice, the Action menu, Delete), a bot's Settings with
// IAM permissions and the runtime role, bot versions, aliases with their capabilities and the grants
// each adds to the bot's role, and channel integrations (General configuration with the role name
// linking to IAM, Delete).
import {
  DeleteBotCommand,
  DescribeBotAliasCommand,
  DescribeBotCommand,
  ListBotAliasesCommand,
  ListBotVersionsCommand,
  ListBotsCommand,
  type DescribeBotAliasCommandOutput,
} from '@aws-sdk/client-lex-models-v2';
import { GetRolePolicyCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { aliasCapabilities, grantNames, type AliasSettings } from '../services/lex/grants.js';
import { apiError } from './aws.js';
import { formatDate, html, seg, type Html } from './html.js';
import { attempt, roleHref } from './iam.js';
import { decodePolicyDocument, jsonView } from './json-view.js';
import { badge, confirmAction, confirmForm, details, errorBox, pageHeader, panel, table } from './layout.js';
import { redirect, type Context, type Router } from './router.js';

export const botHref = (botId: string) => `/console/lex/bots/${seg(botId)}`;
export const roleNameOfArn = (arn: string | undefined) => (arn ? arn.slice(arn.lastIndexOf('/') + 1) : '');

export function botSideNav(botId: string | undefined, botName: string | undefined, current: string): Html {
  const items: [string, string, string][] = botId
    ? [
        ['overview', 'Bot overview', botHref(botId)],
        ['versions', 'Bot versions', `${botHref(botId)}/versions`],
        ['slot-types', 'Slot types', `${botHref(botId)}/slot-types`],
        ['slots', 'Slots', `${botHref(botId)}/slots`],
        ['channels', 'Channel integrations', `${botHref(botId)}/channels`],
        ['aliases', 'Aliases', `${botHref(botId)}/aliases`],
        ['settings', 'Settings', `${botHref(botId)}/settings`],
        ['replication', 'Replication', `${botHref(botId)}/replication`],
        ['resource-policy', 'Resource-based policy', `${botHref(botId)}/resource-policy`],
      ]
    : [];
  return html`<nav class="sidenav" aria-label="Amazon Lex V2">
  <p class="sidenav-title">Amazon Lex V2</p>
  <ul><li><a href="/console/lex/bots"${current === 'bots' ? html` aria-current="page"` : ''}>Bots</a></li></ul>
  ${botId ? html`<p class="sidenav-title">${botName ?? botId}</p><ul>${items.map(([id, label, href]) => html`<li><a href="${href}"${id === current ? html` aria-current="page"` : ''}>${label}</a></li>`)}</ul>` : ''}
</nav>`;
}

export async function botPage(ctx: Context, current: string, title: string, render: (bot: { botId: string; botName: string; roleArn?: string; raw: any }) => Promise<Html> | Html): Promise<ReturnType<Context['page']>> {
  const botId = ctx.params.botId;
  const got = await attempt(ctx.aws.lex.send(new DescribeBotCommand({ botId })));
  if (!got.ok) {
    return ctx.page({ title, section: 'lex', sideNav: botSideNav(botId, undefined, current), crumbs: [['Lex V2', '/console/lex/bots'], ['Bots', '/console/lex/bots'], [botId]], body: html`${pageHeader(title)}${ctx.refusal(got.error, 'Reading the bot')}` });
  }
  const bot = { botId, botName: got.value.botName ?? botId, roleArn: got.value.roleArn, raw: got.value };
  const crumbs: [string, string?][] = [['Lex V2', '/console/lex/bots'], ['Bots', '/console/lex/bots'], [bot.botName, botHref(botId)], ...(current === 'overview' ? [] : ([[title]] as [string][]))];
  return ctx.page({ title: `${title} · ${bot.botName}`, section: 'lex', sideNav: botSideNav(botId, bot.botName, current), crumbs, body: await render(bot) });
}

/** The server as the browser reaches it (scheme://host), for the addresses the user gives a platform. */
function siteUrl(ctx: Context): string {
  const host = ctx.request.headers.host;
  // The console is served over plain HTTP (src/server.ts listens without TLS).
  return host && /^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? `http://${host}` : ctx.endpoint;
}

export const channelHref = (botId: string, channelId: string) => `${botHref(botId)}/channels/${seg(channelId)}`;

export function lexRoutes(router: Router): void {
  router.get('/console/lex', () => redirect('/console/lex/bots'));

  router.get('/console/lex/bots', async (ctx) => {
    const listed = await attempt(ctx.aws.lex.send(new ListBotsCommand({ maxResults: 1000 })));
    const deleteForm = confirmForm({
      session: ctx.session,
      id: 'delete-bot',
      title: 'Delete bot?',
      action: '/console/lex/bots/delete',
      message: html`<p>The bot <strong data-fill="botName">the chosen bot</strong> is deleted with its versions, aliases and channels. Its runtime role stays in IAM until you delete it there.</p>`,
      word: 'delete',
      label: 'To confirm deletion, type delete in the field.',
      submitLabel: 'Delete',
      hidden: { botId: '' },
      cancelHref: '/console/lex/bots',
    });
    const body = html`${pageHeader('Bots', {
      description: html`Amazon Lex V2 bots in <code>${ctx.session.region}</code>. Each bot runs with its own service-linked runtime role.`,
      actions: html`<a class="button primary" href="/console/lex/bots/create">Create bot</a>`,
    })}
${listed.ok
  ? html`<form method="get" action="/console/lex/bots/delete" id="bots-form" class="bots-form">
  <div class="toolbar">
    <details class="menu" data-menu>
      <summary class="button">Action <span aria-hidden="true">▾</span></summary>
      <ul role="menu" aria-label="Action">
        <li role="none"><button type="submit" role="menuitem" class="menu-item danger-text" data-dialog="delete-bot" data-needs-choice="botId">Delete</button></li>
      </ul>
    </details>
  </div>
  ${(listed.value.botSummaries ?? []).length === 0
    ? html`<p class="empty">No bots in this region.</p>`
    : html`<fieldset class="table-fieldset"><legend class="visually-hidden">Choose a bot</legend><div class="table-wrap"><table>
    <caption class="visually-hidden">Bots</caption>
    <thead><tr><th scope="col"><span class="visually-hidden">Choose</span></th><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Description</th><th scope="col">Latest version</th><th scope="col">Last updated</th></tr></thead>
    <tbody>${(listed.value.botSummaries ?? []).map(
      (b) => html`<tr>
      <td><input type="radio" name="botId" value="${b.botId}" id="bot-${b.botId}" data-name="${b.botName}" aria-label="Choose ${b.botName}" required></td>
      <th scope="row"><a href="${botHref(b.botId!)}">${b.botName}</a></th>
      <td>${badge(b.botStatus ?? '', b.botStatus === 'Available' ? 'ok' : 'neutral')}</td>
      <td>${b.description ?? ''}</td><td>${b.latestBotVersion ?? ''}</td><td>${formatDate(b.lastUpdatedDateTime)}</td></tr>`,
    )}</tbody></table></div></fieldset>`}
</form>
<dialog id="delete-bot" class="dialog" aria-labelledby="delete-bot-title">${deleteForm}</dialog>`
  : errorBox(listed.error, 'Listing bots')}`;
    return ctx.page({ title: 'Bots', section: 'lex', sideNav: botSideNav(undefined, undefined, 'bots'), crumbs: [['Lex V2', '/console/lex/bots'], ['Bots']], body });
  });

  const deleteBotPage = async (ctx: Context, botId: string, error?: string) => {
    const bot = await attempt(ctx.aws.lex.send(new DescribeBotCommand({ botId })));
    const name = bot.ok ? bot.value.botName ?? botId : botId;
    return ctx.page({
      title: 'Delete bot',
      section: 'lex',
      sideNav: botSideNav(undefined, undefined, 'bots'),
      body: html`<div class="panel standalone">${confirmForm({
        session: ctx.session,
        id: 'delete-bot',
        title: `Delete ${name}?`,
        action: '/console/lex/bots/delete',
        message: html`<p>The bot <strong>${name}</strong> is deleted with its versions, aliases and channels.</p>`,
        word: 'delete',
        label: 'To confirm deletion, type delete in the field.',
        submitLabel: 'Delete',
        hidden: { botId },
        cancelHref: '/console/lex/bots',
        error,
      })}</div>`,
    });
  };
  router.get('/console/lex/bots/delete', (ctx) => {
    const botId = ctx.url.searchParams.get('botId');
    if (!botId) {
      ctx.flash('error', 'Choose a bot first.');
      return redirect('/console/lex/bots');
    }
    return deleteBotPage(ctx, botId);
  });
  router.post('/console/lex/bots/delete', async (ctx) => {
    const botId = ctx.form.botId ?? '';
    if ((ctx.form.confirm ?? '').trim().toLowerCase() !== 'delete') return deleteBotPage(ctx, botId, 'Type delete to confirm.');
    const done = await attempt(ctx.aws.lex.send(new DeleteBotCommand({ botId })));
    if (!done.ok) {
      const e = apiError(done.error);
      ctx.flash('error', `Deleting the bot failed: ${e.code}: ${e.message}`);
    } else ctx.flash('success', `The bot ${botId} is being deleted (${done.value.botStatus ?? 'Deleting'}).`);
    return redirect('/console/lex/bots');
  });

  router.get('/console/lex/bots/:botId', (ctx) =>
    botPage(ctx, 'overview', 'Bot overview', (bot) => {
      const b = bot.raw;
      return html`${pageHeader(bot.botName, { badge: badge(b.botStatus ?? '', b.botStatus === 'Available' ? 'ok' : 'neutral'), description: b.description })}
${panel('Bot details', details([
  ['ID', html`<code>${bot.botId}</code>`],
  ['Runtime role', bot.roleArn ? html`<a href="${roleHref(roleNameOfArn(bot.roleArn))}">${roleNameOfArn(bot.roleArn)}</a>` : '—'],
  ['Idle session timeout', b.idleSessionTTLInSeconds ? `${b.idleSessionTTLInSeconds} seconds` : ''],
  ['COPPA', b.dataPrivacy?.childDirected ? 'Child-directed' : 'Not child-directed'],
  ['Created', formatDate(b.creationDateTime)],
  ['Last updated', formatDate(b.lastUpdatedDateTime)],
]))}`;
    }),
  );

  router.get('/console/lex/bots/:botId/settings', (ctx) =>
    botPage(ctx, 'settings', 'Settings', (bot) => {
      const roleName = roleNameOfArn(bot.roleArn);
      return html`${pageHeader('Settings', { description: html`Settings of the bot ${bot.botName}.` })}
${panel('Bot details', details([['Bot name', bot.botName], ['ID', html`<code>${bot.botId}</code>`], ['Description', bot.raw.description]]))}
${panel('IAM permissions', details([
  ['Runtime role', bot.roleArn ? html`<code class="runtime-role" data-testid="runtime-role">${bot.roleArn}</code>` : '—'],
  ['Role name', roleName ? html`<a href="${roleHref(roleName)}">${roleName}</a>` : '—'],
]))}`;
    }),
  );

  router.get('/console/lex/bots/:botId/versions', (ctx) =>
    botPage(ctx, 'versions', 'Bot versions', async (bot) => {
      const versions = await attempt(ctx.aws.lex.send(new ListBotVersionsCommand({ botId: bot.botId, maxResults: 1000 })));
      return html`${pageHeader('Bot versions', { actions: html`<a class="button" href="${botHref(bot.botId)}/channels">Channel integrations</a>` })}
${panel('Versions', html`<ul class="plain"><li><strong>Draft version</strong> (working copy)</li></ul>${
  versions.ok
    ? table('Bot versions', ['Version', 'Status', 'Description', 'Created'], (versions.value.botVersionSummaries ?? []).map((v) => [v.botVersion ?? '', v.botStatus ?? '', v.description ?? '', formatDate(v.creationDateTime)]), 'No numbered versions.')
    : errorBox(versions.error, 'Listing versions')
}`)}
${panel('Deployment', html`<p><a href="${botHref(bot.botId)}/channels">Channel integrations</a> · <a href="${botHref(bot.botId)}/aliases">Aliases</a></p>`)}`;
    }),
  );

  router.get('/console/lex/bots/:botId/aliases', (ctx) =>
    botPage(ctx, 'aliases', 'Aliases', async (bot) => {
      const aliases = await attempt(ctx.aws.lex.send(new ListBotAliasesCommand({ botId: bot.botId, maxResults: 1000 })));
      return html`${pageHeader('Aliases')}${aliases.ok
        ? table('Aliases', ['Alias name', 'Version', 'Status', 'Last updated'], (aliases.value.botAliasSummaries ?? []).map((a) => [html`<a href="${botHref(bot.botId)}/aliases/${seg(a.botAliasId!)}">${a.botAliasName}</a>`, a.botVersion ?? '', a.botAliasStatus ?? '', formatDate(a.lastUpdatedDateTime)]), 'No aliases.')
        : errorBox(aliases.error, 'Listing aliases')}`;
    }),
  );

  router.get('/console/lex/bots/:botId/aliases/:aliasId', (ctx) =>
    botPage(ctx, 'aliases', 'Alias', async (bot) => {
      const alias = await attempt(ctx.aws.lex.send(new DescribeBotAliasCommand({ botId: bot.botId, botAliasId: ctx.params.aliasId })));
      if (!alias.ok) return html`${pageHeader(ctx.params.aliasId)}${ctx.refusal(alias.error, 'Reading the alias')}`;
      return html`${pageHeader(alias.value.botAliasName ?? ctx.params.aliasId, { description: `Alias of ${bot.botName}, version ${alias.value.botVersion ?? ''}.` })}
${panel('Details', details([['Alias ID', html`<code>${alias.value.botAliasId}</code>`], ['Version', alias.value.botVersion], ['Status', alias.value.botAliasStatus]]))}
${await capabilitiesPanel(ctx, bot.roleArn, alias.value)}`;
    }),
  );

  // --- channel integrations ------------------------------------------------------------------------
  router.get('/console/lex/bots/:botId/channels', (ctx) =>
    botPage(ctx, 'channels', 'Channel integrations', async (bot) => {
      const listed = await attempt(ctx.aws.extension<{ channelSummaries: any[] }>('lex', 'POST', `/bots/${seg(bot.botId)}/channels/`, {}));
      return html`${pageHeader('Channel integrations', {
        description: 'Deploy the bot on a messaging platform. Each channel runs with its own service-linked role.',
        actions: html`<a class="button primary" href="${botHref(bot.botId)}/channels/add">Add channel</a>`,
      })}
${listed.ok
  ? table(
      'Channel integrations',
      ['Channel name', 'Platform', 'Alias', 'Language', 'Status', 'Created'],
      (listed.value.channelSummaries ?? []).map((c) => [html`<a href="${channelHref(bot.botId, c.channelId)}">${c.channelName}</a>`, c.platform, c.botAliasId, c.localeId, c.channelStatus ?? '', formatDate(c.creationDateTime ? new Date(typeof c.creationDateTime === 'number' ? c.creationDateTime * 1000 : c.creationDateTime) : undefined)]),
      'No channel integrations.',
    )
  : errorBox(listed.error, 'Listing channel integrations')}`;
    }),
  );

  const channelDeleteForm = (ctx: Context, botId: string, channelId: string, name: string) =>
    confirmForm({
      session: ctx.session,
      id: 'delete-channel',
      title: `Delete the channel ${name}?`,
      action: `${channelHref(botId, channelId)}/delete`,
      message: html`<p>The bot stops answering on this channel. Its role stays in IAM until you delete it there.</p>`,
      submitLabel: 'Delete',
      cancelHref: channelHref(botId, channelId),
    });

  router.get('/console/lex/bots/:botId/channels/:channelId', (ctx) =>
    botPage(ctx, 'channels', 'Channel', async (bot) => {
      const got = await attempt(ctx.aws.extension<any>('lex', 'GET', `/bots/${seg(bot.botId)}/channels/${seg(ctx.params.channelId)}/`));
      if (!got.ok) return html`${pageHeader(ctx.params.channelId)}${ctx.refusal(got.error, 'Reading the channel')}`;
      const c = got.value;
      const roleName = c.roleName ?? roleNameOfArn(c.roleArn);
      return html`${pageHeader(c.channelName, {
        description: `${c.platform} channel of ${bot.botName}.`,
        actions: confirmAction({ session: ctx.session, id: 'delete-channel', openLabel: 'Delete', fallbackHref: `${channelHref(bot.botId, c.channelId)}/delete`, form: channelDeleteForm(ctx, bot.botId, c.channelId, c.channelName) }),
      })}
${panel('General configuration', details([
  ['Channel name', c.channelName],
  ['Description', c.description],
  ['Platform', c.platform],
  ['Alias', c.botAliasId],
  ['Language', c.localeId],
  ['Status', c.channelStatus],
  ['IAM role', roleName ? html`<a href="${roleHref(roleName)}" target="_blank" rel="noopener" class="role-link">${roleName}<span class="visually-hidden"> (opens in a new tab)</span> <span aria-hidden="true">↗</span></a>` : '—'],
  ['Channel ARN', html`<code>${c.channelArn ?? ''}</code>`],
  ['Callback URL', c.callbackPath ? html`<code data-testid="callback-url">${siteUrl(ctx)}${c.callbackPath}</code>` : ''],
  ['Session timeout', c.sessionTimeoutInMinutes ? `${c.sessionTimeoutInMinutes} minutes` : ''],
]))}`;
    }),
  );
  router.get('/console/lex/bots/:botId/channels/:channelId/delete', (ctx) =>
    ctx.page({ title: 'Delete channel', section: 'lex', body: html`<div class="panel standalone">${channelDeleteForm(ctx, ctx.params.botId, ctx.params.channelId, ctx.params.channelId)}</div>` }),
  );
  router.post('/console/lex/bots/:botId/channels/:channelId/delete', async (ctx) => {
    const { botId, channelId } = ctx.params;
    const done = await attempt(ctx.aws.extension('lex', 'DELETE', `/bots/${seg(botId)}/channels/${seg(channelId)}/`));
    if (!done.ok) {
      const e = apiError(done.error);
      ctx.flash('error', `Deleting the channel failed: ${e.code}: ${e.message}`);
      return redirect(channelHref(botId, channelId));
    }
    ctx.flash('success', 'The channel is deleted.');
    return redirect(`${botHref(botId)}/channels`);
  });
}

/** An alias's capabilities and, for each, the inline policy Lex wrote into the bot's role. */
async function capabilitiesPanel(ctx: Context, roleArn: string | undefined, alias: DescribeBotAliasCommandOutput): Promise<Html> {
  const caps = aliasCapabilities(alias as unknown as AliasSettings);
  const roleName = roleNameOfArn(roleArn);
  const names = roleName ? await attempt(ctx.aws.iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))) : undefined;
  const policy = async (name: string): Promise<Html> => {
    if (!roleName) return html`<p class="empty">The bot has no role.</p>`;
    if (names && names.ok && !(names.value.PolicyNames ?? []).includes(name)) return html`<p class="empty">No policy <code>${name}</code> in the role (yet).</p>`;
    const got = await attempt(ctx.aws.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name })));
    return got.ok ? html`<p>Inline policy <code>${name}</code> in <a href="${roleHref(roleName)}">${roleName}</a>:</p>${jsonView(decodePolicyDocument(got.value.PolicyDocument), { label: name })}` : errorBox(got.error, `Reading ${name}`);
  };
  const rows: Html[] = [];
  const add = async (title: string, enabled: boolean, detail: Html | string, grantName?: string) => {
    rows.push(html`<section class="capability"><h3>${title} ${badge(enabled ? 'Enabled' : 'Off', enabled ? 'ok' : 'neutral')}</h3><p>${detail}</p>${enabled && grantName ? await policy(grantName) : ''}</section>`);
  };
  await add('Sentiment analysis (Amazon Comprehend)', caps.detectSentiment, 'Lex detects the sentiment of each utterance: the role may call comprehend:DetectSentiment.', grantNames.sentiment());
  await add('Text logs (CloudWatch Logs)', !!caps.textLog, caps.textLog ? html`Log group <code>${caps.textLog.logGroupArn}</code>, prefix <code>${caps.textLog.logPrefix}</code>.` : 'No text logs.', caps.textLog ? grantNames.textLog(caps.textLog.logGroupArn) : undefined);
  await add('Audio logs (Amazon S3)', !!caps.audioLog, caps.audioLog ? html`Bucket <code>${caps.audioLog.bucketArn}</code>, prefix <code>${caps.audioLog.logPrefix}</code>.` : 'No audio logs.', caps.audioLog ? grantNames.audioLog(caps.audioLog.bucketArn) : undefined);
  await add('Audio log encryption (AWS KMS)', !!caps.audioLog?.kmsKeyArn, caps.audioLog?.kmsKeyArn ? html`Key <code>${caps.audioLog.kmsKeyArn}</code>.` : 'No KMS key.', caps.audioLog?.kmsKeyArn ? grantNames.kms(caps.audioLog.kmsKeyArn) : undefined);
  const kendra = names && names.ok ? (names.value.PolicyNames ?? []).filter((n) => n.startsWith('AmazonLexV2-KendraSearch-')) : [];
  rows.push(html`<section class="capability"><h3>Kendra search intent ${badge(kendra.length ? 'Enabled' : 'Off', kendra.length ? 'ok' : 'neutral')}</h3><p>A KendraSearchIntent in any version of the bot lets the role query its Amazon Kendra index.</p>${await Promise.all(kendra.map(policy))}</section>`);
  return panel('Capabilities and the grants they add to the runtime role', html`${rows}`);
}
