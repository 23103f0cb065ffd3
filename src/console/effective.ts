// The "Effective permissions" page of a role and of a user: by service, every action its policies allow
// (from the Service Authorization Reference), on which resources, under which conditions, by which
// statements (highlighted in their policies, as the simulator highlights the deciding one), and what is
// denied. The page is authorized by IAM's SimulatePrincipalPolicy on the principal (what asking IAM's
// simulator about it takes); the answer is then the engine's over the principal's policies, read from
// linkedrole's state (src/services/iam/effective-permissions.ts).
import { GetAccountAuthorizationDetailsCommand, GetRoleCommand, GetUserCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import type { ActionPermissions, Grant, GrantCondition, PrincipalPermissions, WhoCanAnswer } from '../services/iam/effective-permissions.js';
import type { MatchedStatement, PolicyInput } from '../policy/types.js';
import { html, qs, seg, type Html } from './html.js';
import { attempt, iamSideNav, roleHref, serviceLinkOf } from './iam.js';
import { jsonView, type SourceRange } from './json-view.js';
import { badge, errorBox, pageHeader, panel, table } from './layout.js';
import type { Context, Router } from './router.js';
import { sideNav as insightSideNav } from './insight.js';

/** Above this many actions, an unfiltered page lists services and their counts, each a link to its actions. */
const DETAIL_LIMIT = 300;

export const effectiveHref = (kind: 'role' | 'user', name: string) => `/console/iam/${kind === 'role' ? 'roles' : 'users'}/${seg(name)}/effective`;

export function effectiveRoutes(router: Router): void {
  router.get('/console/iam/roles/:name/effective', (ctx) => effectivePage(ctx, 'role'));
  router.get('/console/iam/users/:name/effective', (ctx) => effectivePage(ctx, 'user'));
  router.get('/console/insight/who-can', whoCanPage);
}

/**
 * Who can do an action on a resource: every role and user of the account the engine allows, with the
 * resource's resource-based policy. It shows every principal's permissions, so it is authorized as reading
 * them all through the API is: GetAccountAuthorizationDetails.
 */
async function whoCanPage(ctx: Context) {
  const p = ctx.url.searchParams;
  const form = { action: p.get('action')?.trim() ?? '', resource: p.get('resource')?.trim() || '*' };
  let result: Html = html``;
  if (form.action) {
    const authorized = await attempt(ctx.aws.iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1 })));
    const answer = authorized.ok ? await attempt(ctx.app.effectivePermissions.whoCan(ctx.accountId, form.action, form.resource)) : authorized;
    // A refusal, or an action the reference does not know: the page answers with its 4xx.
    result = answer.ok ? whoCanResult(answer.value) : ctx.refusal(answer.error, authorized.ok ? 'Deciding who can' : 'Reading the account\'s authorization details');
  }
  const body = html`${pageHeader('Who can', { description: 'Which roles and users of the account may perform this action on this resource, under which conditions and by which statements, and what the resource\'s own policy grants.' })}
<form method="get" action="/console/insight/who-can" class="filters" aria-label="Who can">
  <div class="field"><label for="w-action">Action</label><input id="w-action" name="action" value="${form.action}" required placeholder="lex:RecognizeText"></div>
  <div class="field wide"><label for="w-resource">Resource</label><input id="w-resource" name="resource" value="${form.resource}" placeholder="*"></div>
  <div class="field buttons"><button type="submit" class="button primary">Find</button></div>
</form>
${result}`;
  return ctx.page({ title: 'Who can', section: 'insight', sideNav: insightSideNav('who-can'), crumbs: [['Insight', '/console/insight'], ['Who can']], body });
}

function whoCanResult(answer: WhoCanAnswer): Html {
  const principalLink = (arn: string, kind: 'role' | 'user') => {
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    return html`<a href="${effectiveHref(kind, name)}${qs({ action: answer.action })}">${name}</a> <span class="muted">${kind}</span>`;
  };
  const resourcePolicy = answer.resourcePolicy
    ? panel(
        'Resource-based policy',
        html`<p>The resource's policy <code>${answer.resourcePolicy}</code>, its statements about <code>${answer.action}</code>:</p>${table(
          'Statements of the resource-based policy',
          ['Statement', 'Effect', 'Principal', 'Conditions'],
          answer.resourcePolicyStatements.map((s) => [
            statementLabel(s.statement),
            badge(s.statement.effect, s.statement.effect === 'Allow' ? 'ok' : 'bad'),
            html`${s.notPrincipal ? 'every principal except ' : ''}<code>${JSON.stringify(s.principal)}</code>`,
            Object.keys(s.condition).length ? html`<code>${conditionText({ statement: s.statement, condition: s.condition }).join('; ')}</code>` : html`<span class="muted">none</span>`,
          ]),
          'No statement is about the action.',
        )}`,
      )
    : '';
  return html`<p class="summary" role="status"><strong>${answer.principals.length}</strong> ${answer.principals.length === 1 ? 'principal' : 'principals'} of the account may perform <code>${answer.action}</code> on <code>${answer.resource}</code>.</p>
${resourcePolicy}
${panel(
  'Roles and users',
  table(
    'Roles and users allowed',
    ['Principal', 'Decision', 'Resources', 'Conditions', 'Statements'],
    answer.principals.map((p) => [
      principalLink(p.principal, p.kind),
      badge(p.permissions.decision === 'conditional' ? 'allowed under conditions' : p.permissions.decision, DECISION_BADGE[p.permissions.decision]),
      resourcesCell(p.permissions),
      conditionsCell(p.permissions.grants),
      html`<ul class="plain">${[...new Set(p.permissions.grants.flatMap((g) => g.statements.map(statementLabel)))].map((l) => html`<li>${l}</li>`)}</ul>`,
    ]),
    'No role or user of the account.',
  ),
)}`;
}

async function effectivePage(ctx: Context, kind: 'role' | 'user') {
  const name = ctx.params.name;
  const p = ctx.url.searchParams;
  const filter = { service: p.get('service')?.trim() || undefined, action: p.get('action')?.trim() || undefined, resource: p.get('resource')?.trim() || undefined };
  const listHref = kind === 'role' ? '/console/iam/roles' : '/console/iam/users';
  const crumbs: [string, string?][] = [['IAM', '/console/iam'], [kind === 'role' ? 'Roles' : 'Users', listHref], ...(kind === 'role' ? [[name, roleHref(name)] as [string, string]] : [[name] as [string]]), ['Effective permissions']];
  const title = `Effective permissions of ${name}`;
  const page = (body: Html) => ctx.page({ title, section: 'iam', sideNav: iamSideNav(kind === 'role' ? 'roles' : 'users'), crumbs, body });
  const got = await attempt(
    kind === 'role'
      ? ctx.aws.iam.send(new GetRoleCommand({ RoleName: name })).then((r) => r.Role!.Arn!)
      : ctx.aws.iam.send(new GetUserCommand({ UserName: name })).then((u) => u.User!.Arn!),
  );
  if (!got.ok) return page(html`${pageHeader(title)}${ctx.refusal(got.error, kind === 'role' ? 'Reading the role' : 'Reading the user')}`);
  const arn = got.value;
  // Asking IAM's simulator about the principal is what this page does for every action: its permission decides
  // (the action simulated is the one asked about, else any; its result is not used).
  const authorized = await attempt(ctx.aws.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: [filter.action && !/[*?]/.test(filter.action) ? filter.action : 'iam:SimulatePrincipalPolicy'] })));
  if (!authorized.ok) return page(html`${pageHeader(title)}${ctx.refusal(authorized.error, 'Simulating the principal\'s policies')}`);
  const link = kind === 'role' ? await serviceLinkOf(ctx, name) : { serviceLinked: false };
  const answer = await attempt(ctx.app.effectivePermissions.of(ctx.accountId, arn, filter));
  const policies = await attempt(ctx.app.simulator.principalPolicies(ctx.accountId, arn));
  const tabs = html`<nav class="tabs" aria-label="${kind === 'role' ? 'Role' : 'User'}">${kind === 'role' ? html`<a href="${roleHref(name)}">Role</a>` : ''}<a href="${effectiveHref(kind, name)}" aria-current="page">Effective permissions</a></nav>`;
  const lead = link.serviceLinked
    ? html`This is what <code>${link.servicePrincipal}</code> may do in the account: every action its service-linked role's policies (defined by AWS) allow, on which resources and under which conditions, and the statements that grant each.`
    : html`Every action of the Service Authorization Reference the ${kind}'s policies allow${kind === 'user' ? ' (its groups\' included, within its permissions boundary)' : ' (within its permissions boundary)'}, on which resources and under which conditions, and the statements that grant or deny each.`;
  const form = html`<form method="get" action="${effectiveHref(kind, name)}" class="filters" aria-label="Filter the effective permissions">
  <div class="field"><label for="e-service">Service</label><input id="e-service" name="service" value="${filter.service ?? ''}" placeholder="s3"></div>
  <div class="field"><label for="e-action">Action</label><input id="e-action" name="action" value="${filter.action ?? ''}" placeholder="iam:PassRole or s3:Get*"></div>
  <div class="field wide"><label for="e-resource">Resource</label><input id="e-resource" name="resource" value="${filter.resource ?? ''}" placeholder="arn:aws:s3:::bucket/key"></div>
  <div class="field buttons"><button type="submit" class="button primary">Show</button> <a class="button ghost" href="${effectiveHref(kind, name)}">Clear</a></div>
</form>`;
  const header = pageHeader(title, { badge: link.serviceLinked ? badge('Service-linked role', 'slr') : undefined, description: lead });
  if (!answer.ok) return page(html`${header}${tabs}${form}${errorBox(answer.error, 'Deciding the effective permissions')}`);
  const filtered = filter.service !== undefined || filter.action !== undefined || filter.resource !== undefined;
  const detailed = filtered || answer.value.actions.length <= DETAIL_LIMIT;
  const body = html`${header}${tabs}
${form}
${summary(answer.value)}
${detailed ? byService(answer.value) : serviceIndex(kind, name, answer.value)}
${detailed && policies.ok ? policyPanels(policies.value, answer.value) : ''}`;
  return page(body);
}

function summary(answer: PrincipalPermissions): Html {
  const count = (d: string) => answer.actions.filter((a) => a.decision === d).length;
  const services = new Set(answer.actions.map((a) => a.service)).size;
  const allowed = count('allowed');
  return html`<p class="summary" role="status"><strong>${allowed}</strong> ${allowed === 1 ? 'action' : 'actions'} allowed, <strong>${count('conditional')}</strong> allowed under conditions, <strong>${count('denied')}</strong> denied, in ${services} services.</p>`;
}

function serviceIndex(kind: 'role' | 'user', name: string, answer: PrincipalPermissions): Html {
  const services = new Map<string, ActionPermissions[]>();
  for (const a of answer.actions) services.set(a.service, [...(services.get(a.service) ?? []), a]);
  return panel(
    'Services',
    html`<p class="muted">More than ${DETAIL_LIMIT} actions: choose a service to see its actions.</p>${table(
      'Services and their actions',
      ['Service', 'Allowed', 'Under conditions', 'Denied'],
      [...services].map(([service, actions]) => [
        html`<a href="${effectiveHref(kind, name)}${qs({ service })}">${service}</a>`,
        String(actions.filter((a) => a.decision === 'allowed').length),
        String(actions.filter((a) => a.decision === 'conditional').length),
        String(actions.filter((a) => a.decision === 'denied').length),
      ]),
    )}`,
  );
}

const DECISION_BADGE: Record<string, 'ok' | 'warn' | 'bad' | 'neutral'> = { allowed: 'ok', conditional: 'warn', denied: 'bad', implicitDeny: 'neutral' };

function byService(answer: PrincipalPermissions): Html {
  if (answer.actions.length === 0) return html`<p class="empty">No action is allowed.</p>`;
  const services = new Map<string, ActionPermissions[]>();
  for (const a of answer.actions) services.set(a.service, [...(services.get(a.service) ?? []), a]);
  return html`${[...services].map(([service, actions]) =>
    panel(
      service,
      table(
        `Actions of ${service}`,
        ['Action', 'Decision', 'Resources', 'Conditions', 'Statements'],
        actions.map((a) => [
          html`<code>${a.action}</code> <span class="muted">${a.accessLevel}</span>`,
          badge(a.decision === 'conditional' ? 'allowed under conditions' : a.decision, DECISION_BADGE[a.decision]),
          resourcesCell(a),
          conditionsCell(a.grants),
          statementsCell(a),
        ]),
      ),
      { id: `service-${service}`, level: 3 },
    ),
  )}`;
}

function resourcesCell(a: ActionPermissions): Html {
  return html`<ul class="plain">${a.grants.map(
    (g: Grant) => html`<li><code>${g.resource}</code>${g.except.length ? html` except ${g.except.map((e, i) => html`${i ? ', ' : ''}<code>${e}</code>`)}` : ''}</li>`,
  )}${a.refusals.map(
    (r) => html`<li class="refused">${badge(r.reason === 'explicitDeny' ? 'denied' : r.reason === 'boundary' ? 'not in the boundary' : 'not in the session policy', 'bad')} <code>${r.resource}</code></li>`,
  )}</ul>`;
}

const conditionText = (c: GrantCondition) =>
  Object.entries(c.condition).flatMap(([operator, keys]) => Object.entries(keys).map(([key, values]) => `${operator} ${key} ${values.join(', ')}`));

function conditionsCell(grants: Grant[]): Html {
  const when = grants.flatMap((g) => g.conditions.flatMap(conditionText));
  const unless = grants.flatMap((g) => g.deniedWhen.flatMap(conditionText));
  const met = grants.flatMap((g) => g.met.flatMap(conditionText));
  if (when.length === 0 && unless.length === 0 && met.length === 0) return html`<span class="muted">none</span>`;
  return html`<ul class="plain">${[...new Set(when)].map((t) => html`<li>when <code>${t}</code></li>`)}${[...new Set(unless)].map((t) => html`<li>denied when <code>${t}</code></li>`)}${[...new Set(met)].map((t) => html`<li class="muted">met by the principal: <code>${t}</code></li>`)}</ul>`;
}

const statementLabel = (s: MatchedStatement) => `${s.policyId ?? s.source} statement ${s.statementIndex}${s.sid ? ` (${s.sid})` : ''}`;
const policyAnchor = (id: string | undefined) => `policy-${(id ?? 'policy').replace(/[^A-Za-z0-9]+/g, '-')}`;

function statementsCell(a: ActionPermissions): Html {
  const grants = a.grants.flatMap((g) => g.statements);
  const denies = a.refusals.flatMap((r) => r.statements);
  const seen = new Set<string>();
  const items: Html[] = [];
  for (const [s, what] of [...grants.map((s) => [s, 'grants'] as const), ...denies.map((s) => [s, 'denies'] as const)]) {
    const label = statementLabel(s);
    if (seen.has(label + what)) continue;
    seen.add(label + what);
    items.push(html`<li>${what === 'denies' ? badge('Deny', 'bad') : ''} <a href="#${policyAnchor(s.policyId)}">${label}</a></li>`);
  }
  return html`<ul class="plain">${items}</ul>`;
}

/** The principal's policies, each with the statements that grant (or deny) the shown actions highlighted. */
function policyPanels(own: { identity: PolicyInput[]; boundary?: PolicyInput }, answer: PrincipalPermissions): Html {
  const ranges = new Map<string, SourceRange[]>();
  for (const a of answer.actions) {
    for (const s of [...a.grants.flatMap((g) => g.statements), ...a.refusals.flatMap((r) => r.statements)]) {
      const key = `${s.source === 'boundary' ? 'boundary' : 'identity'}|${s.policyId}`;
      const list = ranges.get(key) ?? [];
      if (!list.some((r) => r.start === s.start)) list.push({ start: s.start, end: s.end });
      ranges.set(key, list);
    }
  }
  const inputs: [PolicyInput, string][] = [...own.identity.map((p): [PolicyInput, string] => [p, 'identity']), ...(own.boundary ? [[own.boundary, 'boundary'] as [PolicyInput, string]] : [])];
  return panel(
    'Policies',
    html`${inputs.map(([input, set]) => {
      const marked = ranges.get(`${set}|${input.id}`) ?? [];
      return panel(
        html`${input.id ?? 'policy'} ${set === 'boundary' ? badge('Permissions boundary') : ''}`,
        html`${marked.length ? html`<p>${badge('Granting statements highlighted', 'ok')}</p>` : ''}${jsonView(input.policy.source, { highlight: marked, label: `Policy ${input.id ?? ''}` })}`,
        { id: policyAnchor(input.id), level: 3 },
      );
    })}`,
  );
}
