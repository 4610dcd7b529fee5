import { type AppConfig, InvalidConfigError } from '../config/app-config';

const CONNECTION_FAILURES = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'PROTOCOL_CONNECTION_LOST',
]);

/** Turns a start-up failure into one clear line on stderr and a non-zero exit. */
export function exitOnStartupFailure(error: unknown): never {
  console.error(`Start-up failed: ${describeStartupFailure(error)}`);
  process.exit(1);
}

/** A start-up failure already explained in one sentence; its stack would add nothing. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export function describeStartupFailure(error: unknown, config?: Pick<AppConfig, 'db'>): string {
  if (error instanceof InvalidConfigError || error instanceof StartupError) return error.message;
  const { code, message } = error as { code?: string; message?: string };
  if (code !== undefined && CONNECTION_FAILURES.has(code)) {
    const where = config ? ` at ${config.db.host}:${config.db.port}` : '';
    return `cannot connect to MySQL${where} (${code}): ${message ?? ''}`.trim();
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Nest closes the server, drains requests and closes workers and pools on SIGTERM; this bounds how long
 * that may take, so a stuck connection can never keep a stopping instance alive.
 */
export function installShutdownDeadline(graceMs: number): void {
  const arm = (): void => {
    setTimeout(() => {
      console.error(`Shutdown took longer than ${graceMs} ms; exiting anyway`);
      process.exit(1);
    }, graceMs).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}

/** Wraps a start-up step so a MySQL failure names MySQL and where it was looked for. */
export async function explainStartup<T>(config: Pick<AppConfig, 'db'>, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw new StartupError(describeStartupFailure(error, config), { cause: error });
  }
}
