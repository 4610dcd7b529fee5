import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { AppConfig } from '../../src/config/app-config';
import { loadEnvFile } from '../../src/config/load-env-file';
import { type CaptchaRequest } from '../../src/domain/risk/captcha-challenges';
import { CaptchaInvalidError } from '../../src/domain/risk/risk.errors';
import { RedisCaptchaChallenges } from '../../src/infrastructure/redis/redis-captcha-challenges';
import { deleteKeys } from '../support/test-environment';
import { sleep } from './risk-support';

const IMAGE: CaptchaRequest = { kind: 'image', difficulty: 100_000 };

/** The captcha store against a real Redis: the key layout is `<prefix>fs:{sale:<id>}:captcha:<captchaId>`. */
describe('RedisCaptchaChallenges, image kind (real Redis)', () => {
  loadEnvFile();
  const prefix = `test:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
  const configWith = (captchaTtlSeconds: number) =>
    AppConfig.fromEnv({
      DB_USERNAME: 'unused',
      DB_DATABASE: 'unused',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
      REDIS_KEY_PREFIX: prefix,
      JWT_SECRET: 'x'.repeat(32),
      CAPTCHA_TTL_SECONDS: String(captchaTtlSeconds),
    });
  const config = configWith(120);
  let redis: Redis;
  let captchas: RedisCaptchaChallenges;

  const key = (saleId: string, captchaId: string) => `${prefix}fs:{sale:${saleId}}:captcha:${captchaId}`;
  const answerOf = async (saleId: string, captchaId: string) =>
    (await redis.hget(key(saleId, captchaId), 'answer'))!;

  beforeAll(() => {
    redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
    captchas = new RedisCaptchaChallenges(redis, config);
  });
  afterAll(async () => {
    await deleteKeys(redis, `${prefix}*`);
    redis.disconnect();
  });

  it('issues an SVG challenge bound to the user and the sale, kept for CAPTCHA_TTL_SECONDS', async () => {
    const challenge = await captchas.issue('7', '10', IMAGE);
    expect(challenge.captchaId).toMatch(/^[0-9a-f-]{36}$/);
    if (challenge.kind !== 'image') throw new Error('an image captcha was asked for');
    expect(challenge.svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(await redis.hgetall(key('10', challenge.captchaId))).toEqual({
      user: '7',
      kind: 'image',
      answer: expect.stringMatching(/^[a-z2-9]{5}$/),
    });
    const ttl = await redis.ttl(key('10', challenge.captchaId));
    expect(ttl).toBeGreaterThan(110);
    expect(ttl).toBeLessThanOrEqual(120);
    const other = await captchas.issue('7', '10', IMAGE);
    expect(other.captchaId).not.toBe(challenge.captchaId);
  });

  it('accepts the right answer in any letter case once; a second use is CAPTCHA_INVALID', async () => {
    const { captchaId } = await captchas.issue('7', '10', IMAGE);
    const answer = await answerOf('10', captchaId);
    await expect(
      captchas.consume('7', '10', captchaId, ` ${answer.toUpperCase()} `),
    ).resolves.toBeUndefined();
    expect(await redis.exists(key('10', captchaId))).toBe(0);
    await expect(captchas.consume('7', '10', captchaId, answer)).rejects.toThrow(CaptchaInvalidError);
  });

  it('uses the challenge up on a wrong answer: one try per challenge', async () => {
    const { captchaId } = await captchas.issue('7', '10', IMAGE);
    const answer = await answerOf('10', captchaId);
    await expect(captchas.consume('7', '10', captchaId, 'wrong')).rejects.toMatchObject({
      code: 'CAPTCHA_INVALID',
    });
    await expect(captchas.consume('7', '10', captchaId, answer)).rejects.toThrow(CaptchaInvalidError);
  });

  it('refuses another user’s challenge without using it up', async () => {
    const { captchaId } = await captchas.issue('7', '10', IMAGE);
    const answer = await answerOf('10', captchaId);
    await expect(captchas.consume('8', '10', captchaId, answer)).rejects.toThrow(CaptchaInvalidError);
    await expect(captchas.consume('7', '10', captchaId, answer)).resolves.toBeUndefined();
  });

  it('refuses a challenge of another sale', async () => {
    const { captchaId } = await captchas.issue('7', '10', IMAGE);
    const answer = await answerOf('10', captchaId);
    await expect(captchas.consume('7', '11', captchaId, answer)).rejects.toThrow(CaptchaInvalidError);
  });

  it('refuses an expired challenge', async () => {
    const shortLived = new RedisCaptchaChallenges(redis, configWith(1));
    const { captchaId } = await shortLived.issue('7', '10', IMAGE);
    const answer = await answerOf('10', captchaId);
    await sleep(1100);
    await expect(shortLived.consume('7', '10', captchaId, answer)).rejects.toThrow(CaptchaInvalidError);
  });

  it('refuses an unknown or malformed captcha id', async () => {
    await expect(
      captchas.consume('7', '10', '00000000-0000-4000-8000-000000000000', 'abcde'),
    ).rejects.toThrow(CaptchaInvalidError);
    await expect(captchas.consume('7', '10', '*', 'abcde')).rejects.toThrow(CaptchaInvalidError);
  });

  it('lets exactly one of many simultaneous right answers through', async () => {
    const { captchaId } = await captchas.issue('7', '10', IMAGE);
    const answer = await answerOf('10', captchaId);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => captchas.consume('7', '10', captchaId, answer)),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  });
});
