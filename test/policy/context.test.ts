import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conditionHolds } from './support/helpers.js';

describe('Request context lookups', () => {
  // Small contexts are scanned, large ones indexed: both must find keys whatever their case.
  for (const size of [1, 6, 7, 40]) {
    test(`a context of ${size} keys: keys compare case-insensitively`, () => {
      const context: Record<string, string | string[]> = {};
      for (let i = 1; i < size; i++) context[`example:Key${i}`] = `v${i}`;
      context['AWS:PrincipalTag/Team'] = 'red';
      assert.equal(conditionHolds({ StringEquals: { 'aws:principaltag/team': 'red' } }, context), true);
      assert.equal(conditionHolds({ StringEquals: { 'aws:PrincipalTag/Team': 'blue' } }, context), false);
      assert.equal(conditionHolds({ Null: { 'example:absent': 'true' } }, context), true);
      if (size > 1) assert.equal(conditionHolds({ StringEquals: { 'EXAMPLE:KEY1': 'v1' } }, context), true);
    });
  }
  test('an empty list is an absent key', () => {
    const context: Record<string, string[]> = { 'aws:TagKeys': [] };
    for (let i = 0; i < 10; i++) context[`example:k${i}`] = ['x'];
    assert.equal(conditionHolds({ Null: { 'aws:TagKeys': 'true' } }, context), true);
    assert.equal(conditionHolds({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' } }, context), false);
  });
});
