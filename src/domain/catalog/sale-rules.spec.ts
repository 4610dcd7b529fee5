import { ValidationError } from '../shared/domain-error';
import { assertValidSale, resolveBucketCount, type SaleShape, saleProblems } from './sale-rules';

const now = new Date('2030-01-01T00:00:00Z');

const valid: SaleShape = {
  salePriceCents: 9900,
  stock: 100,
  perUserLimit: 1,
  startsAt: new Date('2030-01-02T00:00:00Z'),
  endsAt: new Date('2030-01-03T00:00:00Z'),
  strategy: 'sync',
  bucketCount: 1,
  paymentTimeoutSeconds: 900,
};

describe('saleProblems', () => {
  it('finds nothing wrong with a valid sale', () => {
    expect(saleProblems(valid, now, true)).toEqual([]);
  });

  it.each([
    [{ endsAt: valid.startsAt }, 'endsAt', 'must be after startsAt'],
    [{ endsAt: new Date('2030-01-01T12:00:00Z') }, 'endsAt', 'must be after startsAt'],
    [
      { startsAt: new Date('2029-12-30T00:00:00Z'), endsAt: new Date('2029-12-31T00:00:00Z') },
      'endsAt',
      'must be in the future',
    ],
    [{ startsAt: new Date('nonsense') }, 'startsAt', 'must be a date-time'],
    [{ stock: 0 }, 'stock', 'must be an integer from 1 to 10000000'],
    [{ stock: 10_000_001 }, 'stock', 'must be an integer from 1 to 10000000'],
    [{ stock: 1.5 }, 'stock', 'must be an integer from 1 to 10000000'],
    [
      { strategy: 'bucketed' as const, bucketCount: 1025 },
      'bucketCount',
      'must be an integer from 1 to 1024',
    ],
    [{ bucketCount: 4 }, 'bucketCount', 'can only be set for the bucketed strategy'],
    [{ perUserLimit: 101 }, 'perUserLimit', 'must be an integer from 1 to 100'],
    [{ paymentTimeoutSeconds: 0 }, 'paymentTimeoutSeconds', 'must be an integer from 1 to 86400'],
    [{ salePriceCents: -1 }, 'salePriceCents', 'must be an integer from 0 to 10000000'],
  ])('%j → %s %s', (change, field, message) => {
    expect(saleProblems({ ...valid, ...change }, now, true)).toEqual([{ field, message }]);
  });

  it('lets a sale whose window did not move keep an end in the past (an ended sale can be retitled)', () => {
    const ended = {
      ...valid,
      startsAt: new Date('2029-01-01T00:00:00Z'),
      endsAt: new Date('2029-01-02T00:00:00Z'),
    };
    expect(saleProblems(ended, now, false)).toEqual([]);
    expect(saleProblems(ended, now, true)).toEqual([{ field: 'endsAt', message: 'must be in the future' }]);
  });
});

describe('assertValidSale', () => {
  it('throws one VALIDATION_FAILED naming each field once', () => {
    const attempt = () =>
      assertValidSale({ ...valid, stock: 0, bucketCount: 3 }, now, true, [
        { field: 'bucketCount', message: 'can only be set for the bucketed strategy' },
      ]);
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).details).toEqual([
        { field: 'bucketCount', message: 'can only be set for the bucketed strategy' },
        { field: 'stock', message: 'must be an integer from 1 to 10000000' },
      ]);
    }
  });
});

describe('resolveBucketCount', () => {
  it('is 1 for sync and async, and refuses a count for them', () => {
    expect(resolveBucketCount('sync', undefined)).toBe(1);
    expect(resolveBucketCount('async', undefined, { strategy: 'bucketed', bucketCount: 16 })).toBe(1);
    expect(resolveBucketCount('async', 4)).toEqual({
      field: 'bucketCount',
      message: 'can only be set for the bucketed strategy',
    });
  });

  it('for bucketed: the count asked for, else the one it had, else 8', () => {
    expect(resolveBucketCount('bucketed', 32)).toBe(32);
    expect(resolveBucketCount('bucketed', undefined, { strategy: 'bucketed', bucketCount: 16 })).toBe(16);
    expect(resolveBucketCount('bucketed', undefined, { strategy: 'sync', bucketCount: 1 })).toBe(8);
    expect(resolveBucketCount('bucketed', undefined)).toBe(8);
  });
});
