// Amazon Connect's widgets in the console, adding what uses AppIntegrations: a Wisdom integration (a data
// integration and its association with a knowledge base) and a Customer Profiles or Tasks connection (an
// event integration, new or existing, and its association). The seed: "When you create a data or event
// integration using either the Wisdom, Customer Profiles, or Tasks widget in Amazon Connect in the AWS
// Management Console ..., Amazon AppIntegrations creates the service-linked role for you."
import { CreateDataIntegrationCommand, CreateEventIntegrationCommand, ListEventIntegrationsCommand } from '@aws-sdk/client-appintegrations';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { CONNECT, CONSUMERS, sideNav, type EventConsumer } from './appintegrations.js';
import { html, type Html } from './html.js';
import { attempt } from './iam.js';
import { csrf, errorBox, pageHeader } from './layout.js';
import { formReply, redirect, type Context, type Router } from './router.js';

const ROLE = 'AWSServiceRoleForAppIntegrations';

export function connectCreateRoutes(router: Router): void {
  const wisdomDefaults = { name: '', knowledgeBase: '', sourceUri: 'Salesforce://AppFlow/', object: 'Knowledge__kav', kmsKey: '', schedule: 'rate(1 hour)' };
  router.get('/console/connect/wisdom/add', (ctx) => wisdomPage(ctx, wisdomDefaults));
  router.post('/console/connect/wisdom/add', async (ctx) => {
    const form = Object.fromEntries(Object.keys(wisdomDefaults).map((k) => [k, (ctx.form[k] ?? '').trim()])) as typeof wisdomDefaults;
    const hadRole = await roleExists(ctx);
    const created = await attempt(
      ctx.aws.appIntegrations.send(
        new CreateDataIntegrationCommand({
          Name: form.name,
          KmsKey: form.kmsKey,
          SourceURI: form.sourceUri,
          ScheduleConfig: { ScheduleExpression: form.schedule, Object: form.object },
        }),
      ),
    );
    if (!created.ok) return wisdomPage(ctx, form, created.error);
    const associated = await attempt(ctx.aws.extension(CONNECT, 'POST', '/wisdom/associations', { DataIntegrationIdentifier: form.name, KnowledgeBaseName: form.knowledgeBase }));
    if (!associated.ok) return wisdomPage(ctx, form, associated.error);
    ctx.flash('success', `The integration ${form.name} is added to the knowledge base ${form.knowledgeBase}.${await roleNote(ctx, hadRole)}`);
    return redirect('/console/connect/wisdom');
  });

  for (const consumer of ['customer-profiles', 'tasks'] as EventConsumer[]) {
    const c = CONSUMERS[consumer];
    const base = `/console/connect/${consumer}`;
    const defaults = { existing: '', name: '', source: 'aws.cases', target: '' };
    router.get(`${base}/add`, (ctx) => connectionPage(ctx, consumer, defaults));
    router.post(`${base}/add`, async (ctx) => {
      const form = Object.fromEntries(Object.keys(defaults).map((k) => [k, (ctx.form[k] ?? '').trim()])) as typeof defaults;
      const hadRole = await roleExists(ctx);
      const name = form.existing || form.name;
      if (!form.existing) {
        const created = await attempt(ctx.aws.appIntegrations.send(new CreateEventIntegrationCommand({ Name: form.name, EventFilter: { Source: form.source }, EventBridgeBus: 'default' })));
        if (!created.ok) return connectionPage(ctx, consumer, form, created.error);
      }
      const connected = await attempt(ctx.aws.extension(CONNECT, 'POST', `/${c.prefix}/connections`, { EventIntegrationName: name, [c.resourceKey]: form.target }));
      if (!connected.ok) return connectionPage(ctx, consumer, form, connected.error);
      ctx.flash('success', `${c.title} is connected to the event integration ${name}.${await roleNote(ctx, hadRole)}`);
      return redirect(base);
    });
  }
}

async function roleExists(ctx: Context): Promise<boolean> {
  return (await attempt(ctx.aws.iam.send(new GetRoleCommand({ RoleName: ROLE })))).ok;
}

/** Tells the user when their integration made AppIntegrations create its service-linked role. */
async function roleNote(ctx: Context, hadRole: boolean): Promise<string> {
  return !hadRole && (await roleExists(ctx)) ? ` Amazon AppIntegrations created its service-linked role ${ROLE}.` : '';
}

function field(id: string, label: Html | string, value: string, extra: Html | string = ''): Html {
  return html`<label for="${id}">${label}</label><input id="${id}" name="${id}" value="${value}" autocomplete="off"${extra}>`;
}

function formPage(ctx: Context, current: string, title: string, crumbs: [string, string?][], description: string, error: unknown, fields: Html) {
  const page = ctx.page({
    title,
    section: 'connect',
    sideNav: sideNav(current),
    crumbs,
    body: html`${pageHeader(title, { description })}
${error ? errorBox(error, title) : ''}
<form method="post" class="stack panel standalone">
  ${csrf(ctx.session)}
  ${fields}
  <div class="actions"><a class="button" href="${crumbs[1][1] ?? '/console/connect'}">Cancel</a> <button type="submit" class="button primary">Add</button></div>
</form>`,
  });
  return formReply(page, error);
}

function wisdomPage(ctx: Context, form: Record<string, string>, error?: unknown) {
  return formPage(
    ctx,
    'wisdom',
    'Add integration',
    [['Amazon Connect', '/console/connect'], ['Wisdom', '/console/connect/wisdom'], ['Add integration']],
    'A data integration that brings content from a source into a Wisdom knowledge base (AppFlow runs it through the AppIntegrations service-linked role).',
    error,
    html`${field('name', 'Integration name', form.name, html` required`)}
  ${field('knowledgeBase', 'Knowledge base name', form.knowledgeBase, html` required`)}
  ${field('sourceUri', html`Source URI <span class="hint">(the source's AppFlow connector profile, e.g. Salesforce://AppFlow/salesforce-prod)</span>`, form.sourceUri, html` required`)}
  ${field('object', html`Object <span class="hint">(what to import, e.g. Knowledge__kav)</span>`, form.object, html` required`)}
  ${field('kmsKey', html`AWS KMS key ARN <span class="hint">(encrypts the imported content)</span>`, form.kmsKey, html` required`)}
  ${field('schedule', html`Schedule <span class="hint">(rate(…) or cron(…))</span>`, form.schedule, html` required`)}`,
  );
}

async function connectionPage(ctx: Context, consumer: EventConsumer, form: Record<string, string>, error?: unknown) {
  const c = CONSUMERS[consumer];
  const listed = await attempt(ctx.aws.appIntegrations.send(new ListEventIntegrationsCommand({ MaxResults: 50 })));
  const existing = listed.ok ? (listed.value.EventIntegrations ?? []).map((e) => e.Name!) : [];
  return formPage(
    ctx,
    consumer,
    'Add connection',
    [['Amazon Connect', '/console/connect'], [c.title, `/console/connect/${consumer}`], ['Add connection']],
    `Connect ${c.title} to an event integration: an existing one, or a new one on the default EventBridge bus.`,
    error,
    html`<label for="existing">Event integration</label>
  <select id="existing" name="existing">
    <option value="">Create a new event integration</option>
    ${existing.map((n) => html`<option value="${n}"${n === form.existing ? html` selected` : ''}>${n}</option>`)}
  </select>
  ${field('name', html`New event integration name <span class="hint">(when creating one)</span>`, form.name)}
  ${field('source', html`Event source <span class="hint">(when creating one, e.g. aws.cases)</span>`, form.source)}
  ${field('target', consumer === 'tasks' ? 'Amazon Connect instance ID' : 'Customer Profiles domain name', form.target, html` required`)}`,
  );
}
