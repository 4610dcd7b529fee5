import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnsureFirstAdminCmdExe } from '../app/identity/executor/ensure-first-admin.cmd-exe';
import { GetCurrentUserQryExe } from '../app/identity/executor/query/get-current-user.qry-exe';
import { ListUsersQryExe } from '../app/identity/executor/query/list-users.qry-exe';
import { LogInCmdExe } from '../app/identity/executor/log-in.cmd-exe';
import { RegisterUserCmdExe } from '../app/identity/executor/register-user.cmd-exe';
import { AccessTokens } from '../domain/identity/access-tokens';
import { AccountDirectory } from '../domain/identity/account-directory';
import { CachedAccountDirectory } from '../infrastructure/cache/cached-account-directory';
import { PasswordHasher } from '../domain/identity/password-hasher';
import { UserRepository } from '../domain/identity/user.repository';
import { TypeormUserRepository } from '../infrastructure/persistence/identity/typeorm-user.repository';
import { UserOrmEntity } from '../infrastructure/persistence/identity/user.orm-entity';
import { Argon2PasswordHasher } from '../infrastructure/security/argon2-password-hasher';
import { JwtAccessTokens } from '../infrastructure/security/jwt-access-tokens';
import { NotificationModule } from './notification.module';

/** Accounts: users, password hashing, access tokens and the cached account directory. No HTTP (IdentityHttpModule). */
@Module({
  imports: [TypeOrmModule.forFeature([UserOrmEntity]), JwtModule.register({}), NotificationModule],
  providers: [
    { provide: UserRepository, useClass: TypeormUserRepository },
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: AccessTokens, useClass: JwtAccessTokens },
    { provide: AccountDirectory, useClass: CachedAccountDirectory },
    RegisterUserCmdExe,
    LogInCmdExe,
    GetCurrentUserQryExe,
    ListUsersQryExe,
    EnsureFirstAdminCmdExe,
  ],
  exports: [
    AccessTokens,
    AccountDirectory,
    RegisterUserCmdExe,
    LogInCmdExe,
    GetCurrentUserQryExe,
    ListUsersQryExe,
    EnsureFirstAdminCmdExe,
  ],
})
export class IdentityModule {}
