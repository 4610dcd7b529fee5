import { type Role, type User } from './user';

/**
 * Port: the stored account behind a token, read on every authenticated request, so it must be cheap (each
 * instance remembers an answer for at most AUTH_USER_CACHE_MS). A deleted account answers null; a changed
 * role is seen once the remembered answer lapses.
 */
export abstract class AccountDirectory {
  /** The account's stored role, or null when it no longer exists. Throws when it cannot be read. */
  abstract roleOf(userId: string): Promise<Role | null>;
  /** What a log-in has just read, so the request after it needs no read of its own. */
  abstract remember(user: User): void;
}
