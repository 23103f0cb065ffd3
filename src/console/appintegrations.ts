// Amazon AppIntegrations in the console: data and event integrations with their associations, and
// the sections of the consuming services as Amazon Connect's console shows them: Wisdom (data
// integration associations: Delete, type the integration's name), Customer Profiles and Tasks (event
// integration associations: Remove connection, type the word `remove`). A data integration's page deletes
// any of its associations, whoever its client is (type the integration's name).
import {
  DeleteDataIntegrationCommand,
  DeleteEventIntegrationCommand,
  GetDataIntegrationCommand,
  GetEventIntegrationCommand,
  ListDataIntegrationAssociationsCommand,
  ListDataIntegrationsCommand,
  ListEventIntegrationAssociationsCommand,
  ListEventIntegrationsCommand,
} from '@aws-sdk/client-appintegrations';
import { apiError } from './aws.js';
import { formatDate, html, seg, type Html } from './html.js';
import { attempt } from './iam.js';
import { confirmAction, confirmForm, details, errorBox, pageHeader, panel, table } from './layout.js';
import { formReply, redirect, type Context, type Router } from './router.js';

export const CONNECT = 'linkedrole-connect';

export type EventConsumer = 'customer-profiles' | 'tasks';
export const CONSUMERS: Record<EventConsumer, { title: string; prefix: string; resource: string; resourceKey: 'DomainName' | 'InstanceId' }> = {
  'customer-profiles': { title: 'Customer Profiles', prefix: 'customer-profiles', resource: 'Domain', resourceKey: 'DomainName' },
  tasks: { title: 'Tasks', prefix: 'tasks', resource: 'Amazon Connect instance', resourceKey: 'InstanceId' },
};

export function sideNav(current: string): Html {
  const groups: [string, [string, string, string][]][] = [
    ['Amazon Connect', [['wisdom', 'Wisdom', '/console/connect/wisdom'], ['customer-profiles', 'Customer Profiles', '/console/connect/customer-profiles'], ['tasks', 'Tasks', '/console/connect/tasks']]],
    ['AppIntegrations', [['integrations', 'Data and event integrations', '/console/appintegrations'], ['applications', 'Applications', '/console/appintegrations/applications']]],
  ];
  return html`<nav class="sidenav" aria-label="AppIntegrations and Amazon Connect">${groups.map(
    ([title, items]) => html`<p class="sidenav-title">${title}</p><ul>${items.map(([id, label, href]) => html`<li><a href="${href}"${id === current ? html` aria-current="page"` : ''}>${label}</a></li>`)}</ul>`,
  )}</nav>`;
}

/** A name usable in an element id. */
const domId = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '_');

function failed(ctx: Context, error: unknown, doing: string): void {
  const e = apiError(error);
  ctx.flash('error', `${doing} failed: ${e.code}: ${e.message}`);
}

/** The consuming service an event integration association's ClientId names (a Connect instance, a Customer Profiles domain). */
function eventConsumerOf(clientId: string | undefined): EventConsumer | undefined {
  const service = /^arn:aws(?:-cn|-us-gov)?:([a-z-]+):/.exec(clientId ?? '')?.[1];
  return service === 'connect' ? 'tasks' : service === 'profile' ? 'customer-profiles' : undefined;
}

const associationFormId = (id: string) => `delete-association-${domId(id)}`;
const associationPath = (name: string, id: string) => `/console/appintegrations/data/${seg(name)}/associations/${seg(id)}/delete`;

function associationForm(ctx: Context, name: string, id: string, arn?: string, clientId?: string, error?: string): Html {
  return confirmForm({
    session: ctx.session,
    id: associationFormId(id),
    title: `Delete the association ${id}?`,
    action: associationPath(name, id),
    message: html`<p>The association ${arn ? html`<code>${arn}</code>` : id}${clientId ? html` of the client <code>${clientId}</code>` : ''} is deleted. The data integration <strong>${name}</strong> remains; it cannot be associated again.</p>`,
    word: name,
    label: `To confirm, type the name of the integration, ${name}.`,
    submitLabel: 'Delete',
    cancelHref: `/console/appintegrations/data/${seg(name)}`,
    error,
  });
}

/** The association's Delete form on a page of its own (without JavaScript, or shown again with an error). */
function associationFormPage(ctx: Context, error?: string) {
  const { name, id } = ctx.params;
  const page = ctx.page({
    title: `Delete ${id}`,
    section: 'connect',
    sideNav: sideNav('integrations'),
    crumbs: [['AppIntegrations', '/console/appintegrations'], [name, `/console/appintegrations/data/${seg(name)}`], ['Delete association']],
    body: html`<div class="panel standalone">${associationForm(ctx, name, id, undefined, undefined, error)}</div>`,
  });
  return formReply(page, error);
}

export function appIntegrationsRoutes(router: Router): void {
  router.get('/console/connect', () => redirect('/console/connect/wisdom'));

  router.get('/console/appintegrations', async (ctx) => {
    const [data, events] = await Promise.all([
      attempt(ctx.aws.appIntegrations.send(new ListDataIntegrationsCommand({ MaxResults: 50 }))),
      attempt(ctx.aws.appIntegrations.send(new ListEventIntegrationsCommand({ MaxResults: 50 }))),
    ]);
    const body = html`${pageHeader('Integrations', { description: html`Amazon AppIntegrations in <code>${ctx.session.region}</code>. The service creates its service-linked role <a href="/console/iam/roles/AWSServiceRoleForAppIntegrations">AWSServiceRoleForAppIntegrations</a> with the first integration.` })}
${panel(
  'Data integrations',
  data.ok
    ? table(
        'Data integrations',
        ['Name', 'Source URI', 'ARN'],
        (data.value.DataIntegrations ?? []).map((d) => [html`<a href="/console/appintegrations/data/${seg(d.Name!)}">${d.Name}</a>`, html`<code>${d.SourceURI ?? ''}</code>`, html`<code>${d.Arn}</code>`]),
        'No data integrations.',
      )
    : errorBox(data.error, 'Listing data integrations'),
)}
${panel(
  'Event integrations',
  events.ok
    ? table(
        'Event integrations',
        ['Name', 'Event source', 'Event bridge bus', 'ARN'],
        (events.value.EventIntegrations ?? []).map((e) => [
          html`<a href="/console/appintegrations/events/${seg(e.Name!)}">${e.Name}</a>`,
          e.EventFilter?.Source ?? '',
          e.EventBridgeBus ?? '',
          html`<code>${e.EventIntegrationArn}</code>`,
        ]),
        'No event integrations.',
      )
    : errorBox(events.error, 'Listing event integrations'),
)}`;
    return ctx.page({ title: 'Integrations', section: 'connect', sideNav: sideNav('integrations'), crumbs: [['AppIntegrations']], body });
  });

  const integrationPage = async (ctx: Context, kind: 'data' | 'events') => {
    const name = ctx.params.name;
    const label = kind === 'data' ? 'data integration' : 'event integration';
    const got = await attempt(
      kind === 'data'
        ? ctx.aws.appIntegrations.send(new GetDataIntegrationCommand({ Identifier: name })).then((d) => ({
            pairs: [['ARN', html`<code>${d.Arn}</code>`], ['Id', d.Id], ['Description', d.Description], ['Source URI', html`<code>${d.SourceURI ?? ''}</code>`], ['KMS key', d.KmsKey], ['Schedule', d.ScheduleConfiguration ? `${d.ScheduleConfiguration.ScheduleExpression} (${d.ScheduleConfiguration.Object ?? ''})` : '']] as [string, any][],
            tags: d.Tags,
          }))
        : ctx.aws.appIntegrations.send(new GetEventIntegrationCommand({ Name: name })).then((e) => ({
            pairs: [['ARN', html`<code>${e.EventIntegrationArn}</code>`], ['Description', e.Description], ['Event source', e.EventFilter?.Source], ['Event bridge bus', e.EventBridgeBus]] as [string, any][],
            tags: e.Tags,
          })),
    );
    // Every association can be removed: a data integration's here (DeleteDataIntegrationAssociation, whoever
    // its client is), an event integration's by the service that made it (Tasks, Customer Profiles).
    const associations = await attempt(
      kind === 'data'
        ? ctx.aws.appIntegrations.send(new ListDataIntegrationAssociationsCommand({ DataIntegrationIdentifier: name })).then((r) =>
            (r.DataIntegrationAssociations ?? []).map((a) => {
              const id = a.DataIntegrationAssociationArn!.split('/').pop()!;
              return [
                html`<code>${a.DataIntegrationAssociationArn}</code>`,
                html`<code>${a.ClientId ?? ''}</code>`,
                confirmAction({
                  session: ctx.session,
                  id: associationFormId(id),
                  openLabel: 'Delete',
                  fallbackHref: associationPath(name, id),
                  form: associationForm(ctx, name, id, a.DataIntegrationAssociationArn, a.ClientId),
                }),
              ];
            }),
          )
        : ctx.aws.appIntegrations.send(new ListEventIntegrationAssociationsCommand({ EventIntegrationName: name })).then((r) =>
            (r.EventIntegrationAssociations ?? []).map((a) => {
              const consumer = eventConsumerOf(a.ClientId);
              return [
                html`<code>${a.EventIntegrationAssociationArn}</code>`,
                html`<code>${a.ClientId ?? ''}</code>`,
                consumer ? html`<a href="/console/connect/${consumer}">Remove in ${CONSUMERS[consumer].title}</a>` : '',
              ];
            }),
          ),
    );
    const action = `/console/appintegrations/${kind}/${seg(name)}/delete`;
    const form = confirmForm({
      session: ctx.session,
      id: 'delete-integration',
      title: `Delete the ${label} ${name}?`,
      action,
      message:
        kind === 'data'
          ? html`<p>An integration cannot be deleted while associations remain: delete them first (Associations, below).</p>`
          : html`<p>An integration cannot be deleted while associations remain: remove them in Customer Profiles or Tasks first.</p>`,
      word: name,
      label: `To confirm, type the name of the integration, ${name}.`,
      submitLabel: 'Delete',
      cancelHref: ctx.url.pathname,
    });
    const body = got.ok
      ? html`${pageHeader(name, { description: `An Amazon AppIntegrations ${label}.`, actions: confirmAction({ session: ctx.session, id: 'delete-integration', openLabel: 'Delete', fallbackHref: ctx.url.pathname, form }) })}
${panel('Integration details', details(got.value.pairs))}
${panel('Associations', associations.ok ? table('Associations', ['Association ARN', 'Client', 'Actions'], associations.value, 'No associations.') : errorBox(associations.error, 'Listing associations'))}
${panel('Tags', table('Tags', ['Key', 'Value'], Object.entries(got.value.tags ?? {}).map(([k, v]) => [k, v]), 'No tags.'))}`
      : html`${pageHeader(name)}${ctx.refusal(got.error, `Reading the ${label}`)}`;
    return ctx.page({ title: name, section: 'connect', sideNav: sideNav('integrations'), crumbs: [['AppIntegrations', '/console/appintegrations'], [name]], body });
  };
  router.get('/console/appintegrations/data/:name', (ctx) => integrationPage(ctx, 'data'));
  router.get('/console/appintegrations/events/:name', (ctx) => integrationPage(ctx, 'events'));
  for (const kind of ['data', 'events'] as const) {
    router.post(`/console/appintegrations/${kind}/:name/delete`, async (ctx) => {
      const name = ctx.params.name;
      if ((ctx.form.confirm ?? '').trim() !== name) {
        ctx.flash('error', `Type the integration's name, ${name}, to confirm.`);
        return redirect(`/console/appintegrations/${kind}/${seg(name)}`);
      }
      const done = await attempt(
        kind === 'data'
          ? ctx.aws.appIntegrations.send(new DeleteDataIntegrationCommand({ DataIntegrationIdentifier: name }))
          : ctx.aws.appIntegrations.send(new DeleteEventIntegrationCommand({ Name: name })),
      );
      if (!done.ok) {
        failed(ctx, done.error, `Deleting ${name}`);
        return redirect(`/console/appintegrations/${kind}/${seg(name)}`);
      }
      ctx.flash('success', `The integration ${name} is deleted.`);
      return redirect('/console/appintegrations');
    });
  }

  // A data integration's association, whoever its client: Delete, type the integration's name.
  router.get('/console/appintegrations/data/:name/associations/:id/delete', (ctx) => associationFormPage(ctx));
  router.post('/console/appintegrations/data/:name/associations/:id/delete', async (ctx) => {
    const { name, id } = ctx.params;
    if ((ctx.form.confirm ?? '').trim() !== name) return associationFormPage(ctx, `Enter the integration's name, ${name}, exactly.`);
    const done = await attempt(ctx.aws.extension(CONNECT, 'DELETE', `/app-integrations/dataIntegrations/${seg(name)}/associations/${seg(id)}`));
    if (!done.ok) {
      failed(ctx, done.error, `Deleting the association ${id}`);
      return redirect(`/console/appintegrations/data/${seg(name)}`);
    }
    ctx.flash('success', `The association ${id} of the data integration ${name} is deleted.`);
    return redirect(`/console/appintegrations/data/${seg(name)}`);
  });

  // --- Wisdom: data integration associations ---------------------------------------------------------
  router.get('/console/connect/wisdom', async (ctx) => {
    const listed = await attempt(ctx.aws.extension<{ Associations: any[] }>(CONNECT, 'GET', '/wisdom/associations'));
    const body = html`${pageHeader('Wisdom', {
      description: 'Knowledge bases of Amazon Q in Connect (Wisdom) and the data integrations they are associated with. Choose an integration to see its details.',
      actions: html`<a class="button primary" href="/console/connect/wisdom/add">Add integration</a>`,
    })}
${panel(
  'Integrations',
  listed.ok
    ? table(
        'Wisdom data integration associations',
        ['Integration name', 'Knowledge base', 'Association', 'Created'],
        listed.value.Associations.map((a) => [
          html`<a href="/console/connect/wisdom/${seg(a.DataIntegrationName ?? a.DataIntegrationArn)}">${a.DataIntegrationName ?? a.DataIntegrationArn}</a>`,
          a.KnowledgeBaseName ?? '',
          html`<code>${a.DataIntegrationAssociationId}</code>`,
          formatDate(a.CreatedAt),
        ]),
        'Wisdom has no data integration associations in this region.',
      )
    : errorBox(listed.error, 'Listing Wisdom integrations'),
)}`;
    return ctx.page({ title: 'Wisdom', section: 'connect', sideNav: sideNav('wisdom'), crumbs: [['Amazon Connect', '/console/connect'], ['Wisdom']], body });
  });

  const wisdomForm = (ctx: Context, name: string, error?: string) =>
    confirmForm({
      session: ctx.session,
      id: 'delete-association',
      title: `Delete the integration ${name}?`,
      action: `/console/connect/wisdom/${seg(name)}/delete`,
      message: html`<p>Wisdom stops using the data integration <strong>${name}</strong>: its data integration association is deleted. The data integration itself remains.</p>`,
      word: name,
      label: `Enter the name of the integration, ${name}, to confirm.`,
      submitLabel: 'Delete',
      cancelHref: `/console/connect/wisdom/${seg(name)}`,
      error,
    });

  const wisdomDetail = async (ctx: Context, error?: string) => {
    const name = ctx.params.name;
    const listed = await attempt(ctx.aws.extension<{ Associations: any[] }>(CONNECT, 'GET', '/wisdom/associations'));
    const rows = listed.ok ? listed.value.Associations.filter((a) => a.DataIntegrationName === name || a.DataIntegrationArn === name) : [];
    const crumbs: [string, string?][] = [['Amazon Connect', '/console/connect'], ['Wisdom', '/console/connect/wisdom'], [name]];
    let body: Html;
    if (!listed.ok) body = html`${pageHeader(name)}${errorBox(listed.error, 'Reading the integration')}`;
    else if (rows.length === 0) body = html`${pageHeader(name)}<p class="empty">Wisdom has no integration with a data integration named <code>${name}</code>. <a href="/console/connect/wisdom">Back to Wisdom</a></p>`;
    else {
      const a = rows[0];
      body = html`${pageHeader(name, { description: 'A Wisdom knowledge base integration.' })}
${error ? errorBox(new Error(error), 'Deleting the integration') : ''}
${panel(
  'Integration details',
  details([
    ['Integration name', name],
    ['Data integration', html`<a href="/console/appintegrations/data/${seg(name)}"><code>${a.DataIntegrationArn}</code></a>`],
    ['Knowledge bases', rows.map((r) => r.KnowledgeBaseName).join(', ')],
    ['Association', html`<code>${a.DataIntegrationAssociationArn}</code>`],
    ['Created', formatDate(a.CreatedAt)],
  ]),
  { actions: confirmAction({ session: ctx.session, id: 'delete-association', openLabel: 'Delete', fallbackHref: `/console/connect/wisdom/${seg(name)}/delete`, form: wisdomForm(ctx, name) }) },
)}`;
    }
    return ctx.page({ title: name, section: 'connect', sideNav: sideNav('wisdom'), crumbs, body });
  };
  router.get('/console/connect/wisdom/:name', (ctx) => wisdomDetail(ctx));
  router.get('/console/connect/wisdom/:name/delete', (ctx) =>
    ctx.page({ title: `Delete ${ctx.params.name}`, section: 'connect', sideNav: sideNav('wisdom'), body: html`<div class="panel standalone">${wisdomForm(ctx, ctx.params.name)}</div>` }),
  );
  router.post('/console/connect/wisdom/:name/delete', async (ctx) => {
    const name = ctx.params.name;
    if ((ctx.form.confirm ?? '').trim() !== name) {
      return ctx.page({ title: `Delete ${name}`, section: 'connect', sideNav: sideNav('wisdom'), body: html`<div class="panel standalone">${wisdomForm(ctx, name, `Enter the integration's name, ${name}, exactly.`)}</div>` });
    }
    const done = await attempt(ctx.aws.extension(CONNECT, 'DELETE', `/wisdom/associations/${seg(name)}`));
    if (!done.ok) {
      failed(ctx, done.error, `Deleting the integration ${name}`);
      return redirect(`/console/connect/wisdom/${seg(name)}`);
    }
    ctx.flash('success', `The integration ${name} is deleted from Wisdom.`);
    return redirect('/console/connect/wisdom');
  });

  // --- Customer Profiles and Tasks: event integration associations ----------------------------------
  for (const consumer of ['customer-profiles', 'tasks'] as EventConsumer[]) {
    const c = CONSUMERS[consumer];
    const base = `/console/connect/${consumer}`;
    const removeForm = (ctx: Context, name: string, error?: string) =>
      confirmForm({
        session: ctx.session,
        id: `remove-${consumer}-${domId(name)}`,
        title: `Remove the connection to ${name}?`,
        action: `${base}/${seg(name)}/remove`,
        message: html`<p>${c.title} stops receiving events from the event integration <strong>${name}</strong>: its event integration association is deleted.</p>`,
        word: 'remove',
        label: 'Enter the word remove to confirm.',
        submitLabel: 'Remove',
        cancelHref: base,
        error,
      });
    router.get(base, async (ctx) => {
      const listed = await attempt(ctx.aws.extension<{ Connections: any[] }>(CONNECT, 'GET', `/${c.prefix}/connections`));
      const names = listed.ok ? [...new Set(listed.value.Connections.map((x) => x.EventIntegrationName as string))] : [];
      const body = html`${pageHeader(c.title, {
        description: `The event integrations ${c.title} is connected to. Choose one to see the connection and remove it.`,
        actions: html`<a class="button primary" href="${base}/add">Add connection</a>`,
      })}
${panel(
  'Event integrations',
  listed.ok
    ? table(
        `${c.title} connections`,
        ['Event integration', c.resource, 'Association', 'Created'],
        listed.value.Connections.map((x) => [
          html`<a href="${base}/${seg(x.EventIntegrationName)}" data-dialog="connection-${domId(x.EventIntegrationName)}">${x.EventIntegrationName}</a>`,
          x[c.resourceKey] ?? '',
          html`<code>${x.EventIntegrationAssociationId}</code>`,
          formatDate(x.CreatedAt),
        ]),
        `${c.title} has no event integration connections in this region.`,
      )
    : errorBox(listed.error, `Listing ${c.title} connections`),
)}
${names.map((name) => {
  const conns = listed.ok ? listed.value.Connections.filter((x) => x.EventIntegrationName === name) : [];
  return html`<dialog id="connection-${domId(name)}" class="dialog" aria-labelledby="connection-${domId(name)}-title">
  <h2 id="connection-${domId(name)}-title">${name}</h2>
  ${details([
    ['Event integration', html`<code>${conns[0]?.EventIntegrationArn ?? ''}</code>`],
    [c.resource, conns.map((x) => x[c.resourceKey]).join(', ')],
    ['Associations', conns.map((x) => x.EventIntegrationAssociationId).join(', ')],
  ])}
  <div class="dialog-actions">
    <a class="button ghost" href="${base}" data-close-dialog>Close</a>
    ${confirmAction({ session: ctx.session, id: `remove-${consumer}-${domId(name)}`, openLabel: 'Remove connection', fallbackHref: `${base}/${seg(name)}/remove`, form: removeForm(ctx, name) })}
  </div>
</dialog>`;
})}`;
      return ctx.page({ title: c.title, section: 'connect', sideNav: sideNav(consumer), crumbs: [['Amazon Connect', '/console/connect'], [c.title]], body });
    });
    router.get(`${base}/:name`, async (ctx) => {
      const name = ctx.params.name;
      const listed = await attempt(ctx.aws.extension<{ Connections: any[] }>(CONNECT, 'GET', `/${c.prefix}/connections`));
      const conns = listed.ok ? listed.value.Connections.filter((x) => x.EventIntegrationName === name) : [];
      const body = !listed.ok
        ? errorBox(listed.error, `Reading ${c.title} connections`)
        : html`${pageHeader(name, { description: `A ${c.title} connection to an event integration.`, actions: html`<a class="button danger" href="${base}/${seg(name)}/remove">Remove connection</a>` })}
${panel('Connection', conns.length ? details([['Event integration', html`<code>${conns[0].EventIntegrationArn}</code>`], [c.resource, conns.map((x) => x[c.resourceKey]).join(', ')]]) : html`<p class="empty">No connection to ${name}.</p>`)}`;
      return ctx.page({ title: name, section: 'connect', sideNav: sideNav(consumer), crumbs: [['Amazon Connect', '/console/connect'], [c.title, base], [name]], body });
    });
    router.get(`${base}/:name/remove`, (ctx) =>
      ctx.page({ title: `Remove ${ctx.params.name}`, section: 'connect', sideNav: sideNav(consumer), body: html`<div class="panel standalone">${removeForm(ctx, ctx.params.name)}</div>` }),
    );
    router.post(`${base}/:name/remove`, async (ctx) => {
      const name = ctx.params.name;
      if ((ctx.form.confirm ?? '').trim() !== 'remove') {
        return ctx.page({ title: `Remove ${name}`, section: 'connect', sideNav: sideNav(consumer), body: html`<div class="panel standalone">${removeForm(ctx, name, 'Enter the word remove to confirm.')}</div>` });
      }
      const done = await attempt(ctx.aws.extension(CONNECT, 'DELETE', `/${c.prefix}/connections/${seg(name)}`));
      if (!done.ok) failed(ctx, done.error, `Removing the connection to ${name}`);
      else ctx.flash('success', `${c.title} is no longer connected to ${name}.`);
      return redirect(base);
    });
  }
}
