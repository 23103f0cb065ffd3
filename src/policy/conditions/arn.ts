// ArnEquals and ArnLike (which AWS defines identically): each of the six ARN segments is matched on
// its own, with `*` and `?`. A request value that is not an ARN matches only a policy value that is not
// one either (`*`, or the same text).
import { ArnText, arnMatches, compileArnPattern, resolveArnPattern, type ArnPattern } from '../arn.js';
import type { OperatorFamily } from './family.js';

export const arnLike: OperatorFamily<ArnText, ArnPattern> = {
  parsePolicyValue: (text) => compileArnPattern(text),
  compilePolicyTemplate: (template) => compileArnPattern('', template),
  resolvePolicyTemplate: resolveArnPattern,
  parseRequestValue: (text) => new ArnText(text),
  matches: (arn, pattern) => arnMatches(pattern, arn),
};
