import {
  banTarget,
  canonicalAddress,
  clientSubject,
  networkText,
  parseAddress,
  parseBanText,
} from './ip-address';

describe('canonicalAddress', () => {
  it('keeps a dotted quad as it is', () => {
    expect(canonicalAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(canonicalAddress(' 10.0.0.1 ')).toBe('10.0.0.1');
  });

  it('writes IPv6 in the RFC 5952 form', () => {
    expect(canonicalAddress('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalAddress('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalAddress('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonicalAddress('::')).toBe('::');
    expect(canonicalAddress('::1')).toBe('::1');
    expect(canonicalAddress('fe80::')).toBe('fe80::');
  });

  it('turns an IPv4-mapped IPv6 address into its IPv4 address', () => {
    expect(canonicalAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(canonicalAddress('::FFFF:cb00:7107')).toBe('203.0.113.7');
  });

  it('keeps other embedded IPv4 forms as IPv6', () => {
    expect(canonicalAddress('64:ff9b::192.0.2.33')).toBe('64:ff9b::c000:221');
  });

  it.each([
    '',
    'localhost',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    'g::1',
    '::ffff:300.1.1.1',
    'fe80::1%eth0',
  ])('refuses %p', (input) => {
    expect(canonicalAddress(input)).toBeNull();
  });
});

describe('banTarget', () => {
  it('takes an address in any spelling, or a range within the bounds, in canonical form', () => {
    expect(banTarget('::ffff:203.0.113.7')).toEqual({ ok: true, text: '203.0.113.7' });
    expect(banTarget('203.0.113.77/24')).toEqual({ ok: true, text: '203.0.113.0/24' });
    expect(banTarget('203.0.113.7/32')).toEqual({ ok: true, text: '203.0.113.7' });
    expect(banTarget('10.1.0.0/16')).toEqual({ ok: true, text: '10.1.0.0/16' });
    expect(banTarget('2001:DB8:CAFE:1::5/48')).toEqual({ ok: true, text: '2001:db8:cafe::/48' });
    expect(banTarget('2001:db8::1/128')).toEqual({ ok: true, text: '2001:db8::1' });
    expect(banTarget('::ffff:203.0.113.0/120')).toEqual({ ok: true, text: '203.0.113.0/24' });
  });

  it.each([
    ['10.0.0.0/8', /\/16 to \/32/],
    ['10.0.0.0/33', /\/16 to \/32/],
    ['2001:db8::/31', /\/32 to \/128/],
    ['203.0.113.0/', /CIDR/],
    ['203.0.113.0/2x', /CIDR/],
    ['nonsense/24', /CIDR/],
    ['x'.repeat(8000), /ip address/],
  ])('refuses %p', (input, problem) => {
    const result = banTarget(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toMatch(problem);
  });
});

describe('clientSubject', () => {
  it('counts IPv4 by address and IPv6 by its /64', () => {
    expect(clientSubject('203.0.113.7')).toBe('203.0.113.7');
    expect(clientSubject('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientSubject('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::/64');
    expect(clientSubject('::1')).toBe('::/64');
  });
});

describe('networkText and parseBanText', () => {
  it('mask an address to a prefix and read it back', () => {
    const v4 = parseAddress('198.51.100.200')!;
    expect(networkText(v4, 16)).toBe('198.51.0.0/16');
    expect(networkText(v4, 25)).toBe('198.51.100.128/25');
    expect(networkText(v4, 32)).toBe('198.51.100.200');
    const v6 = parseAddress('2001:db8:abcd:12ff::1')!;
    expect(networkText(v6, 56)).toBe('2001:db8:abcd:1200::/56');
    expect(parseBanText('198.51.0.0/16')).toEqual({ address: parseAddress('198.51.0.0'), prefix: 16 });
    expect(parseBanText('2001:db8::1')).toEqual({ address: parseAddress('2001:db8::1'), prefix: 128 });
  });
});
