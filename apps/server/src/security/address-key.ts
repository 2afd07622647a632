import { isIPv6 } from 'node:net';

/**
 * The rate-limit key for a client address. One IPv6 host is usually given a whole /64, so keying by
 * the full address would hand it 2^64 fresh budgets: IPv6 addresses count by their /64. IPv4 (and
 * IPv4 written as IPv6, "::ffff:1.2.3.4") counts per address.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
