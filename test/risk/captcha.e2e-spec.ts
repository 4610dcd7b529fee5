import { solveChallenge } from 'altcha-lib/v1';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { AppConfig } from '../../src/config/app-config';
import { loadEnvFile } from '../../src/config/load-env-file';
import { type CaptchaChallenge, type CaptchaRequest } from '../../src/domain/risk/captcha-challenges';
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

describe('RedisCaptchaChallenges, proof-of-work kind (real Redis)', () => {
  loadEnvFile();
  const prefix = `test:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
  const configWith = (captchaTtlSeconds: number) =>
    AppConfig.fromEnv({
      DB_USERNAME: 'unused',
      DB_DATABASE: 'unused',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
      REDIS_KEY_PREFIX: prefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      CAPTCHA_TTL_SECONDS: String(captchaTtlSeconds),
    });
  const POW: CaptchaRequest = { kind: 'pow', difficulty: 2_000 };
  let redis: Redis;

  const solve = async (challenge: CaptchaChallenge): Promise<string> => {
    if (challenge.kind !== 'pow') throw new Error('a proof of work was asked for');
    const { algorithm, challenge: target, salt, maxnumber } = challenge.challenge;
    const solution = await solveChallenge(target, salt, algorithm, maxnumber).promise;
    return String(solution!.number);
  };

  beforeAll(
    () =>
      (redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', { maxRetriesPerRequest: 1 })),
  );
  afterAll(async () => {
    await deleteKeys(redis, `${prefix}*`);
    redis.disconnect();
  });

  it('stores no answer, only the signed challenge, and accepts the worked-out number once', async () => {
    const captchas = new RedisCaptchaChallenges(redis, configWith(120));
    const issued = await captchas.issue('7', '10', POW);
    const stored = await redis.hgetall(`${prefix}fs:{sale:10}:captcha:${issued.captchaId}`);
    expect(stored).toMatchObject({ user: '7', kind: 'pow' });
    expect(JSON.parse(stored.answer)).not.toHaveProperty('number');
    const answer = await solve(issued);
    await expect(captchas.consume('7', '10', issued.captchaId, answer)).resolves.toBeUndefined();
    await expect(captchas.consume('7', '10', issued.captchaId, answer)).rejects.toThrow(CaptchaInvalidError);
  });

  it('refuses a challenge signed under another secret (another deployment)', async () => {
    const ours = new RedisCaptchaChallenges(redis, configWith(120));
    const theirs = new RedisCaptchaChallenges(redis, configWith(120));
    const issued = await theirs.issue('7', '10', POW);
    const answer = await solve(issued);
    await expect(ours.consume('7', '10', issued.captchaId, answer)).rejects.toThrow(CaptchaInvalidError);
  });

  it('refuses an expired challenge', async () => {
    const captchas = new RedisCaptchaChallenges(redis, configWith(1));
    const issued = await captchas.issue('7', '10', POW);
    const answer = await solve(issued);
    await sleep(1100);
    await expect(captchas.consume('7', '10', issued.captchaId, answer)).rejects.toThrow(CaptchaInvalidError);
  });
});
