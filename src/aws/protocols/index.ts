// The protocols by the names service APIs give (ServiceApi.protocol, the model's metadata.protocol).
import type { ServiceApi } from '../service.js';
import type { IncomingSignedRequest } from '../sigv4.js';
import { jsonProtocol } from './json.js';
import type { Protocol } from './protocol.js';
import { queryProtocol } from './query.js';
import { restJsonProtocol } from './rest-json.js';

const PROTOCOLS: Record<ServiceApi['protocol'], Protocol> = { query: queryProtocol, json: jsonProtocol, 'rest-json': restJsonProtocol };

/** The protocols whose requests have a shape of their own, in the order they are tried. */
const BY_SHAPE: readonly Protocol[] = [queryProtocol, jsonProtocol];

export function protocolNamed(name: ServiceApi['protocol']): Protocol {
  return PROTOCOLS[name];
}

/** The protocol a request's shape names (REST-JSON, which has no mark of its own, when none), for the errors answered before its service is known. */
export function protocolByShape(request: IncomingSignedRequest): Protocol {
  for (const protocol of BY_SHAPE) if (protocol.looksLike(request)) return protocol;
  return restJsonProtocol;
}
