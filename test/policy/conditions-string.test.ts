import { describe, test } from 'node:test';
import { checkConditionTable } from './support/helpers.js';

describe('String condition operators', () => {
  checkConditionTable({ test }, [
    ['StringEquals', 'aws:PrincipalTag/team', 'red', 'red', true],
    ['StringEquals', 'aws:PrincipalTag/team', 'red', 'Red', false],
    ['StringEquals', 'aws:PrincipalTag/team', ['blue', 'red'], 'red', true],
    ['StringEquals', 'aws:PrincipalTag/team', 'red', undefined, false],
    ['StringEquals', 'aws:PrincipalTag/team', 'r*', 'red', false],
    // A plain operator never matches a key with several values.
    ['StringEquals', 'aws:PrincipalTag/team', 'red', ['red', 'blue'], false],
    ['StringNotEquals', 'aws:PrincipalTag/team', 'red', 'blue', true],
    ['StringNotEquals', 'aws:PrincipalTag/team', ['blue', 'red'], 'red', false],
    ['StringNotEquals', 'aws:PrincipalTag/team', 'red', undefined, true],
    ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'RED', 'red', true],
    ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'RED', 'reed', false],
    ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', 'RED', 'red', false],
    ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', 'RED', 'blue', true],
    ['StringLike', 's3:prefix', 'home/*', 'home/alice/x', true],
    ['StringLike', 's3:prefix', 'home/*', 'Home/alice', false],
    ['StringLike', 's3:prefix', 'home/?', 'home/a', true],
    ['StringLike', 's3:prefix', 'home/?', 'home/ab', false],
    ['StringLike', 's3:prefix', '*a*b*', 'xxaxxbxx', true],
    ['StringLike', 's3:prefix', '*a*b', 'xxaxxbxx', false],
    ['StringLike', 's3:prefix', '', '', true],
    ['StringNotLike', 's3:prefix', 'home/*', 'etc/passwd', true],
    ['StringNotLike', 's3:prefix', ['etc/*', 'home/*'], 'home/x', false],
    ['StringNotLike', 's3:prefix', 'home/*', undefined, true],
    // Key names compare case-insensitively.
    ['StringEquals', 'AWS:PRINCIPALTAG/TEAM', 'red', 'red', true],
    // Numbers and booleans in policies are compared as text.
    ['StringEquals', 'aws:PrincipalTag/level', 5, '5', true],
    ['StringEquals', 'aws:PrincipalTag/flag', true, 'true', true],
    ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'red', undefined, true],
    ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'red', 'blue', false],
    ['StringLikeIfExists', 'aws:PrincipalTag/team', 'r*', 'red', true],
  ]);
});
