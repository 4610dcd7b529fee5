/**
 * Port: the open notification streams of each user, on every instance. Registering a stream beyond a user's
 * limit evicts that user's oldest streams, wherever they are open: their `onEvicted` is called.
 */
export abstract class StreamRegistry {
  /** `expiresAtMs`: the stream ends by then anyway, so a registration left behind by a crash lapses. */
  abstract register(
    userId: string,
    streamId: string,
    expiresAtMs: number,
    onEvicted: () => void,
  ): Promise<void>;
  abstract unregister(userId: string, streamId: string): void;
}
