// A picture of a service-linked role: the service that assumes it (and its resources that use the
// role), the role, the grants of its policies, and the resources those grants reach. Plain SVG with
// a text alternative beside it.
import { html, raw, escapeHtml, type Html } from './html.js';

export interface RoleGrant {
  policy: string;
  actions: string[];
  resources: string[];
  conditional: boolean;
}

export interface DiagramInput {
  roleName: string;
  servicePrincipal: string;
  grants: RoleGrant[];
  usage: { Region: string; Resources: string[] }[];
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function box(x: number, y: number, w: number, h: number, cls: string, lines: string[], title: string, maxChars: number): string {
  const text = lines
    .map((l, i) => `<text x="${x + 10}" y="${y + 20 + i * 16}" class="${i === 0 ? 'd-strong' : 'd-text'}">${escapeHtml(clip(l, maxChars))}</text>`)
    .join('');
  return `<g class="${cls}"><title>${escapeHtml(title)}</title><rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8"/>${text}</g>`;
}

function edge(x1: number, y1: number, x2: number, y2: number, dashed = false): string {
  const mx = (x1 + x2) / 2;
  return `<path d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" class="d-edge${dashed ? ' d-dashed' : ''}" marker-end="url(#arrow)"/>`;
}

let counter = 0;

export function roleDiagram(input: DiagramInput): Html {
  const id = `diagram-${++counter}`;
  const usageResources = input.usage.flatMap((u) => u.Resources.map((r) => `${u.Region}: ${r}`));
  const grants = input.grants;
  const resources = [...new Set(grants.flatMap((g) => g.resources))];
  const rowH = 58;
  const grantRows = Math.max(grants.length, 1);
  const height = Math.max(grantRows * rowH, resources.length * 44, 130 + Math.min(usageResources.length, 6) * 40) + 40;
  const col = { service: 10, role: 250, grant: 500, resource: 820 };
  const width = 1130;
  const roleY = height / 2 - 32;
  const parts: string[] = [];
  parts.push(box(col.service, 20, 200, 52, 'd-service', ['AWS service', input.servicePrincipal], input.servicePrincipal, 28));
  parts.push(edge(col.service + 200, 46, col.role, roleY + 32));
  parts.push(box(col.role, roleY, 210, 64, 'd-role', ['Service-linked role', input.roleName, 'assumed via sts:AssumeRole'], input.roleName, 28));
  if (usageResources.length > 0) {
    parts.push(`<text x="${col.service}" y="112" class="d-label">Resources using the role</text>`);
    usageResources.slice(0, 6).forEach((r, i) => {
      const y = 122 + i * 40;
      parts.push(box(col.service, y, 200, 32, 'd-usage', [r.split(':').slice(0, 1)[0] + ': ' + r.split('/').pop()], r, 28));
      parts.push(edge(col.service + 200, y + 16, col.role, roleY + 48, true));
    });
    if (usageResources.length > 6) parts.push(`<text x="${col.service}" y="${122 + 6 * 40 + 14}" class="d-text">and ${usageResources.length - 6} more</text>`);
  }
  const resourceY = new Map<string, number>();
  resources.forEach((r, i) => resourceY.set(r, 20 + i * 44));
  grants.forEach((g, i) => {
    const y = 20 + i * rowH;
    const actions = g.actions.join(', ');
    parts.push(edge(col.role + 210, roleY + 32, col.grant, y + 24));
    parts.push(box(col.grant, y, 280, 48, g.conditional ? 'd-grant d-conditional' : 'd-grant', [actions, `${g.policy}${g.conditional ? ' (with conditions)' : ''}`], `${g.policy}: ${actions}`, 40));
    for (const r of g.resources) parts.push(edge(col.grant + 280, y + 24, col.resource, resourceY.get(r)! + 16));
  });
  resources.forEach((r) => parts.push(box(col.resource, resourceY.get(r)!, 300, 32, 'd-resource', [r], r, 44)));
  parts.push(`<text x="${col.grant}" y="12" class="d-label">Grants</text><text x="${col.resource}" y="12" class="d-label">Resources reached</text>`);
  const svg = `<svg class="diagram" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" preserveAspectRatio="xMinYMin meet">
<title id="${id}-title">${escapeHtml(`${input.roleName}: assumed by ${input.servicePrincipal}`)}</title>
<desc id="${id}-desc">${escapeHtml(`${grants.length} grants reaching ${resources.length} resource patterns; ${usageResources.length} resources use the role.`)}</desc>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="d-arrow"/></marker></defs>
${parts.join('\n')}
</svg>`;
  return html`<figure class="diagram-figure">${raw(svg)}
<figcaption>
  <details><summary>The picture as text</summary>
  <p><code>${input.servicePrincipal}</code> assumes <code>${input.roleName}</code>.</p>
  <ul>${grants.map((g) => html`<li>${g.policy}: <code>${g.actions.join(', ')}</code> on ${g.resources.map((r, i) => html`${i > 0 ? ', ' : ''}<code>${r}</code>`)}${g.conditional ? ' (with conditions)' : ''}</li>`)}</ul>
  ${usageResources.length > 0 ? html`<p>Resources using the role:</p><ul>${usageResources.map((r) => html`<li><code>${r}</code></li>`)}</ul>` : html`<p>No resources use the role.</p>`}
  </details>
</figcaption></figure>`;
}
