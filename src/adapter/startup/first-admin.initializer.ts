import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EnsureFirstAdminCmd } from '../../app/identity/executor/ensure-first-admin.cmd';
import { EnsureFirstAdminCmdExe } from '../../app/identity/executor/ensure-first-admin.cmd-exe';
import { AppConfig } from '../../config/app-config';

/** Creates the admin of ADMIN_EMAIL / ADMIN_PASSWORD at start-up when that account does not exist yet. */
@Injectable()
export class FirstAdminInitializer implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminInitializer.name);

  constructor(
    private readonly config: AppConfig,
    private readonly ensureFirstAdmin: EnsureFirstAdminCmdExe,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin) return;
    const { email, password } = this.config.admin;
    const { user, created } = await this.ensureFirstAdmin.execute(new EnsureFirstAdminCmd(email, password));
    if (created) this.logger.log(`Created the first admin ${user.email.value}`);
    else if (!user.isAdmin) this.logger.warn(`ADMIN_EMAIL ${user.email.value} belongs to a customer account`);
  }
}
