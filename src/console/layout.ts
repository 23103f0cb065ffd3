// The console's page frame (landmarks, navigation, region picker, identity, sign-out) and the small
// building blocks every area uses: forms with the CSRF token, alerts, tables, confirmation dialogs.
import { html, join, raw, type Html, type Renderable } from './html.js';
import type { ConsoleSession } from './session.js';
import { ApiError, apiError } from './aws.js';
import { serviceRegions } from '../aws/regions.js';

export type Section = 'home' | 'iam' | 'connect' | 'lex' | 'insight' | 'signin';

export interface PageOptions {
  title: string;
  section: Section;
  body: Renderable;
  /** Breadcrumbs: [label, href?]. */
  crumbs?: [string, string?][];
  /** A left-hand menu for the area (Lex's bot menu, IAM's entities). */
  sideNav?: Html;
}

/** The region picker's regions: where the console's regional services (AppIntegrations, Lex V2) are offered. */
export const REGIONS = [...new Set([...serviceRegions('app-integrations').regions, ...serviceRegions('models-v2-lex').regions])];

const NAV: [Section, string, string][] = [
  ['iam', 'IAM', '/console/iam/roles'],
  ['connect', 'AppIntegrations', '/console/appintegrations'],
  ['lex', 'Lex V2', '/console/lex/bots'],
  ['insight', 'Insight', '/console/insight/audit'],
];

export function layout(session: ConsoleSession | undefined, page: PageOptions): Html {
  const signedIn = session?.credentials && session.identity;
  const flash = session?.flash;
  if (session) session.flash = undefined;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · linkedrole console</title>
<link rel="stylesheet" href="/console/static/console.css">
<script src="/console/static/console.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
  <a class="brand" href="/console" aria-label="linkedrole console home"><span class="brand-mark" aria-hidden="true">◆</span> linkedrole</a>
  ${signedIn
    ? html`<nav class="topnav" aria-label="Services"><ul>${NAV.map(
        ([id, label, href]) => html`<li><a href="${href}"${page.section === id ? raw(' aria-current="page"') : ''}>${label}</a></li>`,
      )}</ul></nav>
  <div class="account">
    <form method="post" action="/console/region" class="region-form">
      ${csrf(session!)}
      <label for="region-select" class="visually-hidden">Region</label>
      <select id="region-select" name="region" data-autosubmit>${REGIONS.map(
        (r) => html`<option value="${r}"${r === session!.region ? raw(' selected') : ''}>${r}</option>`,
      )}</select>
      <button type="submit" class="button small js-hidden">Switch region</button>
    </form>
    <span class="identity" title="${session!.identity!.arn}">${shortIdentity(session!.identity!.arn)}</span>
    <form method="post" action="/console/signout">${csrf(session!)}<button type="submit" class="button small ghost">Sign out</button></form>
  </div>`
    : ''}
</header>
<div class="frame${page.sideNav ? ' with-side' : ''}">
${page.sideNav ?? ''}
<main id="main" tabindex="-1">
${page.crumbs && page.crumbs.length > 0
    ? html`<nav aria-label="Breadcrumb" class="crumbs"><ol>${page.crumbs.map(([label, href]) =>
        href ? html`<li><a href="${href}">${label}</a></li>` : html`<li aria-current="page">${label}</li>`,
      )}</ol></nav>`
    : ''}
${flash ? alert(flash.kind, flash.text) : ''}
${page.body}
</main>
</div>
<footer class="footer"><p>linkedrole — AWS IAM service-linked roles, Amazon AppIntegrations and Amazon Lex V2, locally. Every action here is an AWS API call made with your credentials.</p></footer>
</body>
</html>`;
}

function shortIdentity(arn: string): string {
  const tail = arn.split(':').slice(5).join(':');
  return tail || arn;
}

export function csrf(session: ConsoleSession): Html {
  return html`<input type="hidden" name="_csrf" value="${session.csrfToken}">`;
}

export function alert(kind: 'success' | 'error' | 'info' | 'warning', text: Renderable, title?: string): Html {
  const role = kind === 'error' ? 'alert' : 'status';
  return html`<div class="alert alert-${kind}" role="${role}">${title ? html`<p class="alert-title">${title}</p>` : ''}<p>${text}</p></div>`;
}

/** An AWS error as AWS states it (code, message), e.g. a refusal with its reason. */
export function errorBox(error: unknown, doing?: string): Html {
  const e = error instanceof ApiError ? error : apiError(error);
  return html`<div class="alert alert-error" role="alert">
  <p class="alert-title">${doing ? `${doing} failed` : 'The request failed'}: <code>${e.code}</code></p>
  <p>${e.message}</p>
</div>`;
}

export function pageHeader(title: Renderable, options: { description?: Renderable; actions?: Renderable; badge?: Renderable } = {}): Html {
  return html`<div class="page-header">
  <div><h1>${title} ${options.badge ?? ''}</h1>${options.description ? html`<p class="lead">${options.description}</p>` : ''}</div>
  ${options.actions ? html`<div class="actions">${options.actions}</div>` : ''}
</div>`;
}

export function panel(title: Renderable, body: Renderable, options: { actions?: Renderable; id?: string; level?: 2 | 3 } = {}): Html {
  const id = options.id ?? `panel-${String(title).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const heading = options.level === 3 ? html`<h3 id="${id}">${title}</h3>` : html`<h2 id="${id}">${title}</h2>`;
  return html`<section class="panel" aria-labelledby="${id}">
  <div class="panel-header">${heading}${options.actions ? html`<div class="actions">${options.actions}</div>` : ''}</div>
  <div class="panel-body">${body}</div>
</section>`;
}

export function table(caption: string, headers: Renderable[], rows: Renderable[][], empty = 'None.'): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="table-wrap"><table>
  <caption class="visually-hidden">${caption}</caption>
  <thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
  <tbody>${rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>`)}</tbody>
</table></div>`;
}

export function details(pairs: [string, Renderable][]): Html {
  return html`<dl class="details">${pairs.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v === undefined || v === null || v === '' ? '—' : v}</dd></div>`)}</dl>`;
}

export function badge(text: string, kind: 'slr' | 'ok' | 'warn' | 'bad' | 'neutral' = 'neutral'): Html {
  return html`<span class="badge badge-${kind}">${text}</span>`;
}

/**
 * A destructive action behind a confirmation: a button opening a modal dialog (a link to the same
 * form on its own page without JavaScript) whose form asks to type `word` before the final button.
 */
export function confirmAction(options: {
  session: ConsoleSession;
  id: string;
  openLabel: string;
  /** The page showing the same form without JavaScript. */
  fallbackHref: string;
  form: Html;
}): Html {
  return html`<a class="button danger" href="${options.fallbackHref}" data-dialog="${options.id}" role="button">${options.openLabel}</a>
<dialog id="${options.id}" aria-labelledby="${options.id}-title" class="dialog">${options.form}</dialog>`;
}

/** The form inside a confirmation dialog (and on its fallback page). */
export function confirmForm(options: {
  session: ConsoleSession;
  id: string;
  title: string;
  action: string;
  message: Renderable;
  /** What must be typed; undefined for a plain confirmation. */
  word?: string;
  label?: string;
  submitLabel: string;
  hidden?: Record<string, string>;
  cancelHref: string;
  error?: string;
}): Html {
  const inputId = `${options.id}-confirm`;
  return html`<form method="post" action="${options.action}" class="confirm-form"${options.word !== undefined ? html` data-confirm-word="${options.word}"` : ''}>
  ${csrf(options.session)}
  ${Object.entries(options.hidden ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
  <h2 id="${options.id}-title">${options.title}</h2>
  <div class="dialog-message">${options.message}</div>
  ${options.error ? alert('error', options.error) : ''}
  ${options.word !== undefined
    ? html`<label for="${inputId}">${options.label ?? raw(`To confirm, type <strong>${escapeAttr(options.word)}</strong> in the field.`)}</label>
  <input id="${inputId}" name="confirm" type="text" autocomplete="off" spellcheck="false" required placeholder="${options.word}">`
    : ''}
  <div class="dialog-actions">
    <a class="button ghost" href="${options.cancelHref}" data-close-dialog>Cancel</a>
    <button type="submit" class="button danger"${options.word !== undefined ? raw(' data-confirm-submit') : ''}>${options.submitLabel}</button>
  </div>
</form>`;
}

function escapeAttr(text: string): string {
  return join([text]).value;
}
