/**
 * Rejects when `work` has not settled within `ms`, so a caller never hangs on a dead connection. The rejection
 * waits one turn of the event loop (setImmediate runs after the I/O phase), so on a busy process a reply that
 * did arrive in time wins over a timer that merely fired late.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => setImmediate(() => reject(new Error(`${what} did not answer within ${ms} ms`))),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
