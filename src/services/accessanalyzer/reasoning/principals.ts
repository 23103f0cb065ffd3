// The Principal / NotPrincipal element as a formula over the request's principal, mirroring
// src/policy/principal.ts: `*`; an AWS ARN exactly; an account (`123456789012` or its root ARN) by the
// principal ARN's account segment; a role ARN by the role or any session of it, whatever its path; a
// service principal (a host name, no ARN) only by Service or Federated. NotPrincipal (Deny only) lists
// exactly: the ARN itself, an account's root alone.
import type { PrincipalMatcher } from '../../../policy/principal.js';
import { isServicePrincipal } from '../../../policy/request.js';
import type { SymbolicRequest } from './request.js';
import type { Formula } from './solver.js';

/** Does the Principal element name the request's principal (in any of the engine's ways)? */
export function principalMatches(matcher: PrincipalMatcher, request: SymbolicRequest): Formula {
  const z = request.z;
  if (matcher.any) return z.Bool.val(true);
  // Every value but `*` is an account, an ARN with its account (each of which the document names, so
  // not the outsider's), a service or a federated provider (no IAM ARN).
  if (request.outsider) return z.Bool.val(false);
  const p = request.principal;
  const options: Formula[] = [];
  for (const value of matcher.services) if (isServicePrincipal(value)) options.push(request.equals(p, value));
  for (const value of matcher.others) options.push(request.equals(p, value));
  for (const value of matcher.arns) if (!isServicePrincipal(value)) options.push(request.equals(p, value));
  const patterns = request.patterns;
  for (const role of matcher.roles) {
    const [account, name] = splitRole(role);
    // arn:P:iam::ACCOUNT:role/(PATH/)NAME, or arn:P:sts::ACCOUNT:assumed-role/NAME/SESSION.
    const nonEmptySegment = z.Plus(patterns.segmentChar);
    const roleArn = patterns.concat(
      patterns.literal('arn:'), nonEmptySegment, patterns.literal(`:iam::${account}:role/`),
      z.Option(patterns.concat(z.Star(patterns.dot), patterns.literal('/'))), patterns.literal(name),
    );
    // The session name is `[^/]+`: line terminators included.
    const notSlash = z.Diff(patterns.anyChar, patterns.literal('/'));
    const sessionArn = patterns.concat(
      patterns.literal('arn:'), nonEmptySegment, patterns.literal(`:sts::${account}:assumed-role/${name}/`), z.Plus(notSlash),
    );
    options.push(request.inRe(p, patterns.union([roleArn, sessionArn])));
  }
  for (const account of matcher.accounts) options.push(request.inRe(p, accountArn(request, account)));
  return options.length === 0 ? z.Bool.val(false) : z.Or(...options);
}

/** Does NotPrincipal list the request's principal (which its Deny then exempts)? */
export function principalListed(matcher: PrincipalMatcher, request: SymbolicRequest): Formula {
  const z = request.z;
  if (matcher.any) return z.Bool.val(true);
  if (request.outsider) return z.Bool.val(false);
  const p = request.principal;
  const patterns = request.patterns;
  const options: Formula[] = [];
  for (const value of matcher.services) if (isServicePrincipal(value)) options.push(request.equals(p, value));
  for (const value of matcher.others) options.push(request.equals(p, value));
  for (const value of matcher.listed) if (!isServicePrincipal(value)) options.push(request.equals(p, value));
  for (const account of matcher.accounts) {
    options.push(request.inRe(p, patterns.concat(patterns.literal('arn:'), z.Plus(patterns.segmentChar), patterns.literal(`:iam::${account}:root`))));
  }
  return options.length === 0 ? z.Bool.val(false) : z.Or(...options);
}

/** Any ARN whose account segment is the account: the principal's account as the engine derives it. */
export function accountArn(request: SymbolicRequest, account: string) {
  const patterns = request.patterns;
  const segment = patterns.segment();
  return patterns.concat(patterns.literal('arn:'), segment, patterns.literal(':'), segment, patterns.literal(':'), segment, patterns.literal(`:${account}:`), patterns.anyText);
}

function splitRole(role: string): [string, string] {
  const colon = role.indexOf(':');
  return [role.slice(0, colon), role.slice(colon + 1)];
}
