// Policy documents as readable, highlighted JSON: the source is tokenized (keeping each token's
// offset in the original text), printed with indentation, and the tokens inside given source ranges
// (the statement that decided, by its engine positions) are marked. Works for any formatting of the
// stored document, minified or not.
import { html, raw, escapeHtml, type Html } from './html.js';

interface Token {
  kind: 'punct' | 'string' | 'number' | 'literal';
  text: string;
  offset: number;
}

export interface SourceRange {
  /** 1-based line and column, as the policy engine reports statement positions. */
  start: { line: number; column: number };
  end: { line: number; column: number };
}

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if ('{}[]:,'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, offset: i });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') j += source[j] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', text: source.slice(i, j + 1), offset: i });
      i = j + 1;
    } else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(source.slice(i));
      if (!m) return undefined;
      tokens.push({ kind: /\d/.test(m[0][0]) || m[0][0] === '-' ? 'number' : 'literal', text: m[0], offset: i });
      i += m[0].length;
    }
  }
  return tokens;
}

function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) return source.length;
    offset = next + 1;
  }
  return offset + column - 1;
}

/** The document decoded when IAM returned it URL-encoded (GetRolePolicy, GetPolicyVersion). */
export function decodePolicyDocument(document: string | undefined): string {
  if (!document) return '';
  if (document.trimStart().startsWith('{')) return document;
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}

export function jsonView(source: string, options: { highlight?: SourceRange[]; label?: string } = {}): Html {
  const tokens = tokenize(source);
  if (!tokens) return html`<pre class="json" tabindex="0">${source}</pre>`;
  const ranges = (options.highlight ?? []).map((r) => [offsetOf(source, r.start.line, r.start.column), offsetOf(source, r.end.line, r.end.column)] as const);
  const marked = (t: Token) => ranges.some(([a, b]) => t.offset >= a && t.offset <= b);
  const lines: { indent: number; parts: string[]; mark: boolean }[] = [];
  let indent = 0;
  let line = { indent: 0, parts: [] as string[], mark: false };
  const newline = () => {
    if (line.parts.length > 0) lines.push(line);
    line = { indent, parts: [], mark: false };
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const next = tokens[k + 1];
    const isMarked = marked(t);
    if (isMarked) line.mark = true;
    if (t.text === '{' || t.text === '[') {
      const empty = next && ((t.text === '{' && next.text === '}') || (t.text === '[' && next.text === ']'));
      if (empty) {
        line.parts.push(`<span class="j-p">${t.text}${next.text}</span>`);
        k++;
        continue;
      }
      line.parts.push(`<span class="j-p">${t.text}</span>`);
      indent++;
      newline();
    } else if (t.text === '}' || t.text === ']') {
      indent--;
      newline();
      line.indent = indent;
      if (isMarked) line.mark = true;
      line.parts.push(`<span class="j-p">${t.text}</span>`);
    } else if (t.text === ',') {
      line.parts.push('<span class="j-p">,</span>');
      newline();
    } else if (t.text === ':') {
      line.parts.push('<span class="j-p">: </span>');
    } else {
      const isKey = next?.text === ':';
      const cls = t.kind === 'string' ? (isKey ? 'j-k' : 'j-s') : t.kind === 'number' ? 'j-n' : 'j-l';
      line.parts.push(`<span class="${cls}">${escapeHtml(t.text)}</span>`);
    }
  }
  newline();
  const body = lines
    .map((l, n) => `<span class="j-line${l.mark ? ' j-mark' : ''}"><span class="j-no" aria-hidden="true">${n + 1}</span>${'  '.repeat(Math.max(0, l.indent))}${l.parts.join('')}</span>`)
    .join('');
  return html`<pre class="json" tabindex="0"${options.label ? html` aria-label="${options.label}"` : ''}>${raw(body)}</pre>`;
}
