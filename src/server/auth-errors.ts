// SigV4 failures in each protocol's own words: Query services (IAM, STS) and JSON services
// (AppIntegrations, Lex, CloudTrail) name the same failure differently. Codes, statuses and texts are
// AWS's (the Common Errors reference, and responses recorded from STS, IAM and the JSON services).
import { AwsError } from '../aws/errors.js';

export type AuthFailure = 'missing' | 'incomplete' | 'unknownKey' | 'badSignature' | 'skew' | 'badRegion' | 'expiredToken';

const CODES: Record<AuthFailure, { query: string; json: string; status: number; queryMessage?: string; jsonMessage?: string }> = {
  missing: {
    query: 'MissingAuthenticationToken',
    json: 'MissingAuthenticationTokenException',
    status: 403,
    queryMessage: 'Request is missing Authentication Token',
    jsonMessage: 'Missing Authentication Token',
  },
  incomplete: { query: 'IncompleteSignature', json: 'IncompleteSignatureException', status: 400 },
  unknownKey: {
    query: 'InvalidClientTokenId',
    json: 'UnrecognizedClientException',
    status: 403,
    queryMessage: 'The security token included in the request is invalid.',
    jsonMessage: 'The security token included in the request is invalid.',
  },
  badSignature: {
    query: 'SignatureDoesNotMatch',
    json: 'InvalidSignatureException',
    status: 403,
    queryMessage:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    jsonMessage:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
  // "Signature expired: ... is now earlier than ..." / "Signature not yet current: ..." (the message is built by sigv4.ts).
  skew: { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException', status: 403 },
  // A credential scope naming no region (the message is invalidRegionMessage's).
  badRegion: { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException', status: 403 },
  expiredToken: {
    query: 'ExpiredToken',
    json: 'ExpiredTokenException',
    status: 403,
    queryMessage: 'The security token included in the request is expired',
    jsonMessage: 'The security token included in the request is expired',
  },
};

export function authError(failure: AuthFailure, protocol: 'query' | 'rest-json' | 'json', message?: string): AwsError {
  const entry = CODES[failure];
  const query = protocol === 'query';
  const text = message ?? (query ? entry.queryMessage : entry.jsonMessage) ?? '';
  return new AwsError(query ? entry.query : entry.json, text, entry.status);
}

/**
 * AWS's text for a credential scope whose region is no region (IAM and STS answer it as SignatureDoesNotMatch,
 * the JSON services as InvalidSignatureException), trailing space included.
 */
export function invalidRegionMessage(region: string): string {
  return `Credential should be scoped to a valid region, not '${region}'. `;
}
