// IpAddress / NotIpAddress: IPv4 and IPv6 addresses against CIDR ranges (a bare address is a /32 or
// /128). An IPv4-mapped IPv6 request address (::ffff:10.0.0.1) is compared as IPv4.
import ipaddr from 'ipaddr.js';
import { memoize } from '../memo.js';
import type { OperatorFamily } from './family.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

export function parseAddress(text: string): Address | undefined {
  const trimmed = text.trim();
  if (!ipaddr.isValid(trimmed)) return undefined;
  if (!trimmed.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return undefined;
  const address = ipaddr.parse(trimmed);
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

export function parseRange(text: string): Range | undefined {
  const trimmed = text.trim();
  if (!trimmed.includes('/')) {
    const address = parseAddress(trimmed);
    return address && [address, address.kind() === 'ipv4' ? 32 : 128];
  }
  const [host] = trimmed.split('/');
  if (!parseAddress(host)) return undefined;
  try {
    const range = ipaddr.parseCIDR(trimmed);
    const address = range[0];
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && range[1] >= 96) {
      return [(address as ipaddr.IPv6).toIPv4Address(), range[1] - 96];
    }
    return range;
  } catch {
    return undefined;
  }
}

export const ipAddress: OperatorFamily<Address, Range> = {
  parsePolicyValue: parseRange,
  parseRequestValue: memoize('ipAddress', parseAddress),
  matches: (address, range) => address.kind() === range[0].kind() && address.match(range),
};
