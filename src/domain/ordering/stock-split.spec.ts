import { splitStock } from './stock-split';

describe('splitStock', () => {
  it.each([
    [10, 1, [10]],
    [10, 3, [4, 3, 3]],
    [2, 4, [1, 1, 0, 0]],
    [0, 2, [0, 0]],
    [2000, 8, [250, 250, 250, 250, 250, 250, 250, 250]],
  ])('%d units over %d buckets → %j', (total, buckets, expected) => {
    expect(splitStock(total, buckets)).toEqual(expected);
  });

  it('always adds up to the total, with parts at most one apart', () => {
    for (let total = 0; total < 200; total += 7) {
      for (let buckets = 1; buckets <= 17; buckets++) {
        const parts = splitStock(total, buckets);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('refuses nonsense', () => {
    expect(() => splitStock(-1, 2)).toThrow(RangeError);
    expect(() => splitStock(5, 0)).toThrow(RangeError);
    expect(() => splitStock(1.5, 2)).toThrow(RangeError);
  });
});
