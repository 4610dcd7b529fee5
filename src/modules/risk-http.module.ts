import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { THROTTLER } from '../adapter/http/common/rate-limit.guard';
import { CaptchaController } from '../adapter/http/risk/captcha.controller';
import { IpBansController } from '../adapter/http/risk/ip-bans.controller';
import { AppConfig } from '../config/app-config';
import { createRateLimitStorage } from '../infrastructure/redis/rate-limit-storage';
import { RiskModule } from './risk.module';

/**
 * The risk context's HTTP side: the ban and captcha routes, and every throttler of the API (in the flash-sale
 * Redis; ThrottlerModule is global, so the guards of other contexts' routes find them). The per-address guard is
 * global (HttpConventionsModule, ahead of the token check); the ban check and the violation count are Fastify
 * hooks (create-http-app.ts).
 */
@Module({
  imports: [
    RiskModule,
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
})
export class RiskHttpModule {}
