import { Module } from '@nestjs/common';
import { AdminUsersController } from '../adapter/http/identity/admin-users.controller';
import { AuthController } from '../adapter/http/identity/auth.controller';
import { FirstAdminInitializer } from '../adapter/startup/first-admin.initializer';
import { IdentityModule } from './identity.module';

/**
 * The identity context's routes, and the first admin ensured when the API starts. The login and registration
 * limits (throttlers 'login' and 'register') are configured in RiskHttpModule with the others.
 */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, AdminUsersController],
  providers: [FirstAdminInitializer],
})
export class IdentityHttpModule {}
