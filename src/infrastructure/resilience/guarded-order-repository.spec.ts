import { Order, type NewOrder } from '../../domain/ordering/order';
import { OrderRepository } from '../../domain/ordering/order.repository';
import { BusyError, OrderWriteUnsettledError, SoldOutError } from '../../domain/ordering/ordering.errors';
import { type CircuitState, CircuitBreakers, type Dependency } from './circuit-breakers';
import { GuardedOrderRepository } from './guarded-order-repository';

const TIMEOUT_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A breaker that gives up after TIMEOUT_MS, as opossum does, leaving the work running. */
class TimingOutBreakers extends CircuitBreakers {
  run<T>(_dependency: Dependency, work: () => Promise<T>): Promise<T> {
    const timeout = sleep(TIMEOUT_MS).then(() => {
      throw new BusyError('MySQL did not answer in time');
    });
    return Promise.race([work(), timeout]);
  }
  states(): Record<Dependency, CircuitState> {
    return { mysql: 'closed', redis: 'closed' };
  }
}

const order = new Order({
  id: '7',
  saleId: '1',
  userId: '2',
  bucketNo: 0,
  parts: [{ bucketNo: 0, units: 1 }],
  quantity: 1,
  unitPriceCents: 100,
  totalCents: 100,
  status: 'pending_payment',
  attemptId: 'a',
  idempotencyKey: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  expiresAt: new Date(),
  paidAt: null,
  closedAt: null,
});

function guardedOver(place: () => Promise<Order>): GuardedOrderRepository {
  const inner = { place } as unknown as OrderRepository;
  return new GuardedOrderRepository(inner, new TimingOutBreakers(), TIMEOUT_MS);
}

describe('GuardedOrderRepository.place', () => {
  const newOrder = {} as NewOrder;

  it('hands back a write that outlived its caller, with the order it committed after all', async () => {
    const guarded = guardedOver(() => sleep(TIMEOUT_MS * 3).then(() => order));
    const error = await guarded.place(newOrder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderWriteUnsettledError);
    expect((error as OrderWriteUnsettledError).code).toBe('BUSY');
    await expect((error as OrderWriteUnsettledError).outcome).resolves.toBe(order);
  });

  it('says null when the late write did not commit', async () => {
    const guarded = guardedOver(() =>
      sleep(TIMEOUT_MS * 3).then(() => Promise.reject(new Error('rolled back'))),
    );
    const error = (await guarded.place(newOrder).catch((e: unknown) => e)) as OrderWriteUnsettledError;
    await expect(error.outcome).resolves.toBeNull();
  });

  it('passes a write’s own answer through untouched, refusals and failures alike', async () => {
    await expect(guardedOver(() => Promise.resolve(order)).place(newOrder)).resolves.toBe(order);
    const soldOut = await guardedOver(() => Promise.reject(new SoldOutError()))
      .place(newOrder)
      .catch((e: unknown) => e);
    expect(soldOut).toBeInstanceOf(SoldOutError);
    const busy = await guardedOver(() => Promise.reject(new BusyError('contended')))
      .place(newOrder)
      .catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(BusyError);
    expect(busy).not.toBeInstanceOf(OrderWriteUnsettledError);
  });
});
