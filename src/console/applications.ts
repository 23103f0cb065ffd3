// AppIntegrations applications in the console, as Amazon Connect's console shows its third-party
// applications: the list, the create form (name, namespace, description, type, access URL, approved
// origins, permissions, tags), an application's page with its settings, its Amazon Connect instance
// associations (add, remove), its tags (add, remove) and Delete (type the application's name). Every action
// is an API call made as the signed-in user: the ones with members newer than the console's SDK client
// (ApplicationType, IframeConfig, ...) are sent as signed REST-JSON requests to AppIntegrations itself.
import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-appintegrations';
import { AGENT_WORKSPACE_PERMISSIONS } from '../services/appintegrations/applications.js';
import { CONNECT, sideNav } from './appintegrations.js';
import { apiError } from './aws.js';
import { formatDate, html, seg, type Html } from './html.js';
import { attempt } from './iam.js';
import { confirmAction, confirmForm, csrf, details, errorBox, pageHeader, panel, table } from './layout.js';
import { formReply, redirect, type Context, type Router } from './router.js';

const AI = 'app-integrations';
const BASE = '/console/appintegrations/applications';
const TYPES = [
  ['STANDARD', 'Agent application (shown in the agent workspace)'],
  ['SERVICE', 'Service (runs in the background, without a user interface)'],
  ['MCP_SERVER', 'MCP server (tools for AI agents)'],
] as const;

/** GetApplication's answer as the REST-JSON wire has it (timestamps are epoch seconds). */
interface Application {
  Arn: string;
  Id: string;
  Name: string;
  Namespace: string;
  Description?: string;
  ApplicationType?: string;
  ApplicationSourceConfig?: { ExternalUrlConfig?: { AccessUrl: string; ApprovedOrigins?: string[] } };
  Permissions?: string[];
  InitializationTimeout?: number;
  ApplicationConfig?: { ContactHandling?: { Scope?: string } };
  IframeConfig?: { Allow?: string[]; Sandbox?: string[] };
  CreatedTime?: number;
  LastModifiedTime?: number;
  Tags?: Record<string, string>;
}

interface InstanceAssociation {
  IntegrationAssociationId: string;
  IntegrationAssociationArn: string;
  InstanceId: string;
  ApplicationAssociationArn: string;
  IntegrationArn: string;
}

const appPath = (id: string) => `${BASE}/${seg(id)}`;
const fromEpoch = (seconds: number | undefined) => (seconds === undefined ? undefined : new Date(seconds * 1000));
const lines = (text: string) => text.split(/[\n,]/).map((l) => l.trim()).filter(Boolean);

function failed(ctx: Context, error: unknown, doing: string): void {
  const e = apiError(error);
  ctx.flash('error', `${doing} failed: ${e.code}: ${e.message}`);
}

interface FormValues {
  name: string;
  namespace: string;
  description: string;
  type: string;
  accessUrl: string;
  origins: string;
  permissions: string[];
  timeout: string;
  tags: string;
}

const EMPTY: FormValues = { name: '', namespace: '', description: '', type: 'STANDARD', accessUrl: 'https://', origins: '', permissions: [], timeout: '', tags: '' };

/** The form's fields as posted (permissions: one checkbox each, named permission:<name>). */
function readForm(ctx: Context): FormValues {
  const f = (k: string) => (ctx.form[k] ?? '').trim();
  return {
    name: f('name'),
    namespace: f('namespace'),
    description: f('description'),
    type: f('type') || 'STANDARD',
    accessUrl: f('accessUrl'),
    origins: f('origins'),
    permissions: AGENT_WORKSPACE_PERMISSIONS.map((p) => p.permission).filter((p) => ctx.form[`permission:${p}`] !== undefined),
    timeout: f('timeout'),
    tags: f('tags'),
  };
}

/** `key=value` per line. */
function parseTags(text: string): Record<string, string> | undefined {
  const entries = lines(text).map((l) => {
    const at = l.indexOf('=');
    return at < 0 ? [l, ''] : [l.slice(0, at).trim(), l.slice(at + 1).trim()];
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function applicationBody(form: FormValues, creating: boolean): Record<string, unknown> {
  const origins = lines(form.origins);
  return {
    ...(creating ? { Name: form.name, Namespace: form.namespace, ApplicationType: form.type, Tags: parseTags(form.tags) } : { Name: form.name }),
    Description: form.description,
    ApplicationSourceConfig: { ExternalUrlConfig: { AccessUrl: form.accessUrl, ...(origins.length ? { ApprovedOrigins: origins } : {}) } },
    Permissions: form.permissions,
    ...(form.timeout ? { InitializationTimeout: Number(form.timeout) } : {}),
  };
}

function input(id: string, label: Html | string, value: string, extra: Html | string = ''): Html {
  return html`<label for="${id}">${label}</label><input id="${id}" name="${id}" value="${value}" autocomplete="off"${extra}>`;
}

function applicationForm(ctx: Context, form: FormValues, creating: boolean, error?: unknown) {
  const title = creating ? 'Create application' : `Edit ${form.name}`;
  const cancel = creating ? BASE : appPath(ctx.params.id);
  const page = ctx.page({
    title,
    section: 'connect',
    sideNav: sideNav('applications'),
    crumbs: [['AppIntegrations', '/console/appintegrations'], ['Applications', BASE], [title]],
    body: html`${pageHeader(title, { description: 'A third-party application for the Amazon Connect agent workspace: where it is loaded from, and what Amazon Connect data it may use.' })}
${error ? errorBox(error, creating ? 'Creating the application' : 'Saving the application') : ''}
<form method="post" class="stack panel standalone">
  ${csrf(ctx.session)}
  <h2>Basic information</h2>
  ${input('name', 'Display name', form.name, html` required`)}
  ${creating ? input('namespace', html`Namespace <span class="hint">(unique in the region; cannot be changed later)</span>`, form.namespace, html` required`) : ''}
  ${input('description', 'Description', form.description)}
  ${creating
    ? html`<fieldset><legend>Application type</legend>${TYPES.map(
        ([value, label]) => html`<label class="choice"><input type="radio" name="type" value="${value}"${form.type === value ? html` checked` : ''}> ${label}</label>`,
      )}</fieldset>`
    : ''}
  <h2>Access</h2>
  ${input('accessUrl', html`Access URL <span class="hint">(https; http only for localhost)</span>`, form.accessUrl, html` required`)}
  <label for="origins">Approved origins <span class="hint">(one per line: scheme, host and port only)</span></label>
  <textarea id="origins" name="origins" rows="3">${form.origins}</textarea>
  ${input('timeout', html`Initialization timeout <span class="hint">(milliseconds, optional)</span>`, form.timeout, html` inputmode="numeric"`)}
  <h2>Permissions</h2>
  <fieldset><legend>Events and requests the application may use</legend>${AGENT_WORKSPACE_PERMISSIONS.map(
    (p) => html`<label class="choice"><input type="checkbox" name="permission:${p.permission}"${form.permissions.includes(p.permission) ? html` checked` : ''}> <code>${p.permission}</code> ${p.description}</label>`,
  )}</fieldset>
  ${creating ? html`<h2>Tags</h2><label for="tags">Tags <span class="hint">(key=value, one per line)</span></label><textarea id="tags" name="tags" rows="2">${form.tags}</textarea>` : ''}
  <div class="actions"><a class="button" href="${cancel}">Cancel</a> <button type="submit" class="button primary">${creating ? 'Create application' : 'Save changes'}</button></div>
</form>`,
  });
  return formReply(page, error);
}

function deleteForm(ctx: Context, app: { Id: string; Name: string }, error?: string): Html {
  return confirmForm({
    session: ctx.session,
    id: 'delete-application',
    title: `Delete the application ${app.Name}?`,
    action: `${appPath(app.Id)}/delete`,
    message: html`<p>The application is deleted. An application cannot be deleted while it is associated with an Amazon Connect instance: remove its instance associations first.</p>`,
    word: app.Name,
    label: `To confirm, type the name of the application, ${app.Name}.`,
    submitLabel: 'Delete',
    cancelHref: appPath(app.Id),
    error,
  });
}

const getApplication = (ctx: Context, id: string) => ctx.aws.extension<Application>(AI, 'GET', `/applications/${seg(id)}`);

export function applicationRoutes(router: Router): void {
  router.get(BASE, async (ctx) => {
    // ListApplications as a signed request: ApplicationType is newer than the console's SDK client.
    const listed = await attempt(
      ctx.aws.extension<{ Applications?: { Id: string; Name: string; Namespace: string; ApplicationType?: string; CreatedTime?: number }[] }>(AI, 'GET', '/applications', undefined, { maxResults: '50' }),
    );
    const body = html`${pageHeader('Applications', {
      description: 'Third-party applications for the Amazon Connect agent workspace (Amazon AppIntegrations applications). An application appears to agents once it is associated with an Amazon Connect instance.',
      actions: html`<a class="button primary" href="${BASE}/create">Create application</a>`,
    })}
${panel(
  'Applications',
  listed.ok
    ? table(
        'Applications',
        ['Name', 'Namespace', 'Type', 'Created'],
        (listed.value.Applications ?? []).map((a) => [html`<a href="${appPath(a.Id)}">${a.Name}</a>`, html`<code>${a.Namespace}</code>`, a.ApplicationType ?? '', formatDate(fromEpoch(a.CreatedTime))]),
        'No applications in this region.',
      )
    : errorBox(listed.error, 'Listing applications'),
)}`;
    return ctx.page({ title: 'Applications', section: 'connect', sideNav: sideNav('applications'), crumbs: [['AppIntegrations', '/console/appintegrations'], ['Applications']], body });
  });

  router.get(`${BASE}/create`, (ctx) => applicationForm(ctx, EMPTY, true));
  router.post(`${BASE}/create`, async (ctx) => {
    const form = readForm(ctx);
    const created = await attempt(ctx.aws.extension<{ Id: string }>(AI, 'POST', '/applications', applicationBody(form, true)));
    if (!created.ok) return applicationForm(ctx, form, true, created.error);
    ctx.flash('success', `The application ${form.name} is created.`);
    return redirect(appPath(created.value.Id));
  });

  router.get(`${BASE}/:id`, async (ctx) => {
    const id = ctx.params.id;
    const got = await attempt(getApplication(ctx, id));
    if (!got.ok) {
      return ctx.page({ title: id, section: 'connect', sideNav: sideNav('applications'), crumbs: [['AppIntegrations', '/console/appintegrations'], ['Applications', BASE], [id]], body: html`${pageHeader(id)}${ctx.refusal(got.error, 'Reading the application')}` });
    }
    const app = got.value;
    const associations = await attempt(ctx.aws.extension<{ ApplicationAssociations: { ApplicationAssociationArn: string; ClientId: string }[] }>(AI, 'GET', `/applications/${seg(id)}/associations`));
    // Connect's side of each association (its integration association id), to remove it.
    const instances = associations.ok ? [...new Set(associations.value.ApplicationAssociations.map((a) => a.ClientId.split('/').pop()!))] : [];
    const onInstances: InstanceAssociation[] = [];
    for (const instance of instances) {
      const listed = await attempt(ctx.aws.extension<{ IntegrationAssociationSummaryList: InstanceAssociation[] }>(CONNECT, 'GET', `/connect/instance/${seg(instance)}/integration-associations`));
      if (listed.ok) onInstances.push(...listed.value.IntegrationAssociationSummaryList.filter((a) => a.IntegrationArn === app.Arn));
    }
    const external = app.ApplicationSourceConfig?.ExternalUrlConfig;
    const permissions = app.Permissions ?? [];
    const body = html`${pageHeader(app.Name, {
      description: html`An Amazon AppIntegrations application (namespace <code>${app.Namespace}</code>). linkedrole keeps its settings; it does not load the application in an agent workspace.`,
      actions: html`<a class="button" href="${appPath(app.Id)}/edit">Edit</a> ${confirmAction({ session: ctx.session, id: 'delete-application', openLabel: 'Delete', fallbackHref: `${appPath(app.Id)}/delete`, form: deleteForm(ctx, app) })}`,
    })}
${panel(
  'Application details',
  details([
    ['ARN', html`<code>${app.Arn}</code>`],
    ['Id', html`<code>${app.Id}</code>`],
    ['Namespace', html`<code>${app.Namespace}</code>`],
    ['Description', app.Description],
    ['Type', app.ApplicationType],
    ['Created', formatDate(fromEpoch(app.CreatedTime))],
    ['Last modified', formatDate(fromEpoch(app.LastModifiedTime))],
  ]),
)}
${panel(
  'Access',
  details([
    ['Access URL', external ? html`<code>${external.AccessUrl}</code>` : ''],
    ['Approved origins', (external?.ApprovedOrigins ?? []).map((o) => html`<code>${o}</code> `)],
    ['Initialization timeout', app.InitializationTimeout === undefined ? '' : `${app.InitializationTimeout} ms`],
    ['Contact handling', app.ApplicationConfig?.ContactHandling?.Scope],
    ['Iframe allow', (app.IframeConfig?.Allow ?? []).join(', ')],
    ['Iframe sandbox', (app.IframeConfig?.Sandbox ?? []).join(', ')],
  ]),
)}
${panel(
  'Permissions',
  table(
    'Permissions',
    ['Permission', 'What it grants'],
    permissions.map((p) => [html`<code>${p}</code>`, AGENT_WORKSPACE_PERMISSIONS.find((d) => d.permission === p)?.description ?? '']),
    'The application has no permissions to Amazon Connect data.',
  ),
)}
${panel(
  'Instance associations',
  html`${associations.ok
    ? table(
        'Instance associations',
        ['Amazon Connect instance', 'Application association', 'Actions'],
        onInstances.map((a) => [
          html`<code>${a.InstanceId}</code>`,
          html`<code>${a.ApplicationAssociationArn}</code>`,
          html`<form method="post" action="${appPath(app.Id)}/associations/${seg(a.InstanceId)}/${seg(a.IntegrationAssociationId)}/remove" class="inline">${csrf(ctx.session)}<button type="submit" class="button danger">Remove</button></form>`,
        ]),
        'The application is not associated with any Amazon Connect instance.',
      )
    : errorBox(associations.error, 'Listing the associations')}
<form method="post" action="${appPath(app.Id)}/associations" class="inline-form">${csrf(ctx.session)}
  <label for="instanceId">Amazon Connect instance ID</label><input id="instanceId" name="instanceId" autocomplete="off" required>
  <button type="submit" class="button">Associate</button>
</form>`,
)}
${panel(
  'Tags',
  html`${table(
    'Tags',
    ['Key', 'Value', 'Actions'],
    Object.entries(app.Tags ?? {}).map(([k, v]) => [
      k,
      v,
      html`<form method="post" action="${appPath(app.Id)}/tags/remove" class="inline">${csrf(ctx.session)}<input type="hidden" name="key" value="${k}"><button type="submit" class="button">Remove tag ${k}</button></form>`,
    ]),
    'No tags.',
  )}
<form method="post" action="${appPath(app.Id)}/tags" class="inline-form">${csrf(ctx.session)}
  <label for="tagKey">Key</label><input id="tagKey" name="key" autocomplete="off" required>
  <label for="tagValue">Value</label><input id="tagValue" name="value" autocomplete="off">
  <button type="submit" class="button">Add tag</button>
</form>`,
)}`;
    return ctx.page({ title: app.Name, section: 'connect', sideNav: sideNav('applications'), crumbs: [['AppIntegrations', '/console/appintegrations'], ['Applications', BASE], [app.Name]], body });
  });

  const editPage = async (ctx: Context, error?: unknown, posted?: FormValues) => {
    const got = await attempt(getApplication(ctx, ctx.params.id));
    if (!got.ok) {
      failed(ctx, got.error, 'Reading the application');
      return redirect(BASE);
    }
    const app = got.value;
    const external = app.ApplicationSourceConfig?.ExternalUrlConfig;
    const form: FormValues = posted ?? {
      ...EMPTY,
      name: app.Name,
      description: app.Description ?? '',
      accessUrl: external?.AccessUrl ?? '',
      origins: (external?.ApprovedOrigins ?? []).join('\n'),
      permissions: app.Permissions ?? [],
      timeout: app.InitializationTimeout === undefined ? '' : String(app.InitializationTimeout),
    };
    return applicationForm(ctx, form, false, error);
  };
  router.get(`${BASE}/:id/edit`, (ctx) => editPage(ctx));
  router.post(`${BASE}/:id/edit`, async (ctx) => {
    const form = readForm(ctx);
    const saved = await attempt(ctx.aws.extension(AI, 'PATCH', `/applications/${seg(ctx.params.id)}`, applicationBody(form, false)));
    if (!saved.ok) return editPage(ctx, saved.error, form);
    ctx.flash('success', `The application ${form.name} is saved.`);
    return redirect(appPath(ctx.params.id));
  });

  const deletePage = async (ctx: Context, error?: string) => {
    const got = await attempt(getApplication(ctx, ctx.params.id));
    const app = got.ok ? got.value : { Id: ctx.params.id, Name: ctx.params.id };
    const page = ctx.page({ title: `Delete ${app.Name}`, section: 'connect', sideNav: sideNav('applications'), body: html`<div class="panel standalone">${deleteForm(ctx, app, error)}</div>` });
    return formReply(page, error);
  };
  router.get(`${BASE}/:id/delete`, (ctx) => deletePage(ctx));
  router.post(`${BASE}/:id/delete`, async (ctx) => {
    const id = ctx.params.id;
    const got = await attempt(getApplication(ctx, id));
    if (!got.ok) {
      failed(ctx, got.error, 'Deleting the application');
      return redirect(BASE);
    }
    if ((ctx.form.confirm ?? '').trim() !== got.value.Name) return deletePage(ctx, `Enter the application's name, ${got.value.Name}, exactly.`);
    const done = await attempt(ctx.aws.extension(AI, 'DELETE', `/applications/${seg(id)}`));
    if (!done.ok) {
      failed(ctx, done.error, `Deleting ${got.value.Name}`);
      return redirect(appPath(id));
    }
    ctx.flash('success', `The application ${got.value.Name} is deleted.`);
    return redirect(BASE);
  });

  router.post(`${BASE}/:id/associations`, async (ctx) => {
    const id = ctx.params.id;
    const instanceId = (ctx.form.instanceId ?? '').trim();
    const got = await attempt(getApplication(ctx, id));
    const done = got.ok
      ? await attempt(ctx.aws.extension(CONNECT, 'PUT', `/connect/instance/${seg(instanceId)}/integration-associations`, { IntegrationType: 'APPLICATION', IntegrationArn: got.value.Arn }))
      : got;
    if (!done.ok) failed(ctx, done.error, `Associating the instance ${instanceId}`);
    else ctx.flash('success', `The application is associated with the Amazon Connect instance ${instanceId}.`);
    return redirect(appPath(id));
  });
  router.post(`${BASE}/:id/associations/:instance/:association/remove`, async (ctx) => {
    const { id, instance, association } = ctx.params;
    const done = await attempt(ctx.aws.extension(CONNECT, 'DELETE', `/connect/instance/${seg(instance)}/integration-associations/${seg(association)}`));
    if (!done.ok) failed(ctx, done.error, `Removing the association with ${instance}`);
    else ctx.flash('success', `The association with the Amazon Connect instance ${instance} is removed.`);
    return redirect(appPath(id));
  });

  router.post(`${BASE}/:id/tags`, async (ctx) => {
    const id = ctx.params.id;
    const got = await attempt(getApplication(ctx, id));
    const key = (ctx.form.key ?? '').trim();
    const done = got.ok ? await attempt(ctx.aws.appIntegrations.send(new TagResourceCommand({ resourceArn: got.value.Arn, tags: { [key]: (ctx.form.value ?? '').trim() } }))) : got;
    if (!done.ok) failed(ctx, done.error, `Adding the tag ${key}`);
    else ctx.flash('success', `The tag ${key} is added.`);
    return redirect(appPath(id));
  });
  router.post(`${BASE}/:id/tags/remove`, async (ctx) => {
    const id = ctx.params.id;
    const got = await attempt(getApplication(ctx, id));
    const key = ctx.form.key ?? '';
    const done = got.ok ? await attempt(ctx.aws.appIntegrations.send(new UntagResourceCommand({ resourceArn: got.value.Arn, tagKeys: [key] }))) : got;
    if (!done.ok) failed(ctx, done.error, `Removing the tag ${key}`);
    else ctx.flash('success', `The tag ${key} is removed.`);
    return redirect(appPath(id));
  });
}
