const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/;
/** Longer text is no address (the longest IPv6 spelling with an embedded IPv4 is 45 characters). */
const MAX_ADDRESS_LENGTH = 45;

/** IPv6 clients are limited, counted and banned per /64: one subscriber line usually holds a whole /64. */
export const IPV6_CLIENT_PREFIX = 64;
/** What an admin may ban at once: IPv4 /16 to /32, IPv6 /32 to /128. */
export const BAN_PREFIX_BOUNDS = { 4: { min: 16, max: 32 }, 6: { min: 32, max: 128 } } as const;

/** An address taken apart: IPv4 as one unsigned 32-bit number, IPv6 as its eight 16-bit groups. */
export type ParsedAddress = { version: 4; value: number } | { version: 6; hextets: number[] };

/**
 * One spelling per address, so a ban matches however the address was written: IPv4 as dotted quad, an
 * IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) as its IPv4 address, any other IPv6 address in the RFC 5952
 * form (lower case, no leading zeros, the longest run of zero groups as `::`). Null when `input` is no address.
 */
export function canonicalAddress(input: string): string | null {
  const parsed = parseAddress(input);
  return parsed === null ? null : formatAddress(parsed);
}

export function parseAddress(input: string): ParsedAddress | null {
  if (input.length > MAX_ADDRESS_LENGTH + 2) return null;
  const address = input.trim().toLowerCase();
  if (IPV4.test(address)) return { version: 4, value: ipv4Value(address) };
  const hextets = parseIpv6(address);
  if (!hextets) return null;
  if (hextets.slice(0, 5).every((hextet) => hextet === 0) && hextets[5] === 0xffff) {
    return { version: 4, value: ((hextets[6] << 16) | hextets[7]) >>> 0 };
  }
  return { version: 6, hextets };
}

export function formatAddress(address: ParsedAddress): string {
  if (address.version === 4) {
    const v = address.value;
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  return formatIpv6(address.hextets);
}

/**
 * The network of `address` with `prefix` bits, as ban text: `203.0.113.0/24`, `2001:db8:1:2::/64`; a full-length
 * prefix is the plain address.
 */
export function networkText(address: ParsedAddress, prefix: number): string {
  if (address.version === 4) {
    if (prefix >= 32) return formatAddress(address);
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return `${formatAddress({ version: 4, value: (address.value & mask) >>> 0 })}/${prefix}`;
  }
  if (prefix >= 128) return formatAddress(address);
  return `${formatIpv6(maskHextets(address.hextets, prefix))}/${prefix}`;
}

/**
 * Who a client address is counted as by the limits and the automatic bans: an IPv4 address itself, an IPv6
 * address's /64. `address` in canonical form; anything else is returned as it is.
 */
export function clientSubject(address: string): string {
  if (!address.includes(':')) return address;
  const parsed = parseAddress(address);
  return parsed === null ? address : networkText(parsed, IPV6_CLIENT_PREFIX);
}

/** A ban target in canonical text, or why it is not one. */
export type BanTarget = { ok: true; text: string } | { ok: false; problem: string };

/**
 * What an admin may ban: an address (any spelling) or a CIDR range within BAN_PREFIX_BOUNDS. Host bits of a
 * range are cleared (`203.0.113.7/24` is `203.0.113.0/24`); a full-length range is the plain address.
 */
export function banTarget(input: string): BanTarget {
  const text = input.trim();
  const slash = text.indexOf('/');
  if (slash === -1) {
    const parsed = parseAddress(text);
    return parsed
      ? { ok: true, text: formatAddress(parsed) }
      : { ok: false, problem: 'must be an ip address' };
  }
  const notRange = { ok: false, problem: 'must be an ip address or a CIDR range' } as const;
  const lengthText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return notRange;
  let prefix = Number(lengthText);
  const addressText = text.slice(0, slash);
  const parsed = parseAddress(addressText);
  if (parsed === null) return notRange;
  // An IPv4-mapped range (::ffff:203.0.113.0/120) is the IPv4 range it maps.
  if (parsed.version === 4 && addressText.includes(':')) prefix -= 96;
  const bounds = BAN_PREFIX_BOUNDS[parsed.version];
  if (prefix < bounds.min || prefix > bounds.max) {
    return {
      ok: false,
      problem: `an IPv${parsed.version} range must be /${bounds.min} to /${bounds.max}`,
    };
  }
  return { ok: true, text: networkText(parsed, prefix) };
}

/** A canonical ban text taken apart: the network and its prefix length (32 or 128 for a plain address). */
export function parseBanText(text: string): { address: ParsedAddress; prefix: number } | null {
  const slash = text.indexOf('/');
  const address = parseAddress(slash === -1 ? text : text.slice(0, slash));
  if (address === null) return null;
  const full = address.version === 4 ? 32 : 128;
  const prefix = slash === -1 ? full : Number(text.slice(slash + 1));
  return Number.isInteger(prefix) && prefix >= 0 && prefix <= full ? { address, prefix } : null;
}

function ipv4Value(dotted: string): number {
  const [a, b, c, d] = dotted.split('.').map(Number);
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function maskHextets(hextets: number[], prefix: number): number[] {
  return hextets.map((hextet, index) => {
    const before = index * 16;
    if (prefix >= before + 16) return hextet;
    if (prefix <= before) return 0;
    return hextet & ((0xffff << (16 - (prefix - before))) & 0xffff);
  });
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
