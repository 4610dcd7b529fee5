/**
 * A user's home bucket: a stable hash (FNV-1a, 32-bit, unsigned) of the user id, so the same shopper always
 * starts at the same bucket and the crowd spreads evenly. Never negative, always below `bucketCount`.
 */
export function homeBucketOf(userId: string, bucketCount: number): number {
  if (bucketCount <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % bucketCount;
}
