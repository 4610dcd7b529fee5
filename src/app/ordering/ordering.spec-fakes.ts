import { FlashSale, type FlashSaleProps } from '../../domain/catalog/flash-sale';
import { Order, type OrderProps } from '../../domain/ordering/order';
import { type OrderRepository } from '../../domain/ordering/order.repository';
import { type PlaceOrder } from '../../domain/ordering/ordering-strategy';
import { type SoldOutBoard } from '../../domain/ordering/sold-out-board';
import { type StockGate } from '../../domain/ordering/stock-gate';

/** Builders and fakes of the ordering ports for the application layer's unit specs (no servers). */

export const NOW = new Date('2026-12-01T10:00:00Z');

export function saleOf(props: Partial<FlashSaleProps> = {}): FlashSale {
  return new FlashSale({
    id: 'sale-1',
    productId: 'product-1',
    title: 'Sale',
    salePriceCents: 500,
    stock: 10,
    perUserLimit: 2,
    startsAt: new Date(NOW.getTime() - 60_000),
    endsAt: new Date(NOW.getTime() + 60_000),
    strategy: 'sync',
    bucketCount: 1,
    paymentTimeoutSeconds: 900,
    captchaRequired: false,
    captchaKind: 'pow',
    captchaDifficulty: 100_000,
    createdAt: NOW,
    updatedAt: NOW,
    ...props,
  });
}

export function orderOf(props: Partial<OrderProps> = {}): Order {
  return new Order({
    id: 'order-1',
    saleId: 'sale-1',
    userId: 'user-1',
    bucketNo: 0,
    parts: [{ bucketNo: 0, units: 1 }],
    quantity: 1,
    unitPriceCents: 500,
    totalCents: 500,
    status: 'pending_payment',
    attemptId: 'attempt-1',
    idempotencyKey: null,
    createdAt: NOW,
    updatedAt: NOW,
    expiresAt: new Date(NOW.getTime() + 900_000),
    paidAt: null,
    closedAt: null,
    ...props,
  });
}

export function placeOrderOf(props: Partial<PlaceOrder> = {}): PlaceOrder {
  return { sale: saleOf(), userId: 'user-1', quantity: 1, idempotencyKey: null, now: NOW, ...props };
}

/** Every method a jest.fn, scripted per test. */
export function fakeGate() {
  return {
    prepare: jest.fn().mockResolvedValue(undefined),
    reserve: jest.fn(),
    giveBack: jest.fn().mockResolvedValue(true),
    settle: jest.fn().mockResolvedValue(undefined),
    inFlight: jest.fn().mockResolvedValue([]),
    read: jest.fn().mockResolvedValue(null),
    isPrepared: jest.fn().mockResolvedValue(false),
  } satisfies Record<keyof StockGate, jest.Mock>;
}

export function fakeOrders() {
  return {
    place: jest.fn(),
    close: jest.fn(),
    claimPayment: jest.fn(),
    releasePaymentClaim: jest.fn(),
    findById: jest.fn().mockResolvedValue(null),
    findByAttemptId: jest.fn().mockResolvedValue(null),
    findByIdempotencyKey: jest.fn().mockResolvedValue(null),
    listForUser: jest.fn(),
    findOverdue: jest.fn(),
    writesFailing: jest.fn().mockReturnValue(false),
  } satisfies Record<keyof OrderRepository, jest.Mock>;
}

export function fakeSoldOut() {
  return {
    isSoldOut: jest.fn().mockReturnValue(false),
    markSoldOut: jest.fn().mockReturnValue(true),
    announceRestock: jest.fn().mockResolvedValue(undefined),
  } satisfies Record<keyof SoldOutBoard, jest.Mock>;
}

/** Lets promises that were started but not awaited (a late write's settlement) run. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
