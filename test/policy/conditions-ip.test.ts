import { describe, test } from 'node:test';
import { checkConditionTable } from './support/helpers.js';

describe('IpAddress and NotIpAddress condition operators', () => {
  checkConditionTable({ test }, [
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', '203.0.113.7', true],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', '203.0.114.7', false],
    ['IpAddress', 'aws:SourceIp', '203.0.113.7', '203.0.113.7', true],
    ['IpAddress', 'aws:SourceIp', '203.0.113.7/32', '203.0.113.8', false],
    ['IpAddress', 'aws:SourceIp', '0.0.0.0/0', '8.8.8.8', true],
    ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '2001:db8::/32'], '2001:db8:1::5', true],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', '2001:db9::1', false],
    ['IpAddress', 'aws:SourceIp', '2001:DB8::/32', '2001:db8::1', true],
    // An IPv4 range never contains an IPv6 address, except IPv4-mapped ones.
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', '::1', false],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', '::ffff:10.1.2.3', true],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', 'not-an-ip', false],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', '10.1', false],
    ['IpAddress', 'aws:SourceIp', 'garbage', '10.0.0.1', false],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', undefined, false],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', '192.168.1.1', true],
    ['NotIpAddress', 'aws:SourceIp', ['192.168.0.0/16', '10.0.0.0/8'], '10.0.0.1', false],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', undefined, true],
    ['IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8', undefined, true],
  ]);
});
