import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppConfig } from '../../config/app-config';
import { PasswordHasher } from '../../domain/identity/password-hasher';

/** Argon2id with OWASP's minimum cost by default (19 MiB, 2 passes, 1 lane); raise it through config. */
@Injectable()
export class Argon2PasswordHasher extends PasswordHasher {
  constructor(private readonly config: AppConfig) {
    super();
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.config.passwordHash.memoryKib,
      timeCost: this.config.passwordHash.iterations,
      parallelism: 1,
    });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
