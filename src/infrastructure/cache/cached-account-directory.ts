import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../../config/app-config';
import { AccountDirectory } from '../../domain/identity/account-directory';
import { type Role, type User } from '../../domain/identity/user';
import { UserRepository } from '../../domain/identity/user.repository';
import { withTimeout } from '../resilience/with-timeout';

const MAX_ACCOUNTS = 200_000;
/** A read slower than this fails (the guard then decides without it)... */
const READ_TIMEOUT_MS = 500;
/** ...and for this long after a failure no read is tried, so a hung MySQL costs requests nothing. */
const BACK_OFF_MS = 1000;

interface Standing {
  role: Role | null;
}

/**
 * Accounts as MySQL has them, remembered per instance for AUTH_USER_CACHE_MS (at most 10 s): one primary-key
 * read per account per window per instance, shared by concurrent requests. A row deleted or changed straight
 * in MySQL is seen by every instance within the window; nothing has to announce it.
 */
@Injectable()
export class CachedAccountDirectory extends AccountDirectory {
  private readonly known: LRUCache<string, Standing> | null;
  private readonly reading = new Map<string, Promise<Role | null>>();
  private unavailableUntil = 0;

  constructor(
    private readonly users: UserRepository,
    config: AppConfig,
  ) {
    super();
    this.known =
      config.userCacheMs > 0
        ? new LRUCache<string, Standing>({ max: MAX_ACCOUNTS, ttl: config.userCacheMs })
        : null;
  }

  async roleOf(userId: string): Promise<Role | null> {
    const known = this.known?.get(userId);
    if (known) return known.role;
    const pending = this.reading.get(userId);
    if (pending) return pending;
    if (Date.now() < this.unavailableUntil) throw new Error('MySQL failed a moment ago');
    const read = withTimeout(this.users.findById(userId), READ_TIMEOUT_MS, 'MySQL')
      .then(
        (user) => {
          const role = user?.role ?? null;
          this.known?.set(userId, { role });
          return role;
        },
        (error: unknown) => {
          this.unavailableUntil = Date.now() + BACK_OFF_MS;
          throw error;
        },
      )
      .finally(() => this.reading.delete(userId));
    this.reading.set(userId, read);
    return read;
  }

  remember(user: User): void {
    this.known?.set(user.id, { role: user.role });
  }
}
