// Checks a decoded input against its model shape: required members, string and list lengths,
// numeric ranges, patterns and enums, with AWS's constraint texts.
import { type ConstraintViolation } from './errors.js';
import { shapeOf, type ServiceModel, type Shape } from './model.js';

const patternCache = new Map<string, RegExp | null>();

function compilePattern(pattern: string): RegExp | null {
  if (!patternCache.has(pattern)) {
    // AWS patterns are Java regexes matched against the whole value.
    let compiled: RegExp | null = null;
    for (const flags of ['u', '']) {
      try {
        compiled = new RegExp(`^(?:${pattern})$`, flags);
        break;
      } catch {
        /* try without the unicode flag */
      }
    }
    patternCache.set(pattern, compiled);
  }
  return patternCache.get(pattern) ?? null;
}

function lcFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function validateShape(model: ServiceModel, shape: Shape, value: unknown, path: string, out: ConstraintViolation[]): void {
  if (value === undefined || value === null) return;
  switch (shape.type) {
    case 'structure': {
      const record = value as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (record[name] === undefined || record[name] === null) {
          out.push({ path: join(path, name), value: null, constraint: 'Member must not be null' });
        }
      }
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (record[name] !== undefined) validateShape(model, shapeOf(model, ref), record[name], join(path, name), out);
      }
      return;
    }
    case 'list': {
      const list = value as unknown[];
      checkLength(shape, list.length, list, path, out);
      const memberShape = shapeOf(model, shape.member!);
      list.forEach((item, i) => validateShape(model, memberShape, item, `${path}.${i + 1}.member`, out));
      return;
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      checkLength(shape, entries.length, value, path, out);
      const keyShape = shapeOf(model, shape.key!);
      const valueShape = shapeOf(model, shape.value!);
      for (const [k, v] of entries) {
        validateShape(model, keyShape, k, `${path}.key`, out);
        validateShape(model, valueShape, v, `${path}.${k}.member`, out);
      }
      return;
    }
    case 'string': {
      const text = String(value);
      checkLength(shape, [...text].length, text, path, out);
      if (shape.enum && !shape.enum.includes(text)) {
        out.push({ path, value: text, constraint: `Member must satisfy enum value set: [${shape.enum.join(', ')}]` });
      } else if (shape.pattern) {
        const regex = compilePattern(shape.pattern);
        if (regex && !regex.test(text)) {
          out.push({ path, value: text, constraint: `Member must satisfy regular expression pattern: ${shape.pattern}` });
        }
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const n = value as number;
      if (shape.min !== undefined && n < shape.min) {
        out.push({ path, value: n, constraint: `Member must have value greater than or equal to ${shape.min}` });
      }
      if (shape.max !== undefined && n > shape.max) {
        out.push({ path, value: n, constraint: `Member must have value less than or equal to ${shape.max}` });
      }
      return;
    }
    default:
      return;
  }
}

function checkLength(shape: Shape, length: number, value: unknown, path: string, out: ConstraintViolation[]): void {
  if (shape.min !== undefined && length < shape.min) {
    out.push({ path, value, constraint: `Member must have length greater than or equal to ${shape.min}` });
  }
  if (shape.max !== undefined && length > shape.max) {
    out.push({ path, value, constraint: `Member must have length less than or equal to ${shape.max}` });
  }
}

function join(path: string, member: string): string {
  return path ? `${path}.${lcFirst(member)}` : lcFirst(member);
}
