/**
 * Splits `total` units over `buckets` as evenly as possible; the remainder goes to the first buckets, so the
 * parts always add up to the total and differ by at most one.
 */
export function splitStock(total: number, buckets: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError('total must be a non-negative integer');
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError('buckets must be a positive integer');
  const base = Math.floor(total / buckets);
  const remainder = total % buckets;
  return Array.from({ length: buckets }, (_, index) => base + (index < remainder ? 1 : 0));
}
