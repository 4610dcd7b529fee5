import { type CaptchaChallenges } from '../../domain/risk/captcha-challenges';
import { CaptchaInvalidError } from '../../domain/risk/risk.errors';
import { ChallengeCaptchaCheck } from './challenge-captcha-check';

describe('ChallengeCaptchaCheck', () => {
  const consumed: string[][] = [];
  const check = new ChallengeCaptchaCheck({
    consume: (userId: string, saleId: string, captchaId: string, answer: string) => {
      consumed.push([userId, saleId, captchaId, answer]);
      return answer === 'right' ? Promise.resolve() : Promise.reject(new CaptchaInvalidError());
    },
  } as CaptchaChallenges);

  beforeEach(() => (consumed.length = 0));

  it('asks nothing of a sale without captchaRequired', async () => {
    await check.assertSolved({ userId: '7', saleId: '10', captchaRequired: false });
    await check.assertSolved({
      userId: '7',
      saleId: '10',
      captchaRequired: false,
      captchaId: 'c',
      captchaAnswer: 'x',
    });
    expect(consumed).toHaveLength(0);
  });

  it('uses up the caller’s challenge of the sale', async () => {
    const attempt = { userId: '7', saleId: '10', captchaRequired: true, captchaId: 'c-1' };
    await check.assertSolved({ ...attempt, captchaAnswer: 'right' });
    await expect(check.assertSolved({ ...attempt, captchaAnswer: 'wrong' })).rejects.toThrow(
      CaptchaInvalidError,
    );
    expect(consumed).toEqual([
      ['7', '10', 'c-1', 'right'],
      ['7', '10', 'c-1', 'wrong'],
    ]);
  });

  it('refuses a captcha sale without captchaId or answer', async () => {
    const base = { userId: '7', saleId: '10', captchaRequired: true };
    await expect(check.assertSolved(base)).rejects.toMatchObject({ code: 'CAPTCHA_INVALID' });
    await expect(check.assertSolved({ ...base, captchaId: 'c-1' })).rejects.toThrow(CaptchaInvalidError);
    await expect(check.assertSolved({ ...base, captchaAnswer: 'right' })).rejects.toThrow(
      CaptchaInvalidError,
    );
    expect(consumed).toHaveLength(0);
  });
});
