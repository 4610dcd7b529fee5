/** The knobs of the order path the use cases need, bound from configuration by the module. */
export abstract class OrderingSettings {
  /** Attempts one instance works on at once; more get 503 BUSY at once. */
  abstract readonly maxInFlight: number;
  /** An attempt in the gate's in-flight list this long without an order is stranded: self-repair ends it. */
  abstract readonly strandedAfterMs: number;
}
