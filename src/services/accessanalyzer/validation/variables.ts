// The syntax of policy variables where policies take them (Resource, NotResource and condition values,
// in Version 2012-10-17 documents): `${` closed by `}`, a name without spaces, a default value in single
// quotes after a comma (`${aws:PrincipalTag/team, 'company-wide'}`). The engine reads a malformed
// variable as literal text (src/policy/variables.ts); here it is a finding.
import type { JsonNode } from '../../../policy/index.js';
import type { CheckContext } from './context.js';
import type { Segment } from './locations.js';
import type { PolicyModel } from './model.js';

export function checkVariables(ctx: CheckContext, policy: PolicyModel): void {
  if (policy.version !== '2012-10-17') return;
  for (const statement of policy.statements) {
    for (const element of [statement.resource, statement.notResource]) {
      for (const item of element?.items ?? []) checkText(ctx, item.value, item.path, item.node);
    }
    const condition = statement.condition?.value;
    if (condition?.type !== 'object') continue;
    for (const block of condition.entries) {
      if (block.value.type !== 'object') continue;
      for (const entry of block.value.entries) {
        const path = [...statement.path, 'Condition', block.key, entry.key];
        const values: [JsonNode, Segment[]][] = entry.value.type === 'array' ? entry.value.items.map((n, i) => [n, [...path, i]]) : [[entry.value, path]];
        for (const [node, at] of values) if (node.type === 'string') checkText(ctx, node.value as string, at, node);
      }
    }
  }
}

function checkText(ctx: CheckContext, text: string, path: Segment[], node: JsonNode): void {
  const codes = new Set<string>();
  for (let open = text.indexOf('${'); open >= 0; open = text.indexOf('${', open + 2)) {
    const close = text.indexOf('}', open + 2);
    if (close < 0) {
      codes.add('MISSING_BRACE_IN_VARIABLE');
      break;
    }
    const inner = text.slice(open + 2, close);
    const comma = inner.indexOf(',');
    const name = comma < 0 ? inner : inner.slice(0, comma);
    if (inner.trim() === '') codes.add('EMPTY_VARIABLE');
    else if (/\s/.test(name)) codes.add('UNSUPPORTED_SPACE_IN_VARIABLE');
    if (comma >= 0) {
      const fallback = inner.slice(comma + 1).trim();
      if (fallback.length < 2 || !fallback.startsWith("'") || !fallback.endsWith("'")) codes.add('MISSING_QUOTE_IN_VARIABLE');
    }
    open = close - 1;
  }
  for (const code of codes) ctx.report(code, [ctx.at(path, node)]);
}
