// The values of the global keys whose values have a known form: aws:RequestedRegion (a region of the
// partitions), aws:SourceVpc and aws:SourceVpce (vpc- / vpce- and 8 or 17 characters), aws:SourceIp (a
// public range: it never holds a private address, RFC 1918's or IPv6's unique-local fc00::/7; a range
// written with host bits set, 10.0.0.1/8, is the range of its network address).
import ipaddr from 'ipaddr.js';
import { isPartitionRegion } from '../../../aws/regions.js';
import type { JsonNode } from '../../../policy/index.js';
import type { CheckContext } from './context.js';
import type { Segment } from './locations.js';

export interface ConditionValue {
  readonly text: string;
  readonly node: JsonNode;
  readonly path: Segment[];
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'].map((cidr) => ipaddr.parseCIDR(cidr));
const EXACT_STRING = /^String(Not)?Equals(IgnoreCase)?$/;

export function checkKnownValues(ctx: CheckContext, key: string, operatorName: string, values: readonly ConditionValue[]): void {
  const name = key.toLowerCase();
  const literal = values.filter((v) => !/[*?]/.test(v.text) && !v.text.includes('${'));
  if (EXACT_STRING.test(operatorName) || operatorName === 'StringLike' || operatorName === 'StringNotLike') {
    for (const v of literal) {
      if (name === 'aws:requestedregion' && !isPartitionRegion(v.text)) ctx.report('INVALID_REGION', [ctx.at(v.path, v.node)], { region: v.text });
      if (name === 'aws:sourcevpc' && !/^vpc-([0-9a-zA-Z]{8}|[0-9a-zA-Z]{17})$/.test(v.text)) ctx.report('INVALID_VPC_FORMAT', [ctx.at(v.path, v.node)]);
      if (name === 'aws:sourcevpce' && !/^vpce-([0-9a-zA-Z]{8}|[0-9a-zA-Z]{17})$/.test(v.text)) ctx.report('INVALID_VPCE_FORMAT', [ctx.at(v.path, v.node)]);
    }
  }
  if (name === 'aws:sourceip' && (operatorName === 'IpAddress' || operatorName === 'NotIpAddress')) sourceIp(ctx, operatorName === 'NotIpAddress', literal);
}

function sourceIp(ctx: CheckContext, negated: boolean, values: readonly ConditionValue[]): void {
  const ranges = values.flatMap((v) => {
    const range = cidr(v.text.trim());
    return range ? [{ v, range }] : [];
  });
  for (const { v, range } of ranges) {
    const network = range[0].kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(v.text.trim()) : ipaddr.IPv6.networkAddressFromCIDR(v.text.trim());
    if (network.toString() !== range[0].toString()) ctx.report('IMPROVE_IP_RANGE', [ctx.at(v.path, v.node)], { addr: `${network.toString()}/${range[1]}` });
  }
  const privates = ranges.filter(({ range }) => PRIVATE.some((block) => range[0].kind() === block[0].kind() && range[1] >= block[1] && range[0].match(block)));
  if (privates.length === 0) return;
  const all = privates.length === ranges.length;
  const code = negated ? (all ? 'PRIVATE_NOT_IP_ADDRESS' : 'PRIVATE_NOT_IP_ADDRESS_SUBSET') : all ? 'PRIVATE_IP_ADDRESS' : 'PRIVATE_IP_ADDRESS_SUBSET';
  ctx.report(code, privates.map(({ v }) => ctx.at(v.path, v.node)));
}

/** A value as a CIDR range (a bare address is its own /32 or /128); undefined when it is none. */
function cidr(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const address = ipaddr.parse(text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}
