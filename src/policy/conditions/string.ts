// String operators: StringEquals, StringLike (with `*` and `?`), and their case-insensitive forms.
// Values compare case-sensitively unless the operator says IgnoreCase.
import { compileGlobTemplate, resolveGlobTemplate, type GlobTemplate } from '../arn.js';
import { compileGlob, globFromAtoms, globMatches, type Glob } from '../glob.js';
import { asString, type OperatorFamily } from './family.js';

export const stringEquals: OperatorFamily<string, string> = {
  parsePolicyValue: asString,
  parseRequestValue: asString,
  matches: (requestValue, policyValue) => requestValue === policyValue,
};

export const stringEqualsIgnoreCase: OperatorFamily<string, string> = {
  parsePolicyValue: (text) => text.toLowerCase(),
  parseRequestValue: (text) => text.toLowerCase(),
  matches: (requestValue, policyValue) => requestValue === policyValue,
};

export const stringLike: OperatorFamily<string, Glob> = {
  parsePolicyValue: compileGlob,
  compilePolicyTemplate: compileGlobTemplate,
  resolvePolicyTemplate: (compiled: Glob | GlobTemplate, view) => {
    if ('kind' in compiled) return compiled;
    const atoms = resolveGlobTemplate(compiled, view);
    return atoms && globFromAtoms(atoms);
  },
  parseRequestValue: asString,
  matches: (requestValue, glob) => globMatches(glob, requestValue),
};
