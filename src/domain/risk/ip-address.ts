const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

/**
 * One spelling per address, so a ban matches however the address was written: IPv4 as dotted quad, an
 * IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) as its IPv4 address, any other IPv6 address in the RFC 5952
 * form (lower case, no leading zeros, the longest run of zero groups as `::`). Null when `input` is no address.
 */
export function canonicalAddress(input: string): string | null {
  const address = input.trim().toLowerCase();
  if (IPV4.test(address)) return address;
  const hextets = parseIpv6(address);
  if (!hextets) return null;
  if (hextets.slice(0, 5).every((hextet) => hextet === 0) && hextets[5] === 0xffff) {
    return [hextets[6] >> 8, hextets[6] & 0xff, hextets[7] >> 8, hextets[7] & 0xff].join('.');
  }
  return formatIpv6(hextets);
}

function parseIpv6(address: string): number[] | null {
  if (!address.includes(':')) return null;
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!IPV4.test(tail)) return null;
    const [a, b, c, d] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const sides = text.split('::');
  if (sides.length > 2) return null;
  const left = sides[0] ? sides[0].split(':') : [];
  const right = sides.length === 2 && sides[1] ? sides[1].split(':') : [];
  const groups = left.length + right.length;
  if (sides.length === 1 ? groups !== 8 : groups > 7) return null;
  if (![...left, ...right].every((group) => HEXTET.test(group))) return null;
  const zeros: string[] = new Array<string>(8 - groups).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

function formatIpv6(hextets: number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && hextets[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const groups = hextets.map((hextet) => hextet.toString(16));
  if (bestLength < 2) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}
