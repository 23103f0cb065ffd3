import { describe, test } from 'node:test';
import { checkConditionTable } from './support/helpers.js';

describe('ForAllValues and ForAnyValue', () => {
  checkConditionTable({ test }, [
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], ['a'], true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], ['a', 'b'], true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], ['a', 'c'], false],
    // Absent or empty: ForAllValues is true, ForAnyValue false.
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['a'], undefined, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['a'], [], true],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], undefined, false],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], [], false],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a', 'b'], ['c', 'b'], true],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a', 'b'], ['c', 'd'], false],
    // A single value is a set of one.
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], 'a', true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['a'], 'b', false],
    // Negated operators: each request value must match none of the policy values.
    ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], ['a', 'b'], true],
    ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], ['a', 'secret'], false],
    ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['secret'], ['a', 'secret'], true],
    ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['secret'], ['secret'], false],
    ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['secret'], undefined, false],
    ['ForAllValues:StringLike', 'aws:CalledVia', ['*.amazonaws.com'], ['athena.amazonaws.com', 'glue.amazonaws.com'], true],
    ['ForAllValues:StringLike', 'aws:CalledVia', ['*.amazonaws.com'], ['athena.amazonaws.com', 'example.com'], false],
    ['ForAnyValue:StringEqualsIgnoreCase', 'aws:TagKeys', ['Owner'], ['OWNER'], true],
    ['ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', ['a'], undefined, true],
    ['ForAllValues:NumericLessThan', 'example:Sizes', ['10'], ['1', '9'], true],
    ['ForAllValues:NumericLessThan', 'example:Sizes', ['10'], ['1', '19'], false],
    ['ForAnyValue:IpAddress', 'example:Addresses', ['10.0.0.0/8'], ['192.168.0.1', '10.2.3.4'], true],
  ]);
});
