// HTML templates with escaping by default: `html` tagged templates escape every interpolated value
// unless it is already Html (another template, or `raw` for trusted markup written in this module).

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Renderable = Html | string | number | boolean | null | undefined | Renderable[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(value: Renderable): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Markup this module trusts as is (never user input). */
export function raw(markup: string): Html {
  return new Html(markup);
}

export function join(items: Renderable[], separator: Renderable = ''): Html {
  return new Html(items.map(render).join(render(separator)));
}

/** A URL path segment, encoded. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/** A query string from defined values. */
export function qs(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, v);
  const s = search.toString();
  return s ? `?${s}` : '';
}

export function formatDate(value: Date | string | number | undefined): string {
  if (value === undefined || value === null || value === '') return '—';
  // REST-JSON timestamps arrive as epoch seconds from the extension APIs.
  const date = typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : typeof value === 'string' ? new Date(value) : value;
  if (!(date instanceof Date)) return String(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
