import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import pLimit from 'p-limit';
import { AppConfig } from '../../config/app-config';
import { PasswordHasher } from '../../domain/identity/password-hasher';

/**
 * Argon2id with OWASP's minimum cost by default (19 MiB, 2 passes, 1 lane); raise it through config.
 *
 * argon2 computes on libuv's threadpool (4 threads unless UV_THREADPOOL_SIZE says otherwise), never on the event
 * loop, but that pool is shared with DNS lookups, file reads and zlib. A registration or login flood would occupy
 * every thread for tens of ms per hash; PASSWORD_HASH_MAX_CONCURRENT hashes (and checks) run at once, the rest
 * wait in a queue in memory, so a thread always remains for the rest of the process.
 */
@Injectable()
export class Argon2PasswordHasher extends PasswordHasher {
  private readonly limit: pLimit.Limit;

  constructor(private readonly config: AppConfig) {
    super();
    this.limit = pLimit(config.passwordHash.maxConcurrent);
  }

  hash(password: string): Promise<string> {
    return this.limit(() =>
      argon2.hash(password, {
        type: argon2.argon2id,
        memoryCost: this.config.passwordHash.memoryKib,
        timeCost: this.config.passwordHash.iterations,
        parallelism: 1,
      }),
    );
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.limit(async () => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    });
  }
}
