import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create as createSvgCaptcha } from 'svg-captcha';
import { AppConfig } from '../../config/app-config';
import {
  type CaptchaChallenge,
  captchaAnswerMatches,
  CaptchaChallenges,
} from '../../domain/risk/captcha-challenges';
import { CaptchaInvalidError } from '../../domain/risk/risk.errors';
import { FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';
import { RiskKeys } from './risk-keys';

type CaptchaCommands = { riskConsumeCaptcha(key: string, userId: string): Promise<string | null> };

const CAPTCHA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Challenges drawn by svg-captcha; the answer waits in the flash-sale Redis (CAPTCHA_TTL_SECONDS) under the
 * sale's hash tag, bound to the user, and a Lua script uses it up atomically (see lua/consume-captcha.lua).
 */
@Injectable()
export class RedisCaptchaChallenges extends CaptchaChallenges {
  private readonly keys: RiskKeys;
  private readonly redis: FlashSaleRedis & CaptchaCommands;

  constructor(
    @Inject(FLASH_SALE_REDIS) redis: FlashSaleRedis,
    private readonly config: AppConfig,
  ) {
    super();
    this.keys = new RiskKeys(config.redis.keyPrefix);
    redis.defineCommand('riskConsumeCaptcha', {
      numberOfKeys: 1,
      lua: readFileSync(join(__dirname, 'lua', 'consume-captcha.lua'), 'utf8'),
    });
    this.redis = redis as FlashSaleRedis & CaptchaCommands;
  }

  async issue(userId: string, saleId: string): Promise<CaptchaChallenge> {
    // Characters that look alike in a distorted font are left out.
    const drawn = createSvgCaptcha({ size: 5, noise: 2, ignoreChars: '0oO1lIi', color: true });
    const captchaId = randomUUID();
    const key = this.keys.captcha(saleId, captchaId);
    const results = await this.redis
      .multi()
      .hset(key, 'user', userId, 'answer', drawn.text.toLowerCase())
      .expire(key, this.config.risk.captchaTtlSeconds)
      .exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (failure) throw failure;
    return { captchaId, svg: drawn.data };
  }

  async consume(userId: string, saleId: string, captchaId: string, answer: string): Promise<void> {
    if (!CAPTCHA_ID.test(captchaId)) throw new CaptchaInvalidError();
    const expected = await this.redis.riskConsumeCaptcha(this.keys.captcha(saleId, captchaId), userId);
    if (expected === null || !captchaAnswerMatches(expected, answer)) throw new CaptchaInvalidError();
  }
}
