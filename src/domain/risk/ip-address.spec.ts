import { canonicalAddress } from './ip-address';

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
