import { describe, test } from 'node:test';
import { checkConditionTable } from './support/helpers.js';

describe('Numeric condition operators', () => {
  checkConditionTable({ test }, [
    ['NumericEquals', 's3:max-keys', '10', '10', true],
    ['NumericEquals', 's3:max-keys', '10', '10.0', true],
    ['NumericEquals', 's3:max-keys', 10, '11', false],
    ['NumericEquals', 's3:max-keys', '10', 'ten', false],
    ['NumericEquals', 's3:max-keys', 'ten', 'ten', false],
    ['NumericEquals', 's3:max-keys', '10', undefined, false],
    ['NumericNotEquals', 's3:max-keys', '10', '11', true],
    ['NumericNotEquals', 's3:max-keys', ['10', '11'], '11', false],
    ['NumericNotEquals', 's3:max-keys', '10', undefined, true],
    ['NumericLessThan', 's3:max-keys', '10', '9', true],
    ['NumericLessThan', 's3:max-keys', '10', '10', false],
    ['NumericLessThanEquals', 's3:max-keys', '10', '10', true],
    ['NumericLessThanEquals', 's3:max-keys', '10', '10.5', false],
    ['NumericGreaterThan', 's3:max-keys', '10', '10.5', true],
    ['NumericGreaterThan', 's3:max-keys', '-1', '-2', false],
    ['NumericGreaterThanEquals', 's3:max-keys', '10', '10', true],
    ['NumericGreaterThanEquals', 's3:max-keys', ['100', '10'], '50', true],
    ['NumericLessThanIfExists', 'aws:MultiFactorAuthAge', '3600', undefined, true],
    ['NumericLessThanIfExists', 'aws:MultiFactorAuthAge', '3600', '7200', false],
  ]);
});
