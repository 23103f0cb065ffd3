// Insight: the audit trail (filters, each decision's explanation), the policy simulator (decision
// with the deciding statement highlighted in its policy) and a picture of each service-linked role.
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { SimulatePrincipalPolicyCommand, type ContextEntry } from '@aws-sdk/client-iam';
import { explain, parsePolicy } from '../policy/index.js';
import type { Decision, PolicyInput } from '../policy/types.js';
import type { AuditEventRow } from '../store/schema.js';
import { apiError } from './aws.js';
import { roleDiagram } from './diagram.js';
import { formatDate, html, qs, type Html } from './html.js';
import { attempt, grantsOf, listAllRoles, roleDocuments, roleHref, serviceLinkOf } from './iam.js';
import { jsonView, type SourceRange } from './json-view.js';
import { alert, badge, details, errorBox, pageHeader, panel } from './layout.js';
import { redirect, type Context, type Router } from './router.js';
import { partition } from '../aws/partitions.js';

export function sideNav(current: string): Html {
  const items: [string, string, string][] = [
    ['audit', 'Audit trail', '/console/insight/audit'],
    ['simulator', 'Policy simulator', '/console/insight/simulator'],
    ['who-can', 'Who can', '/console/insight/who-can'],
    ['map', 'Service-linked role map', '/console/insight/map'],
  ];
  return html`<nav class="sidenav" aria-label="Insight"><p class="sidenav-title">Insight</p><ul>${items.map(
    ([id, label, href]) => html`<li><a href="${href}"${id === current ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

const decisionBadge = (decision: string) => badge(decision, decision === 'allowed' ? 'ok' : 'bad');

function parseLocalTime(value: string | null): Date | undefined {
  if (!value) return undefined;
  const d = new Date(/Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function insightRoutes(router: Router): void {
  router.get('/console/insight', () => redirect('/console/insight/audit'));

  router.get('/console/insight/audit', async (ctx) => {
    const p = ctx.url.searchParams;
    const f = {
      identity: p.get('identity')?.trim() ?? '',
      role: p.get('role')?.trim() ?? '',
      action: p.get('action')?.trim() ?? '',
      decision: p.get('decision') ?? '',
      kind: p.get('kind') ?? '',
      from: p.get('from') ?? '',
      to: p.get('to') ?? '',
      before: p.get('before') ?? '',
    };
    // The trail is CloudTrail's to show: whoever may not call LookupEvents sees AWS's refusal.
    const allowed = await attempt(ctx.aws.cloudTrail.send(new LookupEventsCommand({ MaxResults: 1 })));
    let results: Html;
    if (!allowed.ok) {
      results = errorBox(allowed.error, 'Reading the audit trail');
    } else {
      const [beforeTime, beforeId] = f.before.split('|');
      const rows = await ctx.app.audit.query({
        accountId: ctx.accountId,
        ...(f.identity ? (f.identity.startsWith('arn:') ? { principalArn: f.identity } : { userName: f.identity }) : {}),
        ...(f.role ? { roleName: f.role } : {}),
        ...(f.action ? { action: f.action } : {}),
        ...(f.decision ? { decision: f.decision } : {}),
        ...(f.kind ? { kind: f.kind } : {}),
        startTime: parseLocalTime(f.from),
        endTime: parseLocalTime(f.to),
        ...(beforeTime && beforeId ? { before: { time: beforeTime, id: beforeId } } : {}),
        limit: 50,
      });
      const last = rows[rows.length - 1];
      results = html`${rows.length === 0 ? html`<p class="empty">No decisions match.</p>` : html`<ol class="events">${rows.map(eventView)}</ol>`}
${rows.length === 50 && last ? html`<p><a class="button" href="/console/insight/audit${qs({ ...f, before: `${last.event_time}|${last.event_id}` })}">Older decisions</a></p>` : ''}`;
    }
    const body = html`${pageHeader('Audit trail', { description: 'Every authorization decision: callers\' API requests (this console\'s included) and linked services acting through their roles, each with the statement that decided and an explanation.' })}
<form method="get" action="/console/insight/audit" class="filters" role="search" aria-label="Filter the audit trail">
  <div class="field"><label for="f-identity">Identity (user name or principal ARN)</label><input id="f-identity" name="identity" value="${f.identity}"></div>
  <div class="field"><label for="f-role">Role name</label><input id="f-role" name="role" value="${f.role}"></div>
  <div class="field"><label for="f-action">Action</label><input id="f-action" name="action" value="${f.action}" placeholder="iam:DeleteServiceLinkedRole"></div>
  <div class="field"><label for="f-decision">Decision</label><select id="f-decision" name="decision">${[
    ['', 'Any'],
    ['allowed', 'Allowed'],
    ['denied', 'Denied (any)'],
    ['explicitDeny', 'Explicit deny'],
    ['implicitDeny', 'Implicit deny'],
  ].map(([v, l]) => html`<option value="${v}"${v === f.decision ? html` selected` : ''}>${l}</option>`)}</select></div>
  <div class="field"><label for="f-kind">Kind</label><select id="f-kind" name="kind">${[
    ['', 'Any'],
    ['api', 'API requests'],
    ['on-behalf', 'Services acting through roles'],
  ].map(([v, l]) => html`<option value="${v}"${v === f.kind ? html` selected` : ''}>${l}</option>`)}</select></div>
  <div class="field"><label for="f-from">From (UTC)</label><input id="f-from" name="from" type="datetime-local" step="1" value="${f.from}"></div>
  <div class="field"><label for="f-to">To (UTC)</label><input id="f-to" name="to" type="datetime-local" step="1" value="${f.to}"></div>
  <div class="field buttons"><button type="submit" class="button primary">Filter</button> <a class="button ghost" href="/console/insight/audit">Clear</a></div>
</form>
${results}`;
    return ctx.page({ title: 'Audit trail', section: 'insight', sideNav: sideNav('audit'), crumbs: [['Insight', '/console/insight'], ['Audit trail']], body });
  });

  router.get('/console/insight/simulator', simulator);

  router.get('/console/insight/map', async (ctx) => {
    const listed = await attempt(listAllRoles(ctx.aws.iam));
    let body: Html;
    if (!listed.ok) body = errorBox(listed.error, 'Listing roles');
    else {
      const roles = [];
      for (const role of listed.value) {
        const link = await serviceLinkOf(ctx, role.RoleName!);
        if (link.serviceLinked) roles.push({ role, link });
      }
      const pictures = await Promise.all(
        roles.map(async ({ role, link }) => {
          const docs = await attempt(roleDocuments(ctx.aws.iam, role.RoleName!));
          const usage = await ctx.app.linkedServices.roleUsage(link.servicePrincipal!, ctx.accountId, role.RoleName!);
          return panel(
            role.RoleName!,
            docs.ok ? roleDiagram({ roleName: role.RoleName!, servicePrincipal: link.servicePrincipal!, grants: grantsOf(docs.value), usage: usage.usage }) : errorBox(docs.error, 'Reading the permissions'),
            { actions: html`<a class="button small" href="${roleHref(role.RoleName!)}">Open role</a>` },
          );
        }),
      );
      body = roles.length === 0 ? html`<p class="empty">The account has no service-linked roles.</p>` : html`${pictures}`;
    }
    return ctx.page({
      title: 'Service-linked role map',
      section: 'insight',
      sideNav: sideNav('map'),
      crumbs: [['Insight', '/console/insight'], ['Service-linked role map']],
      body: html`${pageHeader('Service-linked role map', { description: 'Each service-linked role: the service that assumes it and its resources that use it, the grants of its policies, and the resources they reach.' })}${body}`,
    });
  });
}

function eventView(e: AuditEventRow): Html {
  const detail = (() => {
    try {
      return JSON.parse(e.detail) as { explanation?: string; matchedStatements?: unknown[] };
    } catch {
      return {};
    }
  })();
  return html`<li class="event">
  <div class="event-head">
    ${decisionBadge(e.decision)}
    <code class="event-action">${e.action}</code>
    <span class="muted">on</span> <code class="event-resource">${e.resource}</code>
  </div>
  <div class="event-meta">
    <span>${formatDate(e.event_time)}</span>
    <span>${e.kind === 'on-behalf' ? 'service via role' : 'API'}: ${e.event_name}</span>
    <span>by <code>${e.principal_arn}</code></span>
    ${e.role_arn ? html`<span>role <code>${e.role_arn}</code></span>` : ''}
    <span>${e.region}</span>
  </div>
  <details><summary>Why: explanation</summary><pre class="explanation">${detail.explanation || fallbackExplanation(e, detail.matchedStatements ?? [])}</pre>
  ${simulateHref(e) ? html`<p><a href="${simulateHref(e)!}">Explain this decision in the policy simulator</a></p>` : ''}</details>
</li>`;
}

/** For decisions recorded by the engine's fast path (no explanation kept): what the record says. */
function fallbackExplanation(e: AuditEventRow, matched: unknown[]): string {
  const lines = [`Decision: ${e.decision}`, `Request: ${e.principal_arn} calls ${e.action} on ${e.resource}`];
  if (e.decision === 'implicitDeny') lines.push('Implicit deny: no applicable statement of the principal\'s policies allows the action.');
  else if (e.decision === 'explicitDeny') lines.push('An explicit Deny applies; it overrides every Allow.');
  else lines.push('Allowed: an applicable statement allows the action and none denies it.');
  for (const m of matched as { policyId?: string; statementIndex?: number; sid?: string; effect?: string; start?: { line: number }; end?: { line: number } }[]) {
    lines.push(`  - ${m.policyId ?? 'policy'}, statement ${m.statementIndex ?? '?'}${m.sid ? ` (Sid ${m.sid})` : ''}, ${m.effect ?? ''}${m.start && m.end ? `, lines ${m.start.line}-${m.end.line}` : ''}`);
  }
  return lines.join('\n');
}

/** The simulator, prefilled with an event's request, for a role session's or user's decision. */
function simulateHref(e: AuditEventRow): string | undefined {
  const session = /^arn:aws(?:-cn|-us-gov)?:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(e.principal_arn);
  const principal = session ? `arn:${partition()}:iam::${session[1]}:role/${session[2]}` : /:(user|role)\//.test(e.principal_arn) ? e.principal_arn : e.role_arn ?? undefined;
  return principal ? `/console/insight/simulator${qs({ principal, action: e.action, resource: e.resource })}` : undefined;
}

// --- the policy simulator --------------------------------------------------------------------------

interface PolicyText {
  id: string;
  title: string;
  document: string;
  type: string;
}

async function principalPolicies(ctx: Context, principalArn: string): Promise<PolicyText[]> {
  const role = /:role\/(?:.*\/)?([^/]+)$/.exec(principalArn)?.[1] ?? /:assumed-role\/([^/]+)\//.exec(principalArn)?.[1];
  if (!role) return [];
  const docs = await roleDocuments(ctx.aws.iam, role);
  return [
    // Ids as IAM's SimulatePrincipalPolicy names them in SourcePolicyId: a managed policy's name, role_Role_Policy.
    ...docs.managed.filter((m) => m.document).map((m) => ({ id: m.name, title: m.name, document: m.document!, type: m.arn.includes(':aws:policy/') ? 'aws-managed' : 'user-managed' })),
    ...docs.inline.filter((i) => i.document).map((i) => ({ id: `role_${role}_${i.name}`, title: i.name, document: i.document!, type: 'role' })),
  ];
}

function parseContext(text: string): { entries: ContextEntry[]; values: Record<string, string | string[]> } {
  const entries: ContextEntry[] = [];
  const values: Record<string, string | string[]> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const raw = line.slice(eq + 1).trim();
    const list = raw.includes(',') ? raw.split(',').map((v) => v.trim()) : undefined;
    entries.push({ ContextKeyName: key, ContextKeyValues: list ?? [raw], ContextKeyType: list ? 'stringList' : 'string' });
    values[key] = list ?? raw;
  }
  return { entries, values };
}

async function simulator(ctx: Context) {
  const p = ctx.url.searchParams;
  const form = { principal: p.get('principal')?.trim() ?? '', action: p.get('action')?.trim() ?? '', resource: p.get('resource')?.trim() || '*', context: p.get('context') ?? '' };
  const roles = await attempt(listAllRoles(ctx.aws.iam));
  let result: Html = html``;
  if (form.principal && form.action) {
    const { entries, values } = parseContext(form.context);
    const policies = await attempt(principalPolicies(ctx, form.principal));
    // The IAM simulator API first: the same engine and the same authorization as any caller's.
    const simulated = await attempt(
      ctx.aws.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: form.principal, ActionNames: [form.action], ResourceArns: [form.resource], ContextEntries: entries.length ? entries : undefined })),
    );
    let decision: string | undefined;
    let matched: { id?: string; range: SourceRange }[] = [];
    let missing: string[] = [];
    let explanation: string | undefined;
    let note: Html = html``;
    const texts = policies.ok ? policies.value : [];
    // The engine's explanation of the same request, over the policies read through the API.
    let local: Decision | undefined;
    if (texts.length > 0 || !simulated.ok) {
      const inputs: PolicyInput[] = [];
      for (const t of texts) {
        const parsed = parsePolicy(t.document, 'identity');
        if (parsed.ok) inputs.push({ policy: parsed.policy, id: t.id, type: t.type });
      }
      local = explain({ principal: form.principal, action: form.action, resource: form.resource, context: values, identityPolicies: inputs, isServiceLinkedRole: form.principal.includes(':role/aws-service-role/') });
    }
    if (simulated.ok) {
      const r = simulated.value.EvaluationResults?.[0];
      decision = r?.EvalDecision;
      matched = (r?.MatchedStatements ?? []).map((s) => ({
        id: s.SourcePolicyId,
        range: { start: { line: s.StartPosition?.Line ?? 1, column: s.StartPosition?.Column ?? 1 }, end: { line: s.EndPosition?.Line ?? 1, column: s.EndPosition?.Column ?? 1 } },
      }));
      missing = r?.MissingContextValues ?? [];
      explanation = local?.explanation;
      note = html`<p class="muted">Decided by IAM's SimulatePrincipalPolicy; the explanation is the policy engine's account of the same request.</p>`;
    } else {
      const e = apiError(simulated.error);
      const unsupported = /InvalidAction|UnknownOperation|NotImplemented|UnsupportedOperation/i.test(e.code);
      if (!unsupported || !policies.ok || texts.length === 0) {
        result = errorBox(simulated.ok ? undefined : simulated.error, 'Simulating');
      } else if (local) {
        decision = local.decision;
        matched = local.matchedStatements.map((s) => ({ id: s.policyId, range: { start: s.start, end: s.end } }));
        missing = local.missingContextValues;
        explanation = local.explanation;
        note = html`<p class="muted">This server offers no SimulatePrincipalPolicy: the policy engine decided directly over the role's policies, read through the IAM API.</p>`;
      }
    }
    if (decision) {
      const shown = texts.filter((t) => matched.some((m) => m.id === t.id) || texts.length <= 4);
      result = html`${panel(
        'Result',
        html`<p class="decision" role="status">${decisionBadge(decision)} <span><code>${form.action}</code> on <code>${form.resource}</code> by <code>${form.principal}</code></span></p>
${note}
${missing.length ? alert('warning', html`Missing context values: ${missing.map((m, i) => html`${i ? ', ' : ''}<code>${m}</code>`)}`) : ''}
${explanation ? html`<details open><summary>Explanation</summary><pre class="explanation">${explanation}</pre></details>` : ''}`,
      )}
${shown.map((t) => {
  const ranges = matched.filter((m) => m.id === t.id).map((m) => m.range);
  return panel(
    t.title,
    html`${ranges.length ? html`<p>${badge('Deciding statement highlighted', decision === 'allowed' ? 'ok' : 'bad')}</p>` : ''}${details([['Policy', html`<code>${t.id}</code>`]])}${jsonView(t.document, { highlight: ranges, label: `Policy ${t.title}` })}`,
    { level: 3 },
  );
})}`;
    }
  }
  const body = html`${pageHeader('Policy simulator', { description: 'Would this principal be allowed this action on this resource? The decision, the statement that decided it (highlighted in its policy) and why.' })}
<form method="get" action="/console/insight/simulator" class="filters simulator-form" aria-label="Simulation">
  <div class="field wide"><label for="s-principal">Principal (role or user ARN)</label>
    <input id="s-principal" name="principal" list="s-roles" value="${form.principal}" required placeholder="arn:aws:iam::000000000000:role/…">
    <datalist id="s-roles">${roles.ok ? roles.value.map((r) => html`<option value="${r.Arn}">${r.RoleName}</option>`) : ''}</datalist></div>
  <div class="field"><label for="s-action">Action</label><input id="s-action" name="action" value="${form.action}" required placeholder="appflow:StartFlow"></div>
  <div class="field wide"><label for="s-resource">Resource</label><input id="s-resource" name="resource" value="${form.resource}" placeholder="*"></div>
  <div class="field wide"><label for="s-context">Context (one key=value per line; commas make a list)</label><textarea id="s-context" name="context" rows="3" placeholder="aws:ResourceTag/AppIntegrationsManaged=true">${form.context}</textarea></div>
  <div class="field buttons"><button type="submit" class="button primary">Simulate</button></div>
</form>
${result}`;
  return ctx.page({ title: 'Policy simulator', section: 'insight', sideNav: sideNav('simulator'), crumbs: [['Insight', '/console/insight'], ['Policy simulator']], body });
}
