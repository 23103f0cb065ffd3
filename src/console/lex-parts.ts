// Amazon Lex V2 in the console: a bot's Slot types and Slots (the DRAFT version's, locale by locale, as the Lex
// console's locale pages list them: each slot type's category, values and synonyms and resolution; each intent's
// slots with their type, whether required and the prompt) and its Resource-based policy (the policy on the bot's
// ARN shown as JSON with its revision, created or replaced from a form, deleted). Every call is the signed-in
// user's own, so IAM decides each.
import {
  CreateResourcePolicyCommand,
  DeleteResourcePolicyCommand,
  DescribeResourcePolicyCommand,
  DescribeSlotTypeCommand,
  ListBotLocalesCommand,
  ListIntentsCommand,
  ListSlotsCommand,
  ListSlotTypesCommand,
  UpdateResourcePolicyCommand,
} from '@aws-sdk/client-lex-models-v2';
import { apiError } from './aws.js';
import { formatDate, html, join, type Html } from './html.js';
import { attempt } from './iam.js';
import { jsonView } from './json-view.js';
import { badge, csrf, details, errorBox, pageHeader, panel, table } from './layout.js';
import { botHref, botPage } from './lex.js';
import { redirect, type Context, type Router } from './router.js';

const DRAFT = 'DRAFT';
export const slotTypesHref = (botId: string) => `${botHref(botId)}/slot-types`;
export const slotsHref = (botId: string) => `${botHref(botId)}/slots`;
export const resourcePolicyHref = (botId: string) => `${botHref(botId)}/resource-policy`;

/** The DRAFT version's locales (ids), or the refusal. */
async function draftLocales(ctx: Context, botId: string) {
  return attempt(ctx.aws.lex.send(new ListBotLocalesCommand({ botId, botVersion: DRAFT, maxResults: 1000 })).then((r) => (r.botLocaleSummaries ?? []).map((l) => l.localeId!)));
}

/** The first of several calls' refusals, or their values. */
async function all<T>(calls: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>[]): Promise<{ ok: true; value: T[] } | { ok: false; error: unknown }> {
  const done = await Promise.all(calls);
  const refused = done.find((d) => !d.ok);
  if (refused && !refused.ok) return refused;
  return { ok: true, value: done.map((d) => (d as { value: T }).value) };
}

async function botArnOf(ctx: Context, botId: string): Promise<string> {
  return `arn:aws:lex:${await ctx.aws.lex.config.region()}:${ctx.accountId}:bot/${botId}`;
}

export function lexPartRoutes(router: Router): void {
  router.get('/console/lex/bots/:botId/slot-types', (ctx) =>
    botPage(ctx, 'slot-types', 'Slot types', async (bot) => {
      const locales = await draftLocales(ctx, bot.botId);
      if (!locales.ok) return html`${pageHeader('Slot types')}${errorBox(locales.error, 'Listing locales')}`;
      const panels: Html[] = [];
      for (const localeId of locales.value) {
        const at = { botId: bot.botId, botVersion: DRAFT, localeId };
        const listed = await attempt(ctx.aws.lex.send(new ListSlotTypesCommand({ ...at, maxResults: 1000, sortBy: { attribute: 'SlotTypeName', order: 'Ascending' } })));
        if (!listed.ok) {
          panels.push(panel(`Slot types · ${localeId}`, errorBox(listed.error, 'Listing slot types')));
          continue;
        }
        const described = await all((listed.value.slotTypeSummaries ?? []).map((s) => attempt(ctx.aws.lex.send(new DescribeSlotTypeCommand({ ...at, slotTypeId: s.slotTypeId })))));
        if (!described.ok) {
          panels.push(panel(`Slot types · ${localeId}`, errorBox(described.error, 'Reading slot types')));
          continue;
        }
        const rows = described.value.map((t, i) => {
          const summary = (listed.value.slotTypeSummaries ?? [])[i];
          const values = (t.slotTypeValues ?? []).map((v) => {
            const synonyms = (v.synonyms ?? []).map((s) => s.value).filter(Boolean);
            return synonyms.length > 0 ? `${v.sampleValue?.value} (${synonyms.join(', ')})` : (v.sampleValue?.value ?? '');
          });
          const regex = t.valueSelectionSetting?.regexFilter?.pattern;
          return [
            html`<strong>${t.slotTypeName}</strong>`,
            html`<code>${t.slotTypeId}</code>`,
            summary?.slotTypeCategory ?? '',
            t.parentSlotTypeSignature ?? '',
            values.length > 0 ? join(values, ', ') : regex ? html`<code>${regex}</code>` : '—',
            t.valueSelectionSetting?.resolutionStrategy ?? '',
            formatDate(t.lastUpdatedDateTime),
          ];
        });
        panels.push(panel(`Slot types · ${localeId}`, table(`Slot types of ${localeId}`, ['Name', 'ID', 'Category', 'Parent', 'Values (synonyms)', 'Resolution', 'Last updated'], rows, 'No slot types.')));
      }
      return html`${pageHeader('Slot types', { description: 'The slot types of the Draft version, by language. Built-in slot types (AMAZON.*) are used by name and are not listed.' })}${panels.length > 0 ? join(panels) : panel('Slot types', 'The bot has no languages.')}`;
    }),
  );

  router.get('/console/lex/bots/:botId/slots', (ctx) =>
    botPage(ctx, 'slots', 'Slots', async (bot) => {
      const locales = await draftLocales(ctx, bot.botId);
      if (!locales.ok) return html`${pageHeader('Slots')}${errorBox(locales.error, 'Listing locales')}`;
      const panels: Html[] = [];
      for (const localeId of locales.value) {
        const at = { botId: bot.botId, botVersion: DRAFT, localeId };
        const [intents, types] = await Promise.all([
          attempt(ctx.aws.lex.send(new ListIntentsCommand({ ...at, maxResults: 1000, sortBy: { attribute: 'IntentName', order: 'Ascending' } }))),
          attempt(ctx.aws.lex.send(new ListSlotTypesCommand({ ...at, maxResults: 1000 }))),
        ]);
        if (!intents.ok || !types.ok) {
          panels.push(panel(`Slots · ${localeId}`, errorBox(!intents.ok ? intents.error : (types as { error: unknown }).error, 'Listing intents and slot types')));
          continue;
        }
        const typeName = new Map((types.value.slotTypeSummaries ?? []).map((t) => [t.slotTypeId, t.slotTypeName]));
        const rows: (string | Html)[][] = [];
        for (const intent of intents.value.intentSummaries ?? []) {
          const slots = await attempt(ctx.aws.lex.send(new ListSlotsCommand({ ...at, intentId: intent.intentId, maxResults: 1000 })));
          if (!slots.ok) {
            rows.push([intent.intentName ?? '', errorBox(slots.error, 'Listing slots'), '', '', '']);
            continue;
          }
          for (const s of slots.value.slotSummaries ?? []) {
            const prompt = s.valueElicitationPromptSpecification?.messageGroups?.[0]?.message?.plainTextMessage?.value;
            rows.push([
              intent.intentName ?? '',
              html`<strong>${s.slotName}</strong>`,
              s.slotTypeId ? (typeName.get(s.slotTypeId) ?? s.slotTypeId) : '—',
              badge(s.slotConstraint ?? '', s.slotConstraint === 'Required' ? 'warn' : 'neutral'),
              prompt ?? '—',
            ]);
          }
        }
        panels.push(panel(`Slots · ${localeId}`, table(`Slots of ${localeId}`, ['Intent', 'Slot', 'Slot type', 'Required', 'Prompt'], rows, 'No slots.')));
      }
      return html`${pageHeader('Slots', { description: 'The slots of every intent of the Draft version, by language, in the order the intent elicits them.' })}${panels.length > 0 ? join(panels) : panel('Slots', 'The bot has no languages.')}`;
    }),
  );

  router.get('/console/lex/bots/:botId/resource-policy', (ctx) =>
    botPage(ctx, 'resource-policy', 'Resource-based policy', async (bot) => {
      const resourceArn = await botArnOf(ctx, bot.botId);
      const got = await attempt(ctx.aws.lex.send(new DescribeResourcePolicyCommand({ resourceArn })));
      const missing = !got.ok && apiError(got.error).code === 'ResourceNotFoundException';
      if (!got.ok && !missing) return html`${pageHeader('Resource-based policy')}${errorBox(got.error, 'Reading the policy')}`;
      const policy = got.ok ? got.value : undefined;
      const pretty = policy?.policy ? JSON.stringify(JSON.parse(policy.policy), null, 2) : '';
      const example = JSON.stringify(
        { Version: '2012-10-17', Statement: [{ Sid: 'AllowOtherAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['lex:DescribeBot'], Resource: resourceArn }] },
        null,
        2,
      );
      return html`${pageHeader('Resource-based policy', { description: html`Who else may act on this bot (<code>${resourceArn}</code>): the policy decides calls from other accounts together with their own policies.` })}
${panel(
  'Policy',
  policy
    ? html`${details([['Revision', html`<code data-testid="revision">${policy.revisionId ?? ''}</code>`]])}${jsonView(pretty, { label: 'Resource-based policy' })}
<form method="post" action="${resourcePolicyHref(bot.botId)}/delete">${csrf(ctx.session)}<input type="hidden" name="revisionId" value="${policy.revisionId ?? ''}"><button type="submit" class="button danger">Delete policy</button></form>`
    : html`<p>This bot has no resource-based policy.</p>`,
)}
${panel(
  policy ? 'Edit the policy' : 'Create a policy',
  html`<form method="post" action="${resourcePolicyHref(bot.botId)}" class="stack">${csrf(ctx.session)}
  <input type="hidden" name="revisionId" value="${policy?.revisionId ?? ''}">
  <label for="policy">Policy (JSON)</label>
  <textarea id="policy" name="policy" rows="14" spellcheck="false">${pretty || example}</textarea>
  <button type="submit" class="button primary">${policy ? 'Save changes' : 'Create policy'}</button>
</form>`,
)}`;
    }),
  );

  router.post('/console/lex/bots/:botId/resource-policy', async (ctx: Context) => {
    const botId = ctx.params.botId;
    const resourceArn = await botArnOf(ctx, botId);
    const policy = ctx.form.policy ?? '';
    const revisionId = ctx.form.revisionId || undefined;
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
    const done = await attempt(ctx.aws.lex.send(new DeleteResourcePolicyCommand({ resourceArn: await botArnOf(ctx, botId), expectedRevisionId: ctx.form.revisionId || undefined })));
    if (!done.ok) {
      const e = apiError(done.error);
      ctx.flash('error', `Deleting the policy failed: ${e.code}: ${e.message}`);
    } else ctx.flash('success', 'The policy is deleted.');
    return redirect(resourcePolicyHref(botId));
  });
}
