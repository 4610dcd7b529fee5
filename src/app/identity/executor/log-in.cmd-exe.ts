import { Injectable } from '@nestjs/common';
import { type AccessToken, AccessTokens } from '../../../domain/identity/access-tokens';
import { AccountDirectory } from '../../../domain/identity/account-directory';
import { Email } from '../../../domain/identity/email';
import { InvalidCredentialsError } from '../../../domain/identity/identity.errors';
import { PasswordHasher } from '../../../domain/identity/password-hasher';
import { UserRepository } from '../../../domain/identity/user.repository';
import { type LogInCmd } from './log-in.cmd';

@Injectable()
export class LogInCmdExe {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly accounts: AccountDirectory,
  ) {}

  async execute(cmd: LogInCmd): Promise<AccessToken> {
    const user = await this.users.findByEmail(Email.of(cmd.email));
    const hash = user?.passwordHash ?? (await this.decoy());
    const matches = await this.hasher.verify(hash, cmd.password);
    if (!user || !matches) throw new InvalidCredentialsError();
    this.accounts.remember(user);
    return this.tokens.issue(user);
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= this.hasher.hash('decoy-password-0');
    return this.decoyHash;
  }
}
