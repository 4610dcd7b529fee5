import { jitteredSeconds } from './jitter';

describe('jitteredSeconds', () => {
  it('spreads a TTL over ±20% by default', () => {
    expect(jitteredSeconds(30, () => 0)).toBe(24);
    expect(jitteredSeconds(30, () => 0.5)).toBe(30);
    expect(jitteredSeconds(30, () => 0.999999)).toBe(36);
  });

  it('gives different keys different lifetimes', () => {
    const ttls = new Set(Array.from({ length: 200 }, () => jitteredSeconds(30)));
    expect(ttls.size).toBeGreaterThan(5);
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThanOrEqual(24);
      expect(ttl).toBeLessThanOrEqual(36);
    }
  });

  it('never goes below one second', () => {
    expect(jitteredSeconds(1, () => 0)).toBe(1);
    expect(jitteredSeconds(0, () => 0.5)).toBe(1);
  });
});
