// Amazon Lex V2 in the console: what a bot is made of, as AWS's Lex console shows it. A version (Draft or
// numbered) lists its languages; a language lists its intents and slot types; an intent shows its sample
// utterances and its slots (type, required, prompt) in priority order; a slot type its values, synonyms and
// resolution. The bot's Resource-based policy page shows the policy with its revision, and saves
// (CreateResourcePolicy, or UpdateResourcePolicy with the revision read) or deletes it. Every call is the
// signed-in user's own, so IAM decides each.
import {
  CreateResourcePolicyCommand,
  DeleteResourcePolicyCommand,
  DescribeBotLocaleCommand,
  DescribeIntentCommand,
  DescribeResourcePolicyCommand,
  DescribeSlotTypeCommand,
  ListBotLocalesCommand,
  ListIntentsCommand,
  ListSlotsCommand,
  ListSlotTypesCommand,
  UpdateResourcePolicyCommand,
  type PromptSpecification,
  type SlotSummary,
} from '@aws-sdk/client-lex-models-v2';
import { botArn } from '../services/lex/ids.js';
import { apiError } from './aws.js';
import { formatDate, html, seg, type Html } from './html.js';
import { attempt } from './iam.js';
import { jsonView } from './json-view.js';
import { badge, csrf, details, errorBox, pageHeader, panel, table } from './layout.js';
import { botHref, botPage } from './lex.js';
import { redirect, type Context, type Router } from './router.js';

export const versionHref = (botId: string, version: string) => `${botHref(botId)}/versions/${seg(version)}`;
const localeHref = (botId: string, version: string, localeId: string) => `${versionHref(botId, version)}/locales/${seg(localeId)}`;
export const resourcePolicyHref = (botId: string) => `${botHref(botId)}/resource-policy`;
const versionName = (version: string) => (version === 'DRAFT' ? 'Draft version' : `Version ${version}`);

/** A prompt's first message, as the console previews it. */
function promptText(prompt: PromptSpecification | undefined): string {
  const message = prompt?.messageGroups?.[0]?.message;
  return message?.plainTextMessage?.value ?? message?.ssmlMessage?.value ?? '';
}

export function lexDefinitionRoutes(router: Router): void {
  router.get('/console/lex/bots/:botId/versions/:version', (ctx) =>
    botPage(ctx, 'versions', versionName(ctx.params.version), async (bot) => {
      const version = ctx.params.version;
      const locales = await attempt(ctx.aws.lex.send(new ListBotLocalesCommand({ botId: bot.botId, botVersion: version, maxResults: 1000 })));
      return html`${pageHeader(versionName(version), { description: html`The languages of ${bot.botName} in this version. <a href="${botHref(bot.botId)}/versions">All versions</a>` })}
${panel(
  'All languages',
  locales.ok
    ? table(
        'Languages',
        ['Language', 'Status', 'Description', 'Last updated'],
        (locales.value.botLocaleSummaries ?? []).map((l) => [html`<a href="${localeHref(bot.botId, version, l.localeId!)}">${l.localeName ?? l.localeId}</a>`, l.botLocaleStatus ?? '', l.description ?? '', formatDate(l.lastUpdatedDateTime)]),
        'No languages.',
      )
    : errorBox(locales.error, 'Listing languages'),
)}`;
    }),
  );

  router.get('/console/lex/bots/:botId/versions/:version/locales/:localeId', (ctx) =>
    botPage(ctx, 'versions', ctx.params.localeId, async (bot) => {
      const { version, localeId } = ctx.params;
      const where = { botId: bot.botId, botVersion: version, localeId };
      const [locale, intents, slotTypes] = await Promise.all([
        attempt(ctx.aws.lex.send(new DescribeBotLocaleCommand(where))),
        attempt(ctx.aws.lex.send(new ListIntentsCommand({ ...where, maxResults: 1000 }))),
        attempt(ctx.aws.lex.send(new ListSlotTypesCommand({ ...where, maxResults: 1000 }))),
      ]);
      if (!locale.ok) return html`${pageHeader(localeId)}${ctx.refusal(locale.error, 'Reading the language')}`;
      const base = localeHref(bot.botId, version, localeId);
      return html`${pageHeader(locale.value.localeName ?? localeId, { description: `${versionName(version)} of ${bot.botName}.`, badge: badge(locale.value.botLocaleStatus ?? '', locale.value.botLocaleStatus === 'Built' ? 'ok' : 'neutral') })}
${details([
  ['Language', localeId],
  ['Intent classification confidence score threshold', String(locale.value.nluIntentConfidenceThreshold ?? '')],
  ['Voice', locale.value.voiceSettings?.voiceId ?? ''],
  ['Last build submitted', formatDate(locale.value.lastBuildSubmittedDateTime)],
])}
${panel(
  'Intents',
  intents.ok
    ? table('Intents', ['Name', 'Description', 'Last edited'], (intents.value.intentSummaries ?? []).map((i) => [html`<a href="${base}/intents/${seg(i.intentId!)}">${i.intentName}</a>`, i.description ?? '', formatDate(i.lastUpdatedDateTime)]), 'No intents.')
    : errorBox(intents.error, 'Listing intents'),
)}
${panel(
  'Slot types',
  slotTypes.ok
    ? table('Slot types', ['Name', 'Category', 'Description', 'Last edited'], (slotTypes.value.slotTypeSummaries ?? []).map((t) => [html`<a href="${base}/slot-types/${seg(t.slotTypeId!)}">${t.slotTypeName}</a>`, t.slotTypeCategory ?? '', t.description ?? '', formatDate(t.lastUpdatedDateTime)]), 'No custom slot types.')
    : errorBox(slotTypes.error, 'Listing slot types'),
)}`;
    }),
  );

  router.get('/console/lex/bots/:botId/versions/:version/locales/:localeId/intents/:intentId', (ctx) =>
    botPage(ctx, 'versions', 'Intent', async (bot) => {
      const { version, localeId, intentId } = ctx.params;
      const where = { botId: bot.botId, botVersion: version, localeId };
      const [intent, slots, slotTypes] = await Promise.all([
        attempt(ctx.aws.lex.send(new DescribeIntentCommand({ ...where, intentId }))),
        attempt(ctx.aws.lex.send(new ListSlotsCommand({ ...where, intentId, maxResults: 1000 }))),
        attempt(ctx.aws.lex.send(new ListSlotTypesCommand({ ...where, maxResults: 1000 }))),
      ]);
      if (!intent.ok) return html`${pageHeader('Intent')}${ctx.refusal(intent.error, 'Reading the intent')}`;
      const typeNames = new Map((slotTypes.ok ? (slotTypes.value.slotTypeSummaries ?? []) : []).map((t) => [t.slotTypeId, t.slotTypeName]));
      // Slots in the intent's priority order (slotPriorities), then any the priorities do not name.
      const priority = new Map((intent.value.slotPriorities ?? []).map((p) => [p.slotId, p.priority ?? 0]));
      const ordered = (list: SlotSummary[]) => [...list].sort((a, b) => (priority.get(a.slotId) ?? Infinity) - (priority.get(b.slotId) ?? Infinity));
      const typeOf = (slot: SlotSummary) => (slot.slotTypeId?.startsWith('AMAZON.') ? slot.slotTypeId : (typeNames.get(slot.slotTypeId) ?? slot.slotTypeId ?? 'Composite'));
      const utterances = intent.value.sampleUtterances ?? [];
      return html`${pageHeader(intent.value.intentName ?? intentId, { description: html`Intent of <a href="${localeHref(bot.botId, version, localeId)}">${localeId}</a>, ${versionName(version)}.` })}
${details([
  ['Intent ID', intentId],
  ['Description', intent.value.description ?? ''],
  ['Parent intent', intent.value.parentIntentSignature ?? ''],
  ['Fulfillment code hook', intent.value.fulfillmentCodeHook?.enabled ? 'Active' : 'Inactive'],
])}
${panel('Sample utterances', utterances.length ? html`<ul class="plain">${utterances.map((u) => html`<li><code>${u.utterance}</code></li>`)}</ul>` : html`<p class="empty">No sample utterances.</p>`)}
${panel(
  'Slots',
  slots.ok
    ? table(
        'Slots',
        ['Priority', 'Name', 'Slot type', 'Required', 'Prompt'],
        ordered(slots.value.slotSummaries ?? []).map((s) => [
          String(priority.get(s.slotId) ?? ''),
          s.slotName ?? '',
          typeOf(s),
          s.slotConstraint === 'Required' ? 'Required' : 'Optional',
          promptText(s.valueElicitationPromptSpecification),
        ]),
        'No slots.',
      )
    : errorBox(slots.error, 'Listing slots'),
)}`;
    }),
  );

  router.get('/console/lex/bots/:botId/versions/:version/locales/:localeId/slot-types/:slotTypeId', (ctx) =>
    botPage(ctx, 'versions', 'Slot type', async (bot) => {
      const { version, localeId, slotTypeId } = ctx.params;
      const got = await attempt(ctx.aws.lex.send(new DescribeSlotTypeCommand({ botId: bot.botId, botVersion: version, localeId, slotTypeId })));
      if (!got.ok) return html`${pageHeader('Slot type')}${ctx.refusal(got.error, 'Reading the slot type')}`;
      const type = got.value;
      const source = type.externalSourceSetting?.grammarSlotTypeSetting?.source;
      return html`${pageHeader(type.slotTypeName ?? slotTypeId, { description: html`Slot type of <a href="${localeHref(bot.botId, version, localeId)}">${localeId}</a>, ${versionName(version)}.` })}
${details([
  ['Slot type ID', slotTypeId],
  ['Description', type.description ?? ''],
  ['Slot value resolution', type.valueSelectionSetting?.resolutionStrategy === 'TopResolution' ? 'Restrict to slot values' : type.valueSelectionSetting ? 'Expand values' : ''],
  ['Built-in parent', type.parentSlotTypeSignature ?? ''],
  ['Regular expression', type.valueSelectionSetting?.regexFilter?.pattern ?? ''],
  ['Grammar source', source ? `s3://${source.s3BucketName}/${source.s3ObjectKey}` : ''],
  ['Composite of', (type.compositeSlotTypeSetting?.subSlots ?? []).map((s) => s.name).join(', ')],
])}
${panel(
  'Slot type values',
  table('Slot type values', ['Value', 'Synonyms'], (type.slotTypeValues ?? []).map((v) => [v.sampleValue?.value ?? '', (v.synonyms ?? []).map((s) => s.value).join(', ')]), 'No values.'),
)}`;
    }),
  );

  router.get('/console/lex/bots/:botId/resource-policy', (ctx) =>
    botPage(ctx, 'resource-policy', 'Resource-based policy', async (bot) => {
      const arn = botArn(ctx.session.region, ctx.accountId, bot.botId);
      const got = await attempt(ctx.aws.lex.send(new DescribeResourcePolicyCommand({ resourceArn: arn })));
      const missing = !got.ok && apiError(got.error).code === 'ResourceNotFoundException';
      if (!got.ok && !missing) return html`${pageHeader('Resource-based policy')}${ctx.refusal(got.error, 'Reading the policy')}`;
      const policy = got.ok ? (got.value.policy ?? '') : '';
      const revision = got.ok ? (got.value.revisionId ?? '') : '';
      const form: Html = html`<form method="post" action="${resourcePolicyHref(bot.botId)}" class="stack">${csrf(ctx.session)}
  <input type="hidden" name="revisionId" value="${revision}">
  <label for="policy">Policy document</label>
  <textarea id="policy" name="policy" rows="14" spellcheck="false">${policy ? JSON.stringify(JSON.parse(policy), null, 2) : ''}</textarea>
  <button type="submit" class="button primary">Save policy</button>
</form>`;
      return html`${pageHeader('Resource-based policy', { description: html`Who outside the bot's own account's identity policies may act on <code>${arn}</code>: decided with the caller's own policies by the policy engine, for callers of other accounts as for any resource-based policy.` })}
${panel(
  'Policy',
  got.ok
    ? html`${details([['Revision', revision]])}${jsonView(JSON.stringify(JSON.parse(policy), null, 2), { label: 'Resource-based policy' })}<form method="post" action="${resourcePolicyHref(bot.botId)}/delete">${csrf(ctx.session)}<input type="hidden" name="revisionId" value="${revision}"><button type="submit" class="button danger">Delete policy</button></form>`
    : html`<p class="empty">This bot has no resource-based policy.</p>`,
)}
${panel(got.ok ? 'Edit the policy' : 'Create a policy', form)}`;
    }),
  );

  router.post('/console/lex/bots/:botId/resource-policy', async (ctx: Context) => {
    const botId = ctx.params.botId;
    const resourceArn = botArn(ctx.session.region, ctx.accountId, botId);
    const policy = ctx.form.policy ?? '';
    const revisionId = ctx.form.revisionId ?? '';
    const done = await attempt(
      revisionId
        ? ctx.aws.lex.send(new UpdateResourcePolicyCommand({ resourceArn, policy, expectedRevisionId: revisionId }))
        : ctx.aws.lex.send(new CreateResourcePolicyCommand({ resourceArn, policy })),
    );
    if (!done.ok) {
      const e = apiError(done.error);
      ctx.flash('error', `Saving the policy failed: ${e.code}: ${e.message}`);
    } else ctx.flash('success', `The policy is saved (revision ${done.value.revisionId}).`);
    return redirect(resourcePolicyHref(botId));
  });

  router.post('/console/lex/bots/:botId/resource-policy/delete', async (ctx: Context) => {
    const botId = ctx.params.botId;
    const resourceArn = botArn(ctx.session.region, ctx.accountId, botId);
    const done = await attempt(ctx.aws.lex.send(new DeleteResourcePolicyCommand({ resourceArn, expectedRevisionId: ctx.form.revisionId || undefined })));
    if (!done.ok) {
      const e = apiError(done.error);
      ctx.flash('error', `Deleting the policy failed: ${e.code}: ${e.message}`);
    } else ctx.flash('success', 'The policy is deleted.');
    return redirect(resourcePolicyHref(botId));
  });
}
