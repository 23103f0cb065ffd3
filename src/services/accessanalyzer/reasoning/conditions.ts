// One condition as a formula over the request's context, mirroring src/policy/conditions/condition.ts:
// absent keys, IfExists, single values against lists, ForAllValues / ForAnyValue, negated operators,
// Null, and each operator family: strings (exact; Like as a regex), numbers and dates (as Z3 reals),
// IP ranges (as bit-vector prefixes), Bool, ARNs (segment regexes). What is approximated (docs/insight.md):
// IgnoreCase operators, BinaryEquals, numbers and dates AWS writes in exponent form, and values with
// policy variables, each by SymbolicRequest.approximate, which loses no request.
import type ipaddr from 'ipaddr.js';
import type { ArnPattern } from '../../../policy/arn.js';
import type { CompiledCondition, PolicyValue } from '../../../policy/conditions/condition.js';
import { SetOperator } from '../../../policy/conditions/operators.js';
import type { Glob } from '../../../policy/glob.js';
import type { ContextKey, SymbolicRequest, ValueSlot } from './request.js';
import { KeyShape } from './request.js';
import type { Formula } from './solver.js';

export function conditionFormula(condition: CompiledCondition, request: SymbolicRequest): Formula {
  const z = request.z;
  const key = request.key(condition.keyLower);
  const operator = condition.operator;
  if (!operator.base.family) {
    // Null: "true" holds when the key is absent, "false" when present; other texts never.
    const options = condition.values.flatMap((v) =>
      v.parsed === true ? [key.isShape(KeyShape.Absent)] : v.parsed === false ? [z.Not(key.isShape(KeyShape.Absent))] : [],
    );
    return or(request, options);
  }
  const whenAbsent = operator.set === SetOperator.ForAllValues || operator.ifExists || (operator.set === SetOperator.None && operator.base.negated);
  const single = satisfies(condition, key, 0, request);
  let list: Formula;
  if (operator.set === SetOperator.None) list = z.Bool.val(false);
  else if (operator.set === SetOperator.ForAllValues) {
    list = z.And(...key.slots.map((slot, i) => z.Implies(slot.present, satisfies(condition, key, i, request))));
  } else list = or(request, key.slots.map((slot, i) => z.And(slot.present, satisfies(condition, key, i, request))));
  return z.Or(
    z.And(key.isShape(KeyShape.Absent), z.Bool.val(whenAbsent)),
    z.And(key.isShape(KeyShape.Single), single),
    z.And(key.isShape(KeyShape.List), list),
  );
}

/** The lowercased keys a condition reads with a set operator (each needs a list slot of its own). */
export function setOperatorKey(condition: CompiledCondition): string | undefined {
  return condition.operator.set === SetOperator.None || !condition.operator.base.family ? undefined : condition.keyLower;
}

// valueSatisfies of the engine: the value must be of the family's type, then some policy value matches
// (none, for a negated operator).
function satisfies(condition: CompiledCondition, key: ContextKey, index: number, request: SymbolicRequest): Formula {
  const z = request.z;
  const slot = key.slots[index];
  const family = familyOf(condition.operator.base.name);
  const matches = condition.values.map((value, v) => {
    const id = `${key.keyLower}[${index}] ${condition.operatorName} #${v} ${JSON.stringify(value.text)}`;
    if (value.template) return request.approximate(`variables ${id}`);
    if (value.parsed === undefined) return z.Bool.val(false);
    return valueMatches(family, condition.operator.base.name, slot, value, request, id);
  });
  const matched = or(request, matches);
  return z.And(requestValueOk(family, slot, request), condition.operator.base.negated ? z.Not(matched) : matched);
}

type Family = 'string' | 'stringIgnoreCase' | 'like' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn';

function familyOf(name: string): Family {
  if (name === 'StringEquals' || name === 'StringNotEquals') return 'string';
  if (name.startsWith('String') && name.endsWith('IgnoreCase')) return 'stringIgnoreCase';
  if (name.startsWith('String')) return 'like';
  if (name.startsWith('Numeric')) return 'numeric';
  if (name.startsWith('Date')) return 'date';
  if (name === 'Bool') return 'bool';
  if (name === 'BinaryEquals') return 'binary';
  if (name.endsWith('IpAddress')) return 'ip';
  return 'arn';
}

/** Does the request value parse as the family's type (the engine's parseRequestValue)? */
function requestValueOk(family: Family, slot: ValueSlot, request: SymbolicRequest): Formula {
  const z = request.z;
  switch (family) {
    case 'numeric':
      return slot.number().ok;
    case 'date':
      return slot.date().ok;
    case 'ip':
      return slot.ip().ok;
    case 'bool':
      return z.Or(...[...caseVariants('true'), ...caseVariants('false')].map((text) => request.equals(slot.text, text)));
    default:
      // Strings and ARNs take any text (a text that is no ARN matches no ARN pattern); binary values
      // are decided whole by their approximation.
      return z.Bool.val(true);
  }
}

function valueMatches(family: Family, operatorName: string, slot: ValueSlot, value: PolicyValue, request: SymbolicRequest, id: string): Formula {
  const z = request.z;
  const patterns = request.patterns;
  switch (family) {
    case 'string':
      return request.equals(slot.text, value.parsed as string);
    case 'like':
      return request.glob(slot.text, (value.parsed as Glob).atoms);
    case 'stringIgnoreCase': {
      // toLowerCase reaches beyond ASCII (the Kelvin sign is a `k`): the ASCII foldings surely match,
      // others are left to the approximation.
      const lower = value.parsed as string;
      return request.approximate(`ignore-case ${id}`, request.inRe(slot.text, patterns.caseless(lower)));
    }
    case 'bool':
      return z.Or(...caseVariants(String(value.parsed)).map((text) => request.equals(slot.text, text)));
    case 'binary':
      // Equal texts decode alike; equal bytes written differently are left to the approximation.
      return request.approximate(`binary ${id}`, request.equals(slot.text, value.text));
    case 'numeric':
    case 'date': {
      const policy = value.parsed as number;
      const real = exactReal(policy);
      if (real === undefined) return request.approximate(`${family} ${id}`);
      const read = family === 'numeric' ? slot.number().value : slot.date().value;
      const bound = z.Real.val(real);
      const relation = operatorName.replace(/^(Numeric|Date)(Not)?/, '');
      if (relation === 'Equals') return read.eq(bound);
      if (relation === 'LessThan') return read.lt(bound);
      if (relation === 'LessThanEquals') return read.le(bound);
      if (relation === 'GreaterThan') return read.gt(bound);
      return read.ge(bound);
    }
    case 'ip':
      return ipMatches(slot, value.parsed as [ipaddr.IPv4 | ipaddr.IPv6, number], request);
    case 'arn': {
      const pattern = value.parsed as ArnPattern;
      if (!pattern.segments) return z.Bool.val(false);
      return request.arn(slot.text, pattern.segments);
    }
  }
}

/** A JavaScript number as an exact decimal Z3 reads, or undefined (non-finite, exponent form). */
function exactReal(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text) ? text : undefined;
}

function ipMatches(slot: ValueSlot, range: [ipaddr.IPv4 | ipaddr.IPv6, number], request: SymbolicRequest): Formula {
  const z = request.z;
  const [address, prefix] = range;
  const v4 = address.kind() === 'ipv4';
  const width = v4 ? 32 : 128;
  const ip = slot.ip();
  const kind = v4 ? ip.v4 : z.Not(ip.v4);
  if (prefix <= 0) return kind;
  let bits = 0n;
  for (const byte of address.toByteArray()) bits = (bits << 8n) | BigInt(byte);
  const high = width - 1;
  const low = width - prefix;
  const expected = bits >> BigInt(low);
  return z.And(kind, ip.bits.extract(high, low).eq(z.BitVec.val(expected, prefix)));
}

function or(request: SymbolicRequest, formulas: Formula[]): Formula {
  const z = request.z;
  return formulas.length === 0 ? z.Bool.val(false) : formulas.length === 1 ? formulas[0] : z.Or(...formulas);
}

/** Every ASCII letter-case spelling of the text (`true`, `True`, ... `TRUE`): Bool's request values. */
export function caseVariants(text: string): string[] {
  let variants = [''];
  for (const c of text) {
    const spellings = c.toLowerCase() === c.toUpperCase() ? [c] : [c.toLowerCase(), c.toUpperCase()];
    variants = variants.flatMap((v) => spellings.map((s) => v + s));
  }
  return variants;
}
