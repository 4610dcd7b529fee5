import { Injectable } from '@nestjs/common';
import { type StrategyKind } from '../../../domain/catalog/flash-sale';
import { homeBucketOf } from '../../../domain/ordering/home-bucket';
import { SyncOrderingStrategy } from './sync-ordering.strategy';

/**
 * bucketed: the sale's stock is split over N rows (MySQL) and N gate keys (Redis), so writes spread over N hot
 * rows instead of one. A shopper starts at a home bucket (a stable hash of the user id) and the gate falls
 * over to the other buckets when it is empty.
 */
@Injectable()
export class BucketedOrderingStrategy extends SyncOrderingStrategy {
  override readonly kind: StrategyKind = 'bucketed';

  protected override homeBucket(userId: string, bucketCount: number): number {
    return homeBucketOf(userId, bucketCount);
  }
}
