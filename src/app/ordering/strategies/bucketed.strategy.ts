import { type StrategyRecipe } from './gated-ordering-strategy';
import { homeBucket } from './unit-source';
import { WriteNowHandOver } from './write-now.hand-over';

/**
 * bucketed: the sale's stock is split over N rows (MySQL) and N gate keys (Redis), so writes spread over N hot
 * rows instead of one. A shopper starts at a home bucket (a stable hash of the user id) and the gate falls
 * over to the other buckets when it is empty; the order is written now, as for sync.
 */
export const bucketedStrategy: StrategyRecipe = {
  kind: 'bucketed',
  units: homeBucket,
  handOver: WriteNowHandOver,
};
