import { SaleLockedError } from './catalog.errors';
import { FlashSale, type FlashSaleProps } from './flash-sale';

const at = (iso: string) => new Date(iso);

function sale(overrides: Partial<FlashSaleProps> = {}): FlashSale {
  return new FlashSale({
    id: '7',
    productId: '3',
    title: 'Sneakers',
    salePriceCents: 9900,
    stock: 100,
    perUserLimit: 1,
    startsAt: at('2030-01-01T10:00:00Z'),
    endsAt: at('2030-01-01T11:00:00Z'),
    strategy: 'sync',
    bucketCount: 1,
    paymentTimeoutSeconds: 900,
    captchaRequired: false,
    captchaKind: 'pow',
    captchaDifficulty: 100000,
    createdAt: at('2029-12-01T00:00:00Z'),
    updatedAt: at('2029-12-01T00:00:00Z'),
    ...overrides,
  });
}

describe('FlashSale', () => {
  it.each([
    ['2030-01-01T09:59:59.999Z', 'upcoming'],
    ['2030-01-01T10:00:00.000Z', 'active'],
    ['2030-01-01T10:59:59.999Z', 'active'],
    ['2030-01-01T11:00:00.000Z', 'ended'],
  ])('at %s it is %s', (now, status) => {
    expect(sale().statusAt(at(now))).toBe(status);
  });

  describe('once started', () => {
    const running = at('2030-01-01T10:30:00Z');

    it.each([
      [{ stock: 50 }, ['stock']],
      [{ strategy: 'bucketed' as const, bucketCount: 8 }, ['strategy', 'bucketCount']],
      [{ startsAt: at('2030-01-01T10:05:00Z') }, ['startsAt']],
      [{ endsAt: at('2030-01-01T12:00:00Z') }, ['endsAt']],
      [{ perUserLimit: 2 }, ['perUserLimit']],
    ])('refuses %j, naming %j', (changes, fields) => {
      let thrown: unknown;
      try {
        sale().assertChangeableAt(changes, running);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SaleLockedError);
      expect((thrown as SaleLockedError).code).toBe('SALE_LOCKED');
      expect((thrown as SaleLockedError).details.map((d) => d.field)).toEqual(fields);
    });

    it('accepts the locked fields unchanged, and everything else', () => {
      expect(() =>
        sale().assertChangeableAt(
          {
            stock: 100,
            startsAt: at('2030-01-01T10:00:00Z'),
            title: 'New title',
            perUserLimit: 1,
            salePriceCents: 1,
            captchaRequired: true,
          },
          running,
        ),
      ).not.toThrow();
    });

    it('stays locked after the end', () => {
      expect(() => sale().assertChangeableAt({ stock: 1 }, at('2031-01-01T00:00:00Z'))).toThrow(
        SaleLockedError,
      );
    });
  });

  it('before the start everything may change', () => {
    expect(() =>
      sale().assertChangeableAt(
        { stock: 5, strategy: 'async', endsAt: at('2030-02-01T00:00:00Z') },
        at('2029-01-01T00:00:00Z'),
      ),
    ).not.toThrow();
  });

  it('says whether a change moves the gate', () => {
    expect(sale().changesStockLayout({ title: 'x', salePriceCents: 5 })).toBe(false);
    expect(sale().changesStockLayout({ stock: 100 })).toBe(false);
    expect(sale().changesStockLayout({ stock: 101 })).toBe(true);
    expect(sale().changesStockLayout({ perUserLimit: 3 })).toBe(true);
    expect(sale().changesStockLayout({ startsAt: at('2030-01-01T10:00:00Z') })).toBe(false);
    expect(sale().changesStockLayout({ startsAt: at('2030-01-01T09:00:00Z') })).toBe(true);
  });

  it('applies only the defined changes and stamps updatedAt', () => {
    const now = at('2029-12-24T00:00:00Z');
    const changed = sale().withChanges({ title: 'Gift', stock: undefined }, now);
    expect(changed.props).toMatchObject({ title: 'Gift', stock: 100, updatedAt: now });
  });
});
