import { Inject, Injectable } from '@nestjs/common';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create as createSvgCaptcha } from 'svg-captcha';
import { AppConfig } from '../../config/app-config';
import {
  type CaptchaChallenge,
  captchaAnswerMatches,
  CaptchaChallenges,
  type CaptchaRequest,
  parseProofOfWorkAnswer,
  type ProofOfWorkChallenge,
} from '../../domain/risk/captcha-challenges';
import { CaptchaInvalidError } from '../../domain/risk/risk.errors';
import { FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';
import { RiskKeys } from './risk-keys';

type CaptchaCommands = {
  riskConsumeCaptcha(key: string, userId: string): Promise<[string, string] | null>;
};

const CAPTCHA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Two kinds, per sale. pow: an altcha challenge (SHA-256, the sale's maxnumber) HMAC-signed with a key derived
 * from JWT_SECRET, with the user, the sale, the captcha id and the expiry in its signed salt; image: text drawn
 * by svg-captcha. Either waits in the flash-sale Redis (CAPTCHA_TTL_SECONDS) under the sale's hash tag, bound
 * to the user, and a Lua script uses it up atomically (see lua/consume-captcha.lua), so each is answered once.
 */
@Injectable()
export class RedisCaptchaChallenges extends CaptchaChallenges {
  private readonly keys: RiskKeys;
  private readonly redis: FlashSaleRedis & CaptchaCommands;
  /** The signing key of proof-of-work challenges: a server secret, never a value from the repository. */
  private readonly hmacKey: string;

  constructor(
    @Inject(FLASH_SALE_REDIS) redis: FlashSaleRedis,
    private readonly config: AppConfig,
  ) {
    super();
    this.keys = new RiskKeys(config.redis.keyPrefix);
    this.hmacKey = createHmac('sha256', config.jwt.secret).update('flash-sale captcha pow v1').digest('hex');
    redis.defineCommand('riskConsumeCaptcha', {
      numberOfKeys: 1,
      lua: readFileSync(join(__dirname, 'lua', 'consume-captcha.lua'), 'utf8'),
    });
    this.redis = redis as FlashSaleRedis & CaptchaCommands;
  }

  async issue(userId: string, saleId: string, request: CaptchaRequest): Promise<CaptchaChallenge> {
    const captchaId = randomUUID();
    if (request.kind === 'pow') {
      const challenge = await this.powChallenge(userId, saleId, captchaId, request.difficulty);
      await this.store(saleId, captchaId, userId, 'pow', JSON.stringify(challenge));
      return { captchaId, kind: 'pow', challenge };
    }
    // Characters that look alike in a distorted font are left out.
    const drawn = createSvgCaptcha({ size: 5, noise: 2, ignoreChars: '0oO1lIi', color: true });
    await this.store(saleId, captchaId, userId, 'image', drawn.text.toLowerCase());
    return { captchaId, kind: 'image', svg: drawn.data };
  }

  async consume(userId: string, saleId: string, captchaId: string, answer: string): Promise<void> {
    if (!CAPTCHA_ID.test(captchaId)) throw new CaptchaInvalidError();
    const found = await this.redis.riskConsumeCaptcha(this.keys.captcha(saleId, captchaId), userId);
    if (found === null) throw new CaptchaInvalidError();
    const [kind, expected] = found;
    const solved =
      kind === 'pow'
        ? await this.powSolved(
            JSON.parse(expected) as ProofOfWorkChallenge,
            { userId, saleId, captchaId },
            answer,
          )
        : captchaAnswerMatches(expected, answer);
    if (!solved) throw new CaptchaInvalidError();
  }

  private powChallenge(
    userId: string,
    saleId: string,
    captchaId: string,
    difficulty: number,
  ): Promise<ProofOfWorkChallenge> {
    return createChallenge({
      algorithm: 'SHA-256',
      hmacKey: this.hmacKey,
      maxnumber: difficulty,
      expires: new Date(Date.now() + this.config.risk.captchaTtlSeconds * 1000),
      params: { user: userId, sale: saleId, id: captchaId },
    }) as Promise<ProofOfWorkChallenge>;
  }

  /** The number must hash to the signed challenge, which must be this user's, this sale's and unexpired. */
  private async powSolved(
    challenge: ProofOfWorkChallenge,
    bound: { userId: string; saleId: string; captchaId: string },
    answer: string,
  ): Promise<boolean> {
    const number = parseProofOfWorkAnswer(answer, challenge.maxnumber);
    if (number === null) return false;
    const params = extractParams(challenge);
    if (params.user !== bound.userId || params.sale !== bound.saleId || params.id !== bound.captchaId) {
      return false;
    }
    return verifySolution(
      {
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number,
        salt: challenge.salt,
        signature: challenge.signature,
      },
      this.hmacKey,
    );
  }

  private async store(
    saleId: string,
    captchaId: string,
    userId: string,
    kind: 'pow' | 'image',
    answer: string,
  ): Promise<void> {
    const key = this.keys.captcha(saleId, captchaId);
    const results = await this.redis
      .multi()
      .hset(key, 'user', userId, 'kind', kind, 'answer', answer)
      .expire(key, this.config.risk.captchaTtlSeconds)
      .exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }
}
