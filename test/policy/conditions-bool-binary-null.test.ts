import { describe, test } from 'node:test';
import { checkConditionTable } from './support/helpers.js';

describe('Bool condition operator', () => {
  checkConditionTable({ test }, [
    ['Bool', 'aws:SecureTransport', 'true', 'true', true],
    ['Bool', 'aws:SecureTransport', true, 'true', true],
    ['Bool', 'aws:SecureTransport', 'true', 'TRUE', true],
    ['Bool', 'aws:SecureTransport', 'true', 'false', false],
    ['Bool', 'aws:SecureTransport', 'false', 'false', true],
    ['Bool', 'aws:SecureTransport', 'true', 'yes', false],
    ['Bool', 'aws:SecureTransport', 'true', undefined, false],
    ['BoolIfExists', 'aws:SecureTransport', 'true', undefined, true],
    ['BoolIfExists', 'aws:SecureTransport', 'true', 'false', false],
  ]);
});

describe('BinaryEquals condition operator', () => {
  checkConditionTable({ test }, [
    ['BinaryEquals', 'aws:SourceBinary', 'QmluYXJ5VmFsdWU=', 'QmluYXJ5VmFsdWU=', true],
    ['BinaryEquals', 'aws:SourceBinary', 'QmluYXJ5VmFsdWU=', 'QmluYXJ5VmFsdWF=', false],
    ['BinaryEquals', 'aws:SourceBinary', 'QmluYXJ5VmFsdWU=', 'not base64!', false],
    ['BinaryEquals', 'aws:SourceBinary', 'QmluYXJ5VmFsdWU=', undefined, false],
  ]);
});

describe('Null condition operator', () => {
  checkConditionTable({ test }, [
    ['Null', 'aws:TokenIssueTime', 'true', undefined, true],
    ['Null', 'aws:TokenIssueTime', 'true', '2024-01-01T00:00:00Z', false],
    ['Null', 'aws:TokenIssueTime', 'false', '2024-01-01T00:00:00Z', true],
    ['Null', 'aws:TokenIssueTime', false, undefined, false],
    ['Null', 'aws:TagKeys', 'false', ['a', 'b'], true],
    // An empty list is no value at all.
    ['Null', 'aws:TagKeys', 'true', [], true],
  ]);
});
