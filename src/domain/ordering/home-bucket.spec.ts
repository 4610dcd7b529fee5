import { homeBucketOf } from './home-bucket';

describe('homeBucketOf', () => {
  it('is stable, in range and never negative', () => {
    for (let i = 0; i < 5000; i++) {
      const bucket = homeBucketOf(String(i), 8);
      expect(bucket).toBe(homeBucketOf(String(i), 8));
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(8);
      expect(Number.isInteger(bucket)).toBe(true);
    }
  });

  it('spreads users evenly enough', () => {
    const counts = new Array(8).fill(0);
    for (let i = 1; i <= 8000; i++) counts[homeBucketOf(String(i), 8)]++;
    for (const count of counts) expect(count).toBeGreaterThan(700);
  });

  it('has one bucket when there is one', () => {
    expect(homeBucketOf('123', 1)).toBe(0);
  });
});
