import { Injectable, Logger } from '@nestjs/common';
import { Email } from '../../../domain/identity/email';
import { PasswordHasher } from '../../../domain/identity/password-hasher';
import { type User } from '../../../domain/identity/user';
import { UserRepository } from '../../../domain/identity/user.repository';
import { NotificationQueue } from '../../../domain/notification/notification.queue';
import { type RegisterUserCmd } from './register-user.cmd';

@Injectable()
export class RegisterUserCmdExe {
  private readonly logger = new Logger(RegisterUserCmdExe.name);

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly notifications: NotificationQueue,
  ) {}

  async execute(cmd: RegisterUserCmd): Promise<User> {
    const user = await this.users.insert({
      email: Email.of(cmd.email),
      displayName: cmd.displayName.trim(),
      role: 'customer',
      passwordHash: await this.hasher.hash(cmd.password),
    });
    await this.welcome(user);
    return user;
  }

  /** The account exists either way: a queue hiccup must not turn a registration into an error. */
  private async welcome(user: User): Promise<void> {
    try {
      await this.notifications.enqueue({
        userId: user.id,
        kind: 'welcome',
        title: `Welcome, ${user.displayName}`,
        body: 'Your account is ready. Watch the upcoming sales and be there when they open.',
        data: {},
      });
    } catch (error) {
      this.logger.warn(`Welcome notification for user ${user.id} not queued: ${String(error)}`);
    }
  }
}
