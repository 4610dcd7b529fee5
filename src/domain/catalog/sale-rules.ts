import { type FieldProblem, ValidationError } from '../shared/domain-error';
import { type FlashSaleProps, splitsStock, STRATEGY_KINDS, type StrategyKind } from './flash-sale';

/** The ranges of API.md; the HTTP adapter checks them too, so a bad field never reaches a use case. */
export const SALE_LIMITS = {
  stock: { min: 1, max: 10_000_000 },
  bucketCount: { min: 1, max: 1024 },
  perUserLimit: { min: 1, max: 100 },
  paymentTimeoutSeconds: { min: 1, max: 86_400 },
  /** Cents; with at most 100 units per order the total stays within an unsigned 32-bit column. */
  priceCents: { min: 0, max: 10_000_000 },
  /** A proof of work's maxnumber: from a few milliseconds of a phone's time to a few seconds of it. */
  captchaDifficulty: { min: 1_000, max: 5_000_000 },
} as const;

export const SALE_DEFAULTS = {
  perUserLimit: 1,
  bucketCount: 8,
  paymentTimeoutSeconds: 900,
  captchaRequired: false,
  captchaKind: 'pow',
  captchaDifficulty: 100_000,
} as const;

/** The fields of a sale that are checked together. */
export type SaleShape = Pick<
  FlashSaleProps,
  | 'salePriceCents'
  | 'stock'
  | 'perUserLimit'
  | 'startsAt'
  | 'endsAt'
  | 'strategy'
  | 'bucketCount'
  | 'paymentTimeoutSeconds'
> &
  Partial<Pick<FlashSaleProps, 'captchaDifficulty'>>;

/** Read "can only be set for the bucketed strategy" while bucketed is the one kind that splits its stock. */
const BUCKETS_ONLY_FOR = `can only be set for the ${STRATEGY_KINDS.filter(splitsStock).join(' or ')} strategy`;

/**
 * The bucket count a sale ends up with: the one asked for (a kind that splits its stock only), else the one it
 * had when it stays such a kind, else the default; always 1 for the kinds that keep their stock in one row.
 */
export function resolveBucketCount(
  strategy: StrategyKind,
  requested: number | undefined,
  previous?: { strategy: StrategyKind; bucketCount: number },
): number | FieldProblem {
  if (!splitsStock(strategy)) {
    return requested === undefined ? 1 : { field: 'bucketCount', message: BUCKETS_ONLY_FOR };
  }
  if (requested !== undefined) return requested;
  return previous && splitsStock(previous.strategy) ? previous.bucketCount : SALE_DEFAULTS.bucketCount;
}

/**
 * Every problem of a sale as a whole (a created one, or an existing one with a change merged in).
 * `endsAt` must lie ahead of `now` whenever the window is set or moved.
 */
export function saleProblems(sale: SaleShape, now: Date, windowChanged: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const outOfRange = (field: keyof typeof SALE_LIMITS & keyof SaleShape, value: number) => {
    const { min, max } = SALE_LIMITS[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push({ field, message: `must be an integer from ${min} to ${max}` });
    }
  };
  outOfRange('stock', sale.stock);
  outOfRange('bucketCount', sale.bucketCount);
  outOfRange('perUserLimit', sale.perUserLimit);
  outOfRange('paymentTimeoutSeconds', sale.paymentTimeoutSeconds);
  if (sale.captchaDifficulty !== undefined) outOfRange('captchaDifficulty', sale.captchaDifficulty);
  const price = SALE_LIMITS.priceCents;
  if (
    !Number.isInteger(sale.salePriceCents) ||
    sale.salePriceCents < price.min ||
    sale.salePriceCents > price.max
  ) {
    problems.push({
      field: 'salePriceCents',
      message: `must be an integer from ${price.min} to ${price.max}`,
    });
  }
  if (!splitsStock(sale.strategy) && sale.bucketCount !== 1) {
    problems.push({ field: 'bucketCount', message: BUCKETS_ONLY_FOR });
  }
  if (!isValidDate(sale.startsAt)) problems.push({ field: 'startsAt', message: 'must be a date-time' });
  if (!isValidDate(sale.endsAt)) problems.push({ field: 'endsAt', message: 'must be a date-time' });
  if (isValidDate(sale.startsAt) && isValidDate(sale.endsAt)) {
    if (sale.startsAt.getTime() >= sale.endsAt.getTime()) {
      problems.push({ field: 'endsAt', message: 'must be after startsAt' });
    } else if (windowChanged && sale.endsAt.getTime() <= now.getTime()) {
      problems.push({ field: 'endsAt', message: 'must be in the future' });
    }
  }
  return problems;
}

/** Throws one ValidationError naming every problem, or returns quietly. */
export function assertValidSale(
  sale: SaleShape,
  now: Date,
  windowChanged: boolean,
  extra: FieldProblem[] = [],
): void {
  const problems = [...extra, ...saleProblems(sale, now, windowChanged)];
  const unique = problems.filter(
    (problem, index) => problems.findIndex((other) => other.field === problem.field) === index,
  );
  if (unique.length > 0) throw new ValidationError(unique);
}

function isValidDate(value: Date): boolean {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
