import { SaleLockedError } from './catalog.errors';

/**
 * Every ordering strategy a sale can name: the one list. Config, request validation, OpenAPI, the tests and the
 * benchmark derive from it; the app's registry (src/app/ordering/strategies/strategy-registry.ts) must hold one
 * strategy of each kind, or the app refuses to start. README "Adding a strategy" names the steps.
 */
export const STRATEGY_KINDS = ['sync', 'async', 'bucketed'] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];

/** Whether a kind may split its stock over several buckets (rows and gate keys); the others keep one. */
const SPLITS_STOCK: Readonly<Record<StrategyKind, boolean>> = { sync: false, async: false, bucketed: true };

export function splitsStock(kind: StrategyKind): boolean {
  return SPLITS_STOCK[kind];
}

export type SaleStatus = 'upcoming' | 'active' | 'ended';

/** pow: a proof of work (altcha) of the sale's difficulty; image: distorted text to type (svg-captcha). */
export type CaptchaKind = 'pow' | 'image';
export const CAPTCHA_KINDS: readonly CaptchaKind[] = ['pow', 'image'];

export interface FlashSaleProps {
  id: string;
  productId: string;
  title: string;
  salePriceCents: number;
  /** Units offered in total; never changes once the sale has started. */
  stock: number;
  perUserLimit: number;
  startsAt: Date;
  endsAt: Date;
  strategy: StrategyKind;
  /** 1 for sync and async; the number of stock buckets for bucketed. */
  bucketCount: number;
  paymentTimeoutSeconds: number;
  captchaRequired: boolean;
  /** Which captcha a sale with captchaRequired asks for. */
  captchaKind: CaptchaKind;
  /** pow: the largest number the solver may have to try (altcha's maxnumber); half of it on average. */
  captchaDifficulty: number;
  createdAt: Date;
  updatedAt: Date;
}

export type NewFlashSale = Omit<FlashSaleProps, 'id' | 'createdAt' | 'updatedAt'>;
export type FlashSaleChanges = Partial<Omit<NewFlashSale, 'productId'>>;

/**
 * What cannot change once a sale has started: the crowd has seen it, and units may be sold. The per-user limit
 * too: the running gate (Redis) and MySQL's quota rows enforce the one the sale started with, and buyers may
 * already hold units under it.
 */
export const LOCKED_AT_START: readonly (keyof FlashSaleChanges)[] = [
  'stock',
  'strategy',
  'bucketCount',
  'startsAt',
  'endsAt',
  'perUserLimit',
];

/** A time-boxed offer of a limited stock of one product. Status is derived from the clock, never stored. */
export class FlashSale {
  constructor(readonly props: Readonly<FlashSaleProps>) {}

  get id(): string {
    return this.props.id;
  }

  statusAt(now: Date): SaleStatus {
    if (now < this.props.startsAt) return 'upcoming';
    if (now < this.props.endsAt) return 'active';
    return 'ended';
  }

  hasStartedAt(now: Date): boolean {
    return now >= this.props.startsAt;
  }

  /** Throws SaleLockedError when `changes` touches a locked field of a sale that has started. */
  assertChangeableAt(changes: FlashSaleChanges, now: Date): void {
    if (!this.hasStartedAt(now)) return;
    const locked = LOCKED_AT_START.filter(
      (field) => changes[field] !== undefined && !sameValue(changes[field], this.props[field]),
    );
    if (locked.length > 0) throw new SaleLockedError(locked);
  }

  /** Whether the Redis gate must be prepared again after these changes. */
  changesStockLayout(changes: FlashSaleChanges): boolean {
    return (['stock', 'strategy', 'bucketCount', 'startsAt', 'endsAt', 'perUserLimit'] as const).some(
      (field) => changes[field] !== undefined && !sameValue(changes[field], this.props[field]),
    );
  }

  withChanges(changes: FlashSaleChanges, now: Date): FlashSale {
    return new FlashSale({ ...this.props, ...definedOnly(changes), updatedAt: now });
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
