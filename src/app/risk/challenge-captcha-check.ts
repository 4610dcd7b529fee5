import { Injectable } from '@nestjs/common';
import { type CaptchaAttempt, CaptchaCheck } from '../../domain/ordering/captcha-check';
import { CaptchaChallenges } from '../../domain/risk/captcha-challenges';
import { CaptchaInvalidError } from '../../domain/risk/risk.errors';

/**
 * Ordering's CaptchaCheck, done with the risk context's challenges: a sale with captchaRequired needs the caller's
 * own, unused, unexpired captcha answered right; the challenge is used up either way. A sale without it needs
 * nothing (a captcha sent anyway is ignored). Throws CaptchaInvalidError (400 CAPTCHA_INVALID).
 */
@Injectable()
export class ChallengeCaptchaCheck extends CaptchaCheck {
  constructor(private readonly captchas: CaptchaChallenges) {
    super();
  }

  async assertSolved(attempt: CaptchaAttempt): Promise<void> {
    if (!attempt.captchaRequired) return;
    if (!attempt.captchaId || attempt.captchaAnswer === undefined) {
      throw new CaptchaInvalidError('This sale needs a captcha: send captchaId and captchaAnswer');
    }
    await this.captchas.consume(attempt.userId, attempt.saleId, attempt.captchaId, attempt.captchaAnswer);
  }
}
