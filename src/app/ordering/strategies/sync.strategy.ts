import { type StrategyRecipe } from './gated-ordering-strategy';
import { anyBucket } from './unit-source';
import { WriteNowHandOver } from './write-now.hand-over';

/**
 * sync: the Redis gate, then one MySQL transaction while the shopper waits, answered with the order (201).
 * The stock is one row, so every shopper starts at its one bucket.
 */
export const syncStrategy: StrategyRecipe = { kind: 'sync', units: anyBucket, handOver: WriteNowHandOver };
