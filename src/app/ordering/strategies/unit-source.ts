import { homeBucketOf } from '../../../domain/ordering/home-bucket';

/**
 * Policy: where a shopper's search for units begins, given the sale's bucket count. The gate falls over to the
 * other buckets when that one is empty, so this only spreads the load.
 */
export type UnitSource = (userId: string, bucketCount: number) => number;

/** Any bucket: every shopper starts at the first (a sale whose stock is one row has no other). */
export const anyBucket: UnitSource = () => 0;

/** The shopper's home bucket: a stable hash of the user id spreads the crowd over the buckets. */
export const homeBucket: UnitSource = (userId, bucketCount) => homeBucketOf(userId, bucketCount);
