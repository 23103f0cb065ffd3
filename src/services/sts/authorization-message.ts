// STS DecodeAuthorizationMessage. AWS encodes an authorization failure for some services (EC2's "Encoded
// authorization failure message"); none of the APIs linkedrole serves does (IAM, STS, Lex, AppIntegrations
// answer AccessDenied in plain words, as in AWS). What this server encodes instead is a refusal recorded in
// the audit trail: `linkedrole audit --json` gives each refused decision an `encodedAuthorizationMessage`,
// which names the account and the audit event (nothing secret: decoding it needs sts:DecodeAuthorizationMessage
// in that account, and reads the event from the store). DecodeAuthorizationMessage answers the decision in
// AWS's DecodedMessage shape (allowed, explicitDeny, matchedStatements, failures, context), with the engine's
// explanation beside it.
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/sts.js';
import type { Operations } from '../../aws/generated/sts.js';
import type { ServiceOperations } from '../../aws/service.js';
import type { AuditEventRow } from '../../store/schema.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import type { Sts } from './sts.js';

const PREFIX = 'lr1.';

/** The encoded message of a refused decision recorded in the audit trail. */
export function encodeAuthorizationMessage(accountId: string, eventId: string): string {
  return PREFIX + Buffer.from(JSON.stringify({ account: accountId, event: eventId }), 'utf8').toString('base64url');
}

function invalid(): AwsError {
  return errors.InvalidAuthorizationMessageException('The specified encoded message is invalid or has expired.');
}

function decodeReference(message: string): { account: string; event: string } {
  if (!message.startsWith(PREFIX)) throw invalid();
  try {
    const parsed = JSON.parse(Buffer.from(message.slice(PREFIX.length), 'base64url').toString('utf8')) as { account?: unknown; event?: unknown };
    if (typeof parsed.account === 'string' && typeof parsed.event === 'string') return { account: parsed.account, event: parsed.event };
  } catch {
    // fall through
  }
  throw invalid();
}

interface StoredStatement {
  sid?: string;
  effect?: string;
  policyId?: string;
  source?: string;
  statementIndex?: number;
}

/** The decision as AWS's DecodedMessage writes one. */
export function decodedMessage(row: AuditEventRow): Record<string, unknown> {
  const detail = JSON.parse(row.detail) as { matchedStatements?: StoredStatement[]; explanation?: string; context?: Record<string, unknown> };
  return {
    allowed: row.decision === 'allowed',
    explicitDeny: row.decision === 'explicitDeny',
    matchedStatements: {
      items: (detail.matchedStatements ?? []).map((s) => ({
        statementId: s.sid ?? '',
        effect: (s.effect ?? '').toUpperCase(),
        ...(s.policyId ? { policyId: s.policyId } : {}),
        ...(s.source ? { policyType: s.source } : {}),
      })),
    },
    failures: { items: [] },
    context: {
      principal: { ...(row.user_name ? { name: row.user_name } : {}), arn: row.principal_arn },
      action: row.action,
      resource: row.resource,
      conditions: {
        items: Object.entries(detail.context ?? {}).map(([key, value]) => ({ key, values: { items: (Array.isArray(value) ? value : [value]).map((v) => ({ value: String(v) })) } })),
      },
    },
    explanation: detail.explanation,
  };
}

export function authorizationMessageOperations(sts: Sts): ServiceOperations<Operations> {
  return {
    DecodeAuthorizationMessage: {
      summary: 'Decodes the audit trail\'s encoded refusals (linkedrole audit --json) in AWS\'s DecodedMessage shape, in their own account',
      authorize: async () => [await authorizationTarget('sts:DecodeAuthorizationMessage', '*')],
      handle: async (input, ctx) => {
        const reference = decodeReference(input.EncodedMessage);
        // A message is decoded only in the account whose refusal it is.
        if (reference.account !== ctx.caller.accountId) throw invalid();
        const [row] = await sts.audit.query({ accountId: reference.account, eventId: reference.event, limit: 1 });
        if (!row || row.decision === 'allowed') throw invalid();
        return { DecodedMessage: JSON.stringify(decodedMessage(row)) };
      },
    },
  };
}
