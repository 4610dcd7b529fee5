import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { THROTTLER } from '../adapter/http/common/rate-limit.guard';
import { CaptchaController } from '../adapter/http/risk/captcha.controller';
import { IpBansController } from '../adapter/http/risk/ip-bans.controller';
import { BanAddressCmdExe } from '../app/risk/ban-address.cmd-exe';
import { CaptchaCheck } from '../app/risk/captcha-check';
import { IssueCaptchaQryExe } from '../app/risk/issue-captcha.qry-exe';
import { LiftBanCmdExe } from '../app/risk/lift-ban.cmd-exe';
import { ListBansQryExe } from '../app/risk/list-bans.qry-exe';
import { RecordRateLimitViolationCmdExe } from '../app/risk/record-rate-limit-violation.cmd-exe';
import { AppConfig } from '../config/app-config';
import { AutoBanPolicy } from '../domain/risk/auto-ban-policy';
import { BannedAddresses } from '../domain/risk/banned-addresses';
import { CaptchaChallenges } from '../domain/risk/captcha-challenges';
import { IpBanRepository } from '../domain/risk/ip-ban.repository';
import { RateLimitViolations } from '../domain/risk/rate-limit-violations';
import { IpBanOrmEntity } from '../infrastructure/persistence/risk/ip-ban.orm-entity';
import { TypeormIpBanRepository } from '../infrastructure/persistence/risk/typeorm-ip-ban.repository';
import { RedisBannedAddresses } from '../infrastructure/redis/redis-banned-addresses';
import { RedisCaptchaChallenges } from '../infrastructure/redis/redis-captcha-challenges';
import { createRateLimitStorage } from '../infrastructure/redis/rate-limit-storage';
import { RedisRateLimitViolations } from '../infrastructure/redis/redis-rate-limit-violations';
import { CatalogModule } from './catalog.module';

/**
 * The risk context: rate limits (every throttler of the app, in the flash-sale Redis), IP bans (MySQL, in memory
 * on every instance) and captchas. The per-address guard is global (HttpConventionsModule, ahead of the token
 * check); the ban check and the violation count are Fastify hooks (create-http-app.ts).
 *
 * Global, so the ordering context can use CaptchaCheck without importing this module (which imports the catalog,
 * which imports ordering).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([IpBanOrmEntity]),
    CatalogModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => ({
        throttlers: [
          {
            name: THROTTLER.address,
            limit: config.risk.addressRateLimit.limit,
            ttl: config.risk.addressRateLimit.windowSeconds * 1000,
          },
          {
            name: THROTTLER.login,
            limit: config.loginRateLimit.limit,
            ttl: config.loginRateLimit.windowSeconds * 1000,
          },
          {
            name: THROTTLER.register,
            limit: config.registerRateLimit.limit,
            ttl: config.registerRateLimit.windowSeconds * 1000,
          },
          {
            name: THROTTLER.order,
            limit: config.risk.orderRateLimit.limit,
            ttl: config.risk.orderRateLimit.windowSeconds * 1000,
          },
        ],
        storage: await createRateLimitStorage(config),
      }),
    }),
  ],
  controllers: [IpBansController, CaptchaController],
  providers: [
    { provide: IpBanRepository, useClass: TypeormIpBanRepository },
    { provide: BannedAddresses, useClass: RedisBannedAddresses },
    { provide: RateLimitViolations, useClass: RedisRateLimitViolations },
    { provide: CaptchaChallenges, useClass: RedisCaptchaChallenges },
    {
      provide: AutoBanPolicy,
      inject: [AppConfig],
      useFactory: ({ risk }: AppConfig) =>
        new AutoBanPolicy(risk.autoBan.afterViolations, risk.autoBan.windowSeconds, risk.autoBan.banSeconds),
    },
    BanAddressCmdExe,
    LiftBanCmdExe,
    ListBansQryExe,
    RecordRateLimitViolationCmdExe,
    IssueCaptchaQryExe,
    CaptchaCheck,
  ],
  exports: [CaptchaCheck, CaptchaChallenges, BannedAddresses],
})
export class RiskModule {}
