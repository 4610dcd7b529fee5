import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import {
  CACHE_REDIS,
  createFlashSaleRedis,
  createRedisClient,
  FLASH_SALE_REDIS,
  type FlashSaleRedis,
} from './redis-clients';

@Global()
@Module({
  providers: [
    {
      provide: FLASH_SALE_REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createFlashSaleRedis(config.redis, 'flash-sale'),
    },
    {
      provide: CACHE_REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createRedisClient(config.redis.cacheUrl, 'cache'),
    },
  ],
  exports: [FLASH_SALE_REDIS, CACHE_REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(FLASH_SALE_REDIS) private readonly flashSale: FlashSaleRedis,
    @Inject(CACHE_REDIS) private readonly cache: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.flashSale.quit(), this.cache.quit()]);
  }
}
