import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJson, toPlain, JsonSyntaxError } from '../../src/policy/json.js';
import { parsePolicy } from '../../src/policy/index.js';

describe('The position-tracking JSON parser', () => {
  test('agrees with JSON.parse on valid JSON', () => {
    const texts = ['{}', '[]', '"a\\u00e9\\n"', '-1.5e3', '{"a":[1,true,null,{"b":"c"}]}', ' \n {"x" : "y"} \n'];
    for (const text of texts) assert.deepEqual(toPlain(parseJson(text)), JSON.parse(text));
  });
  test('rejects what JSON.parse rejects', () => {
    for (const text of ['', '{', '{"a":1,}', '[1,]', "{'a':1}", '01', '"\\x"', '{"a" 1}', 'tru', '"a', '{} x', 'NaN']) {
      assert.throws(() => parseJson(text), JsonSyntaxError, text);
      assert.throws(() => JSON.parse(text), SyntaxError, text);
    }
  });
  test('rejects duplicate keys, naming the path', () => {
    assert.throws(
      () => parseJson('{"Statement":[{"Sid":"a"},{"Sid":"b","Sid":"c"}]}'),
      (error: JsonSyntaxError) => JSON.stringify(error.duplicateKey) === JSON.stringify({ objectPath: ['Statement', 1], key: 'Sid' }),
    );
  });
  test('rejects documents nested beyond any policy', () => {
    assert.throws(() => parseJson('['.repeat(10_000) + ']'.repeat(10_000)), JsonSyntaxError);
  });
});

describe('Statement positions (for SimulateCustomPolicy StartPosition / EndPosition)', () => {
  test('each statement spans from its { to its }, 1-based', () => {
    const text = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},',
      '    {',
      '      "Effect": "Deny",',
      '      "Action": "s3:DeleteObject",',
      '      "Resource": "*"',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const result = parsePolicy(text, 'identity');
    assert.ok(result.ok);
    if (!result.ok) return;
    const [first, second] = result.policy.statements;
    assert.deepEqual([first.start, first.end], [{ line: 4, column: 5 }, { line: 4, column: 66 }]);
    assert.deepEqual([second.start, second.end], [{ line: 5, column: 5 }, { line: 9, column: 5 }]);
    assert.equal(result.policy.source, text);
  });
  test('an object document is laid out readably and positions refer to that text', () => {
    const result = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, 'identity');
    assert.ok(result.ok);
    if (!result.ok) return;
    const lines = result.policy.source.split('\n');
    const { start, end } = result.policy.statements[0];
    assert.equal(lines[start.line - 1][start.column - 1], '{');
    assert.equal(lines[end.line - 1][end.column - 1], '}');
  });
});
