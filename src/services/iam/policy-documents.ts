// Validation of the policy documents IAM stores (trust policies, inline policies), with the policy
// engine's validator and AWS's MalformedPolicyDocument / LimitExceeded errors.
import { AwsError } from '../../aws/errors.js';
import type { ParseResult, PolicyKind } from '../../policy/types.js';

type ParsePolicy = (source: string | object, kind: PolicyKind, options?: { maxSize?: number }) => ParseResult;

let engine: Promise<ParsePolicy | undefined> | undefined;

/**
 * The engine's parser. Loaded by a computed specifier while src/policy/index.ts is being written, so
 * this module compiles without it; until it exists, documents get the basic checks below.
 */
function loadEngine(): Promise<ParsePolicy | undefined> {
  engine ??= (async () => {
    const specifier = ['..', '..', 'policy', 'index.js'].join('/');
    try {
      const module = (await import(specifier)) as { parsePolicy?: ParsePolicy };
      return module.parsePolicy;
    } catch {
      return undefined;
    }
  })();
  return engine;
}

export function malformed(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message, 400);
}

/** Throws MalformedPolicyDocument with AWS's message when `document` is not a valid policy of `kind`. */
export async function validatePolicyDocument(document: string, kind: PolicyKind): Promise<void> {
  const parse = await loadEngine();
  if (parse) {
    const result = parse(document, kind);
    if (!result.ok) throw malformed(result.errors[0]?.message ?? 'Syntax errors in policy.');
    return;
  }
  basicChecks(document, kind);
}

/** The size IAM counts against its quotas: the document without whitespace. */
export function policySize(document: string): number {
  return document.replace(/\s+/g, '').length;
}

function basicChecks(document: string, kind: PolicyKind): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw malformed('Syntax errors in policy.');
  const statements = (parsed as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  for (const statement of list) {
    if (!statement || typeof statement !== 'object') throw malformed('Syntax errors in policy.');
    const s = statement as Record<string, unknown>;
    if (kind === 'trust') {
      if ('Resource' in s || 'NotResource' in s) throw malformed(`Has prohibited field ${'Resource' in s ? 'Resource' : 'NotResource'}`);
      const actions = s.Action === undefined ? [] : Array.isArray(s.Action) ? s.Action : [s.Action];
      for (const action of actions) {
        if (typeof action !== 'string' || !/^(\*|sts:\*|sts:AssumeRole[A-Za-z]*|sts:TagSession|sts:SetSourceIdentity|sts:SetContext)$/i.test(action)) {
          throw malformed('AssumeRole policy may only specify STS AssumeRole actions.');
        }
      }
    }
  }
}
