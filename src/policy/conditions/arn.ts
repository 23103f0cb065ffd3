// ArnEquals and ArnLike (which AWS defines identically): each of the six ARN segments is matched on
// its own, with `*` and `?`. A value (policy or request) that is not an ARN of six segments never
// matches: unlike the Resource element, a lone `*` is no ARN here.
import { ArnText } from '../arn-text.js';
import { arnMatches, compileArnPattern, resolveArnPattern, type ArnPattern } from '../arn.js';
import type { OperatorFamily } from './family.js';

export const arnLike: OperatorFamily<ArnText, ArnPattern> = {
  parsePolicyValue: (text) => {
    const pattern = compileArnPattern(text);
    return pattern.whole ? undefined : pattern;
  },
  compilePolicyTemplate: (template) => compileArnPattern('', template),
  // resolveArnPattern leaves a template that is not six segments unresolvable: it never matches.
  resolvePolicyTemplate: resolveArnPattern,
  parseRequestValue: (text) => new ArnText(text),
  matches: (arn, pattern) => arnMatches(pattern, arn),
};
