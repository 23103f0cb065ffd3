// IAM in the console: roles (service-linked ones marked, filter by service), a role's page (trust
// policy, managed and inline policies, tags, what uses it by region, last used, the description,
// deletion with its live status), users, groups and customer managed policies.
import {
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  ListRolesCommand,
  UpdateRoleDescriptionCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { IAMClient } from '@aws-sdk/client-iam';
import { apiError } from './aws.js';
import { formatDate, html, qs, seg, type Html } from './html.js';
import { roleDiagram, type RoleGrant } from './diagram.js';
import { decodePolicyDocument, jsonView } from './json-view.js';
import { alert, badge, confirmAction, confirmForm, csrf, details, errorBox, pageHeader, panel, table } from './layout.js';
import { json, redirect, type Context, type Router } from './router.js';

export async function attempt<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

const SLR_PATH = /^\/aws-service-role\/([^/]+)\/$/;

export async function listAllRoles(iam: IAMClient): Promise<Role[]> {
  const roles: Role[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListRolesCommand({ Marker: marker, MaxItems: 1000 }));
    roles.push(...(page.Roles ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return roles;
}

/** Whether IAM stored the role as service-linked, and for which service (not in ListRoles' output). */
export async function serviceLinkOf(ctx: Context, roleName: string): Promise<{ serviceLinked: boolean; servicePrincipal?: string }> {
  const role = await ctx.app.iam.roles.find(ctx.accountId, roleName);
  return { serviceLinked: role?.serviceLinked === true, servicePrincipal: role?.servicePrincipal };
}

export function roleHref(roleName: string): string {
  return `/console/iam/roles/${seg(roleName)}`;
}

export function iamSideNav(current: string): Html {
  const items: [string, string, string][] = [
    ['roles', 'Roles', '/console/iam/roles'],
    ['users', 'Users', '/console/iam/users'],
    ['groups', 'User groups', '/console/iam/groups'],
    ['policies', 'Policies', '/console/iam/policies'],
  ];
  return html`<nav class="sidenav" aria-label="IAM"><p class="sidenav-title">Identity and Access Management</p><ul>${items.map(
    ([id, label, href]) => html`<li><a href="${href}"${id === current ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

export interface RoleDocuments {
  managed: { arn: string; name: string; document?: string; error?: unknown }[];
  inline: { name: string; document?: string; error?: unknown }[];
}

/** A role's managed and inline policies with their documents, read through the API. */
export async function roleDocuments(iam: IAMClient, roleName: string): Promise<RoleDocuments> {
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, MaxItems: 1000 }));
  const inlineNames = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName, MaxItems: 1000 }));
  const managed = await Promise.all(
    (attached.AttachedPolicies ?? []).map(async (p) => {
      try {
        const policy = await iam.send(new GetPolicyCommand({ PolicyArn: p.PolicyArn! }));
        const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: p.PolicyArn!, VersionId: policy.Policy!.DefaultVersionId! }));
        return { arn: p.PolicyArn!, name: p.PolicyName!, document: decodePolicyDocument(version.PolicyVersion?.Document) };
      } catch (error) {
        return { arn: p.PolicyArn!, name: p.PolicyName!, error };
      }
    }),
  );
  const inline = await Promise.all(
    (inlineNames.PolicyNames ?? []).map(async (name) => {
      try {
        const policy = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
        return { name, document: decodePolicyDocument(policy.PolicyDocument) };
      } catch (error) {
        return { name, error };
      }
    }),
  );
  return { managed, inline };
}

/** What a role's documents allow, for the picture: actions and resources per statement. */
export function grantsOf(docs: RoleDocuments): RoleGrant[] {
  const grants: RoleGrant[] = [];
  const add = (policy: string, document: string | undefined) => {
    if (!document) return;
    try {
      const parsed = JSON.parse(document) as { Statement: any };
      const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
      for (const s of statements) {
        if (s.Effect !== 'Allow') continue;
        const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
        grants.push({ policy, actions: list(s.Action ?? s.NotAction), resources: list(s.Resource ?? s.NotResource), conditional: s.Condition !== undefined });
      }
    } catch {
      // a document that does not parse has no grants to draw
    }
  };
  for (const m of docs.managed) add(m.name, m.document);
  for (const i of docs.inline) add(i.name, i.document);
  return grants;
}

export function iamRoutes(router: Router): void {
  router.get('/console/iam', () => redirect('/console/iam/roles'));

  router.get('/console/iam/roles', async (ctx) => {
    const service = ctx.url.searchParams.get('service') ?? '';
    const search = (ctx.url.searchParams.get('q') ?? '').trim().toLowerCase();
    const listed = await attempt(listAllRoles(ctx.aws.iam));
    let body: Html;
    if (!listed.ok) {
      body = errorBox(listed.error, 'Listing roles');
    } else {
      const rows = await Promise.all(listed.value.map(async (role) => ({ role, link: await serviceLinkOf(ctx, role.RoleName!) })));
      const services = [...new Set(rows.map((r) => r.link.servicePrincipal).filter((s): s is string => !!s))].sort();
      const shown = rows.filter(
        (r) =>
          (!service || (service === '-' ? !r.link.serviceLinked : r.link.servicePrincipal === service)) &&
          (!search || r.role.RoleName!.toLowerCase().includes(search)),
      );
      body = html`<form method="get" action="/console/iam/roles" class="filters" role="search" aria-label="Filter roles">
  <div class="field"><label for="q">Role name contains</label><input id="q" name="q" value="${search}"></div>
  <div class="field"><label for="service">Trusted service</label>
    <select id="service" name="service">
      <option value="">All roles</option>
      <option value="-"${service === '-' ? html` selected` : ''}>Not service-linked</option>
      ${services.map((s) => html`<option value="${s}"${s === service ? html` selected` : ''}>${s} (service-linked)</option>`)}
    </select></div>
  <button type="submit" class="button">Filter</button>
</form>
${table(
  'Roles',
  ['Role name', 'Trusted entities', 'Description', 'Last activity', 'Created'],
  shown.map(({ role, link }) => [
    html`<a href="${roleHref(role.RoleName!)}">${role.RoleName}</a>${link.serviceLinked ? html` ${badge('Service-linked role', 'slr')}` : ''}`,
    link.servicePrincipal ? html`AWS service: <code>${link.servicePrincipal}</code>` : trustedEntities(role.AssumeRolePolicyDocument),
    role.Description ?? '',
    role.RoleLastUsed?.LastUsedDate ? formatDate(role.RoleLastUsed.LastUsedDate) : '—',
    formatDate(role.CreateDate),
  ]),
  'No roles match.',
)}
<p class="count">${shown.length} of ${rows.length} roles.</p>`;
    }
    return ctx.page({ title: 'Roles', section: 'iam', sideNav: iamSideNav('roles'), crumbs: [['IAM', '/console/iam'], ['Roles']], body: html`${pageHeader('Roles', {
        description: 'Service-linked roles are created by the services they are linked to; only those services may assume them.',
        actions: html`<a class="button primary" href="/console/iam/create-service-linked-role">Create service-linked role</a>`,
      })}${body}` });
  });

  router.get('/console/iam/roles/:name', async (ctx) => {
    const roleName = ctx.params.name;
    const crumbs: [string, string?][] = [['IAM', '/console/iam'], ['Roles', '/console/iam/roles'], [roleName]];
    const got = await attempt(ctx.aws.iam.send(new GetRoleCommand({ RoleName: roleName })));
    if (!got.ok) {
      return ctx.page({ title: roleName, section: 'iam', sideNav: iamSideNav('roles'), crumbs, body: html`${pageHeader(roleName)}${ctx.refusal(got.error, 'Reading the role')}` });
    }
    const role = got.value.Role!;
    const link = await serviceLinkOf(ctx, roleName);
    const [docs, tags] = await Promise.all([attempt(roleDocuments(ctx.aws.iam, roleName)), attempt(ctx.aws.iam.send(new ListRoleTagsCommand({ RoleName: roleName })))]);
    const usage = link.serviceLinked && link.servicePrincipal ? await ctx.app.linkedServices.roleUsage(link.servicePrincipal, ctx.accountId, roleName) : undefined;
    const trust = decodePolicyDocument(role.AssumeRolePolicyDocument);
    const deleteForm = (error?: string) =>
      confirmForm({
        session: ctx.session,
        id: 'delete-role',
        title: `Delete ${roleName}?`,
        action: `${roleHref(roleName)}/delete`,
        message: link.serviceLinked
          ? html`<p>IAM starts a deletion task for the service-linked role. It succeeds only when <code>${link.servicePrincipal}</code> no longer has resources that use the role; otherwise it fails and lists them.</p>`
          : html`<p>The role and its permissions are removed; whoever assumes it loses them.</p>`,
        word: roleName,
        label: `To confirm, type the role name ${roleName}.`,
        submitLabel: 'Delete role',
        cancelHref: roleHref(roleName),
        error,
      });
    const summary = details([
      ['ARN', html`<code>${role.Arn}</code>`],
      ['Path', html`<code>${role.Path}</code>`],
      ['Created', formatDate(role.CreateDate)],
      ['Last activity', role.RoleLastUsed?.LastUsedDate ? html`${formatDate(role.RoleLastUsed.LastUsedDate)} in <code>${role.RoleLastUsed.Region ?? ''}</code>` : 'Not used in the tracking period'],
      ['Maximum session duration', `${(role.MaxSessionDuration ?? 3600) / 3600} hour(s)`],
      ['Linked service', link.servicePrincipal ? html`<code>${link.servicePrincipal}</code>` : '—'],
    ]);
    const descriptionForm = html`<form method="post" action="${roleHref(roleName)}/description" class="inline-form">
  ${csrf(ctx.session)}
  <label for="description">Description</label>
  <textarea id="description" name="description" rows="2" maxlength="1000">${role.Description ?? ''}</textarea>
  <button type="submit" class="button">Save description</button>
</form>`;
    const policies = !docs.ok
      ? errorBox(docs.error, 'Reading the permissions')
      : html`${docs.value.managed.length === 0 && docs.value.inline.length === 0 ? html`<p class="empty">No permissions policies.</p>` : ''}
${docs.value.managed.map(
  (p) => html`<details class="policy" open><summary><span class="policy-name">${p.name}</span> ${badge(p.arn.includes(':aws:policy/') ? 'AWS managed' : 'Customer managed')} <code class="muted">${p.arn}</code></summary>
  ${p.document ? jsonView(p.document, { label: `Policy ${p.name}` }) : errorBox(p.error, 'Reading the policy')}</details>`,
)}
${docs.value.inline.map(
  (p) => html`<details class="policy" open><summary><span class="policy-name">${p.name}</span> ${badge('Inline')}</summary>
  ${p.document ? jsonView(p.document, { label: `Policy ${p.name}` }) : errorBox(p.error, 'Reading the policy')}</details>`,
)}`;
    const usagePanel = usage
      ? usage.usage.length === 0
        ? html`<p class="empty">No resources of <code>${link.servicePrincipal}</code> use this role.${usage.inUseNow ? ' The service is using the role right now.' : ''}</p>`
        : html`${usage.inUseNow ? alert('warning', 'The service is using the role right now.') : ''}${table(
            'Resources that use the role, by region',
            ['Region', 'Resources'],
            usage.usage.map((u) => [u.Region, html`<ul class="plain">${u.Resources.map((r) => html`<li><code>${r}</code></li>`)}</ul>`]),
          )}`
      : html`<p class="empty">Only service-linked roles report the resources that use them.</p>`;
    const picture = link.serviceLinked && docs.ok ? roleDiagram({ roleName, servicePrincipal: link.servicePrincipal ?? '', grants: grantsOf(docs.value), usage: usage?.usage ?? [] }) : undefined;
    const body = html`${pageHeader(roleName, {
      badge: link.serviceLinked ? badge('Service-linked role', 'slr') : undefined,
      description: role.Description,
      actions: confirmAction({ session: ctx.session, id: 'delete-role', openLabel: 'Delete role', fallbackHref: `${roleHref(roleName)}/delete`, form: deleteForm() }),
    })}
<nav class="tabs" aria-label="Role"><a href="${roleHref(roleName)}" aria-current="page">Role</a><a href="${roleHref(roleName)}/effective">Effective permissions</a></nav>
${link.serviceLinked ? alert('info', `This service-linked role is defined by ${link.servicePrincipal}: its trust and permissions cannot be changed, only its description. It can be deleted once the service's resources no longer use it.`) : ''}
${panel('Summary', html`${summary}${descriptionForm}`)}
${panel('Trust relationships', html`<p>Trusted entities that can assume this role:</p>${jsonView(trust, { label: 'Trust policy' })}`)}
${panel('Permissions policies', policies)}
${panel('Resources that use this role', usagePanel)}
${picture ? panel('Picture', picture) : ''}
${panel('Tags', tags.ok ? table('Tags', ['Key', 'Value'], (tags.value.Tags ?? []).map((t) => [t.Key, t.Value]), 'No tags.') : errorBox(tags.error, 'Listing tags'))}`;
    return ctx.page({ title: roleName, section: 'iam', sideNav: iamSideNav('roles'), crumbs, body });
  });

  router.post('/console/iam/roles/:name/description', async (ctx) => {
    const roleName = ctx.params.name;
    const done = await attempt(ctx.aws.iam.send(new UpdateRoleDescriptionCommand({ RoleName: roleName, Description: ctx.form.description ?? '' })));
    if (done.ok) ctx.flash('success', `The description of ${roleName} is saved.`);
    else ctx.flash('error', `${apiError(done.error).code}: ${apiError(done.error).message}`);
    return redirect(roleHref(roleName));
  });

  const deletePage = (ctx: Context, error?: string) => {
    const roleName = ctx.params.name;
    return ctx.page({
      title: `Delete ${roleName}`,
      section: 'iam',
      sideNav: iamSideNav('roles'),
      crumbs: [['IAM', '/console/iam'], ['Roles', '/console/iam/roles'], [roleName, roleHref(roleName)], ['Delete']],
      body: html`<div class="panel standalone">${confirmForm({
        session: ctx.session,
        id: 'delete-role',
        title: `Delete ${roleName}?`,
        action: `${roleHref(roleName)}/delete`,
        message: html`<p>Deleting a service-linked role starts a deletion task; deleting another role removes it at once.</p>`,
        word: roleName,
        label: `To confirm, type the role name ${roleName}.`,
        submitLabel: 'Delete role',
        cancelHref: roleHref(roleName),
        error,
      })}</div>`,
    });
  };
  router.get('/console/iam/roles/:name/delete', (ctx) => deletePage(ctx));

  router.post('/console/iam/roles/:name/delete', async (ctx) => {
    const roleName = ctx.params.name;
    if ((ctx.form.confirm ?? '').trim() !== roleName) return deletePage(ctx, `Type the role name ${roleName} exactly to confirm.`);
    const link = await serviceLinkOf(ctx, roleName);
    if (link.serviceLinked) {
      const started = await attempt(ctx.aws.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: roleName })));
      if (!started.ok) {
        ctx.flash('error', `${apiError(started.error).code}: ${apiError(started.error).message}`);
        return redirect(roleHref(roleName));
      }
      return redirect(`/console/iam/deletion${qs({ task: started.value.DeletionTaskId, role: roleName })}`);
    }
    const deleted = await attempt(ctx.aws.iam.send(new DeleteRoleCommand({ RoleName: roleName })));
    if (!deleted.ok) {
      ctx.flash('error', `${apiError(deleted.error).code}: ${apiError(deleted.error).message}`);
      return redirect(roleHref(roleName));
    }
    ctx.flash('success', `The role ${roleName} is deleted.`);
    return redirect('/console/iam/roles');
  });

  router.get('/console/iam/deletion', async (ctx) => {
    const taskId = ctx.url.searchParams.get('task') ?? '';
    const roleName = ctx.url.searchParams.get('role') ?? taskId.split('/').slice(-2, -1)[0] ?? '';
    const status = await deletionStatus(ctx, taskId);
    return ctx.page({
      title: `Deleting ${roleName}`,
      section: 'iam',
      sideNav: iamSideNav('roles'),
      crumbs: [['IAM', '/console/iam'], ['Roles', '/console/iam/roles'], [roleName, roleHref(roleName)], ['Deletion status']],
      body: html`${pageHeader(html`Deleting <span class="mono">${roleName}</span>`, { description: 'IAM deletes a service-linked role asynchronously: the task asks the linked service whether resources still use the role.' })}
${panel('Deletion status', html`${details([['Deletion task', html`<code>${taskId}</code>`]])}
<div id="deletion-status" class="deletion-status" aria-live="polite" aria-atomic="true" data-task="${taskId}" data-status="${String(status.Status ?? '')}">${deletionStatusView(status)}</div>
<noscript><p><a href="${ctx.url.pathname + ctx.url.search}">Refresh the status</a></p></noscript>`)}
<p><a href="/console/iam/roles">Back to roles</a></p>`,
    });
  });

  router.get('/console/iam/deletion-status', async (ctx) => {
    const status = await deletionStatus(ctx, ctx.url.searchParams.get('task') ?? '');
    return json({ ...status, html: deletionStatusView(status).value });
  });

  // --- users, groups, policies ------------------------------------------------------------------------
  router.get('/console/iam/users', (ctx) =>
    entityList(
      ctx,
      'users',
      'Users',
      'ListUsers',
      'Users',
      (u) => [u.UserName, html`<code>${u.Arn}</code>`, formatDate(u.CreateDate), html`<a href="/console/iam/users/${seg(u.UserName)}/effective">Effective permissions<span class="visually-hidden"> of ${u.UserName}</span></a>`],
      ['User name', 'ARN', 'Created', 'Permissions'],
    ),
  );
  router.get('/console/iam/groups', (ctx) =>
    entityList(ctx, 'groups', 'User groups', 'ListGroups', 'Groups', (g) => [g.GroupName, html`<code>${g.Arn}</code>`, formatDate(g.CreateDate)], ['Group name', 'ARN', 'Created']),
  );
  router.get('/console/iam/policies', async (ctx) => {
    const scope = ctx.url.searchParams.get('scope') === 'AWS' ? 'AWS' : 'Local';
    const listed = await attempt(ctx.aws.iam.send(new ListPoliciesCommand({ Scope: scope, OnlyAttached: scope === 'AWS', MaxItems: 1000 })));
    const body = html`${pageHeader('Policies')}
<nav class="tabs" aria-label="Policy scope"><a href="/console/iam/policies"${scope === 'Local' ? html` aria-current="page"` : ''}>Customer managed</a><a href="/console/iam/policies?scope=AWS"${scope === 'AWS' ? html` aria-current="page"` : ''}>AWS managed, attached</a></nav>
${listed.ok
  ? table(
      'Policies',
      ['Policy name', 'Attachments', 'Default version', 'Updated'],
      (listed.value.Policies ?? []).map((p) => [html`<a href="/console/iam/policies/view${qs({ arn: p.Arn })}">${p.PolicyName}</a>`, String(p.AttachmentCount ?? 0), p.DefaultVersionId ?? '', formatDate(p.UpdateDate)]),
      scope === 'Local' ? 'No customer managed policies.' : 'No AWS managed policy is attached to anything.',
    )
  : errorBox(listed.error, 'Listing policies')}`;
    return ctx.page({ title: 'Policies', section: 'iam', sideNav: iamSideNav('policies'), crumbs: [['IAM', '/console/iam'], ['Policies']], body });
  });
  router.get('/console/iam/policies/view', async (ctx) => {
    const arn = ctx.url.searchParams.get('arn') ?? '';
    const got = await attempt(
      (async () => {
        const policy = await ctx.aws.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
        const version = await ctx.aws.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy!.DefaultVersionId! }));
        return { policy: policy.Policy!, document: decodePolicyDocument(version.PolicyVersion?.Document) };
      })(),
    );
    const name = arn.split('/').pop() ?? arn;
    const body = got.ok
      ? html`${pageHeader(got.value.policy.PolicyName ?? name, { description: got.value.policy.Description })}
${panel('Summary', details([['ARN', html`<code>${arn}</code>`], ['Default version', got.value.policy.DefaultVersionId], ['Attachments', String(got.value.policy.AttachmentCount ?? 0)], ['Updated', formatDate(got.value.policy.UpdateDate)]]))}
${panel('Policy document', jsonView(got.value.document, { label: `Policy ${name}` }))}`
      : html`${pageHeader(name)}${ctx.refusal(got.error, 'Reading the policy')}`;
    return ctx.page({ title: name, section: 'iam', sideNav: iamSideNav('policies'), crumbs: [['IAM', '/console/iam'], ['Policies', '/console/iam/policies'], [name]], body });
  });
}

async function entityList(
  ctx: Context,
  id: string,
  title: string,
  operation: string,
  member: string,
  row: (item: any) => (Html | string)[],
  headers: string[],
) {
  // Users and groups come from IAM's identity operations; the SDK command is loaded by name so that
  // the page works (showing AWS's answer) whichever operations this server offers.
  const sdk = (await import('@aws-sdk/client-iam')) as Record<string, any>;
  const Command = sdk[`${operation}Command`];
  const listed = await attempt(ctx.aws.iam.send(new Command({ MaxItems: 1000 })) as Promise<Record<string, any>>);
  const body = html`${pageHeader(title)}${listed.ok ? table(title, headers, ((listed.value[member] as any[]) ?? []).map(row), `No ${title.toLowerCase()}.`) : errorBox(listed.error, `Listing ${title.toLowerCase()}`)}`;
  return ctx.page({ title, section: 'iam', sideNav: iamSideNav(id), crumbs: [['IAM', '/console/iam'], [title]], body });
}

function trustedEntities(document: string | undefined): Html {
  try {
    const parsed = JSON.parse(decodePolicyDocument(document)) as { Statement: any[] };
    const principals = new Set<string>();
    for (const s of Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]) {
      const p = s.Principal;
      if (typeof p === 'string') principals.add(p);
      else if (p) for (const [kind, v] of Object.entries(p)) for (const x of Array.isArray(v) ? v : [v]) principals.add(kind === 'Service' ? `AWS service: ${x}` : `${kind}: ${x}`);
    }
    return html`${[...principals].join(', ')}`;
  } catch {
    return html`—`;
  }
}

interface StatusView {
  Status?: string;
  Reason?: { Reason?: string; RoleUsageList?: { Region?: string; Resources?: string[] }[] };
  error?: { code: string; message: string };
}

async function deletionStatus(ctx: Context, taskId: string): Promise<StatusView> {
  try {
    const answer = await ctx.aws.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: taskId }));
    return { Status: answer.Status, Reason: answer.Reason };
  } catch (error) {
    const e = apiError(error);
    return { error: { code: e.code, message: e.message } };
  }
}

function deletionStatusView(status: StatusView): Html {
  if (status.error) return errorBox(new Error(status.error.message), `Reading the deletion status (${status.error.code})`);
  const kind = status.Status === 'SUCCEEDED' ? 'ok' : status.Status === 'FAILED' ? 'bad' : 'warn';
  const text: Record<string, string> = {
    NOT_STARTED: 'The deletion task has not started yet.',
    IN_PROGRESS: 'The deletion is in progress…',
    SUCCEEDED: 'The role is deleted.',
    FAILED: 'The deletion failed.',
  };
  return html`<p class="status-line">${badge(status.Status ?? 'UNKNOWN', kind)} <span>${text[status.Status ?? ''] ?? ''}</span></p>
${status.Reason?.Reason ? html`<p class="reason"><strong>Reason:</strong> ${status.Reason.Reason}</p>` : ''}
${status.Reason?.RoleUsageList?.length
  ? table(
      'Resources that use the role (RoleUsageList)',
      ['Region', 'Resources'],
      status.Reason.RoleUsageList.map((u) => [u.Region ?? '', html`<ul class="plain">${(u.Resources ?? []).map((r) => html`<li><code>${r}</code></li>`)}</ul>`]),
    )
  : ''}`;
}
