import { Injectable } from '@nestjs/common';
import { Email } from '../../../domain/identity/email';
import { EmailTakenError } from '../../../domain/identity/identity.errors';
import { PasswordHasher } from '../../../domain/identity/password-hasher';
import { type User } from '../../../domain/identity/user';
import { UserRepository } from '../../../domain/identity/user.repository';
import { type EnsureFirstAdminCmd } from './ensure-first-admin.cmd';

/** Creates the admin named in the configuration when that account does not exist yet; never alters one. */
@Injectable()
export class EnsureFirstAdminCmdExe {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(cmd: EnsureFirstAdminCmd): Promise<{ user: User; created: boolean }> {
    const email = Email.of(cmd.email);
    const existing = await this.users.findByEmail(email);
    if (existing) return { user: existing, created: false };
    try {
      const user = await this.users.insert({
        email,
        displayName: 'Administrator',
        role: 'admin',
        passwordHash: await this.hasher.hash(cmd.password),
      });
      return { user, created: true };
    } catch (error) {
      // Another instance starting at the same moment created it first.
      if (!(error instanceof EmailTakenError)) throw error;
      const user = await this.users.findByEmail(email);
      if (!user) throw error;
      return { user, created: false };
    }
  }
}
