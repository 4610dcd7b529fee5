/**
 * A TTL spread evenly over ±`spread` of `baseSeconds` (at least one second), so keys written together (a cold
 * start, a popular sale on every instance) do not all expire, and rebuild, in the same second.
 */
export function jitteredSeconds(
  baseSeconds: number,
  random: () => number = Math.random,
  spread = 0.2,
): number {
  const factor = 1 - spread + 2 * spread * random();
  return Math.max(1, Math.round(baseSeconds * factor));
}
