// SigV4 failures in each protocol's own words: Query services (IAM, STS) and JSON services
// (AppIntegrations, Lex, CloudTrail) name the same failure differently.
import { AwsError } from '../aws/errors.js';

export type AuthFailure = 'missing' | 'incomplete' | 'unknownKey' | 'badSignature' | 'skew' | 'expiredToken' | 'presignExpired';

const CODES: Record<AuthFailure, { query: string; json: string; status: number; message?: string }> = {
  missing: { query: 'MissingAuthenticationToken', json: 'MissingAuthenticationTokenException', status: 403 },
  incomplete: { query: 'IncompleteSignature', json: 'IncompleteSignatureException', status: 400 },
  unknownKey: { query: 'InvalidClientTokenId', json: 'UnrecognizedClientException', status: 403, message: 'The security token included in the request is invalid.' },
  badSignature: {
    query: 'SignatureDoesNotMatch',
    json: 'InvalidSignatureException',
    status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
  skew: { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException', status: 403 },
  expiredToken: { query: 'ExpiredToken', json: 'ExpiredTokenException', status: 403, message: 'The security token included in the request is expired' },
  presignExpired: { query: 'AccessDenied', json: 'AccessDeniedException', status: 403, message: 'Request has expired.' },
};

export function authError(failure: AuthFailure, protocol: 'query' | 'rest-json' | 'json', message?: string): AwsError {
  const entry = CODES[failure];
  const text = message ?? entry.message ?? (protocol === 'query' ? 'Request is missing Authentication Token' : 'Missing Authentication Token');
  return new AwsError(protocol === 'query' ? entry.query : entry.json, text, entry.status);
}
