import { FlashSale } from '../../domain/catalog/flash-sale';
import { Product } from '../../domain/catalog/product';
import { type SaleView } from '../../domain/catalog/sale-view';
import { decodeSaleView, encodeSaleView } from './sale-view.codec';

const view: SaleView = {
  sale: new FlashSale({
    id: '42',
    productId: '7',
    title: 'Sneakers',
    salePriceCents: 9900,
    stock: 100,
    perUserLimit: 2,
    startsAt: new Date('2030-01-01T10:00:00.123Z'),
    endsAt: new Date('2030-01-01T11:00:00Z'),
    strategy: 'bucketed',
    bucketCount: 8,
    paymentTimeoutSeconds: 900,
    captchaRequired: true,
    captchaKind: 'image',
    captchaDifficulty: 250000,
    createdAt: new Date('2029-12-01T00:00:00Z'),
    updatedAt: new Date('2029-12-02T00:00:00Z'),
  }),
  product: new Product({
    id: '7',
    name: 'Sneaker',
    description: null,
    imageUrl: 'https://img.example/s.png',
    priceCents: 15000,
    createdAt: new Date('2029-11-01T00:00:00Z'),
    updatedAt: new Date('2029-11-02T00:00:00Z'),
  }),
  remaining: 37,
};

describe('sale view codec', () => {
  it('survives a JSON round trip, dates included', () => {
    const decoded = decodeSaleView(JSON.parse(JSON.stringify(encodeSaleView(view))));
    expect(decoded.sale.props).toEqual(view.sale.props);
    expect(decoded.product.props).toEqual(view.product.props);
    expect(decoded.remaining).toBe(37);
    expect(decoded.sale.statusAt(new Date('2030-01-01T10:30:00Z'))).toBe('active');
  });

  it('never stores or returns a negative remaining', () => {
    const encoded = encodeSaleView({ ...view, remaining: -3 }) as { remaining: number };
    expect(encoded.remaining).toBe(0);
    expect(decodeSaleView({ ...encoded, remaining: -5 }).remaining).toBe(0);
  });

  it.each([
    null,
    'text',
    {},
    { sale: {}, product: {}, remaining: 1 },
    { ...(encodeSaleView(view) as object), remaining: '3' },
  ])('rejects %j', (raw) => {
    expect(() => decodeSaleView(raw)).toThrow(TypeError);
  });

  it('rejects an unknown strategy and a broken date', () => {
    const encoded = encodeSaleView(view) as { sale: Record<string, unknown> };
    expect(() => decodeSaleView({ ...encoded, sale: { ...encoded.sale, strategy: 'magic' } })).toThrow(
      TypeError,
    );
    expect(() => decodeSaleView({ ...encoded, sale: { ...encoded.sale, endsAt: 'soon' } })).toThrow(
      TypeError,
    );
  });
});
