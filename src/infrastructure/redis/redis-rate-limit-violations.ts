import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../../config/app-config';
import { RateLimitViolations } from '../../domain/risk/rate-limit-violations';
import { FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';
import { RiskKeys } from './risk-keys';

type ViolationCommands = { riskCountViolation(key: string, windowSeconds: number): Promise<number> };

/** A counter per address with a fixed window (one Lua script: INCR, and EXPIRE on the first). */
@Injectable()
export class RedisRateLimitViolations extends RateLimitViolations {
  private readonly keys: RiskKeys;
  private readonly redis: FlashSaleRedis & ViolationCommands;

  constructor(@Inject(FLASH_SALE_REDIS) redis: FlashSaleRedis, config: AppConfig) {
    super();
    this.keys = new RiskKeys(config.redis.keyPrefix);
    redis.defineCommand('riskCountViolation', {
      numberOfKeys: 1,
      lua: readFileSync(join(__dirname, 'lua', 'count-violation.lua'), 'utf8'),
    });
    this.redis = redis as FlashSaleRedis & ViolationCommands;
  }

  record(ip: string, windowSeconds: number): Promise<number> {
    return this.redis.riskCountViolation(this.keys.violations(ip), windowSeconds);
  }

  async forget(ip: string): Promise<void> {
    await this.redis.del(this.keys.violations(ip));
  }
}
