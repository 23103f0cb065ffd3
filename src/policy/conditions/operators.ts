// The table of condition operators and the parsing of an operator name: an optional set prefix
// (`ForAllValues:` / `ForAnyValue:`), a base operator, an optional `IfExists` suffix. Names compare
// case-insensitively.
import { arnLike } from './arn.js';
import { binaryEquals } from './binary.js';
import { bool } from './bool.js';
import * as date from './date.js';
import type { OperatorFamily } from './family.js';
import { ipAddress } from './ip.js';
import * as numeric from './numeric.js';
import * as string from './string.js';

export interface BaseOperator {
  /** AWS's spelling, e.g. `StringNotEquals`. */
  readonly name: string;
  /** For Null, undefined: it tests presence only. */
  readonly family: OperatorFamily | undefined;
  /** Negated operators (StringNotEquals...) are true when no policy value matches (NOR). */
  readonly negated: boolean;
}

export const enum SetOperator {
  None,
  ForAllValues,
  ForAnyValue,
}

export interface ConditionOperator {
  readonly base: BaseOperator;
  readonly set: SetOperator;
  readonly ifExists: boolean;
}

const table: [string, OperatorFamily | undefined, boolean][] = [
  ['StringEquals', string.stringEquals, false],
  ['StringNotEquals', string.stringEquals, true],
  ['StringEqualsIgnoreCase', string.stringEqualsIgnoreCase, false],
  ['StringNotEqualsIgnoreCase', string.stringEqualsIgnoreCase, true],
  ['StringLike', string.stringLike, false],
  ['StringNotLike', string.stringLike, true],
  ['NumericEquals', numeric.numericEquals, false],
  ['NumericNotEquals', numeric.numericEquals, true],
  ['NumericLessThan', numeric.numericLessThan, false],
  ['NumericLessThanEquals', numeric.numericLessThanEquals, false],
  ['NumericGreaterThan', numeric.numericGreaterThan, false],
  ['NumericGreaterThanEquals', numeric.numericGreaterThanEquals, false],
  ['DateEquals', date.dateEquals, false],
  ['DateNotEquals', date.dateEquals, true],
  ['DateLessThan', date.dateLessThan, false],
  ['DateLessThanEquals', date.dateLessThanEquals, false],
  ['DateGreaterThan', date.dateGreaterThan, false],
  ['DateGreaterThanEquals', date.dateGreaterThanEquals, false],
  ['Bool', bool, false],
  ['BinaryEquals', binaryEquals, false],
  ['IpAddress', ipAddress, false],
  ['NotIpAddress', ipAddress, true],
  ['ArnEquals', arnLike, false],
  ['ArnLike', arnLike, false],
  ['ArnNotEquals', arnLike, true],
  ['ArnNotLike', arnLike, true],
  ['Null', undefined, false],
];

const baseOperators = new Map<string, BaseOperator>(
  table.map(([name, family, negated]) => [name.toLowerCase(), { name, family, negated }]),
);

export const operatorNames: readonly string[] = table.map(([name]) => name);

/** The operator, or undefined when the name is not one AWS defines. */
export function parseOperator(name: string): ConditionOperator | undefined {
  let rest = name.toLowerCase();
  let set = SetOperator.None;
  if (rest.startsWith('forallvalues:')) {
    set = SetOperator.ForAllValues;
    rest = rest.slice('forallvalues:'.length);
  } else if (rest.startsWith('foranyvalue:')) {
    set = SetOperator.ForAnyValue;
    rest = rest.slice('foranyvalue:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = baseOperators.get(rest);
  // Null tests presence; "NullIfExists" means nothing and AWS rejects it.
  if (!base || (ifExists && base.family === undefined)) return undefined;
  return { base, set, ifExists };
}
