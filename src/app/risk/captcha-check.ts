import { Injectable } from '@nestjs/common';
import { CaptchaChallenges } from '../../domain/risk/captcha-challenges';
import { CaptchaInvalidError } from '../../domain/risk/risk.errors';

export interface CaptchaAttempt {
  userId: string;
  saleId: string;
  /** The sale's captchaRequired. */
  captchaRequired: boolean;
  captchaId?: string;
  captchaAnswer?: string;
}

/**
 * For the order use case: a sale with captchaRequired needs the caller's own, unused, unexpired captcha
 * answered right; the challenge is used up either way. A sale without it needs nothing (a captcha sent anyway
 * is ignored). Throws CaptchaInvalidError (400 CAPTCHA_INVALID).
 */
@Injectable()
export class CaptchaCheck {
  constructor(private readonly captchas: CaptchaChallenges) {}

  async assertSolved(attempt: CaptchaAttempt): Promise<void> {
    if (!attempt.captchaRequired) return;
    if (!attempt.captchaId || attempt.captchaAnswer === undefined) {
      throw new CaptchaInvalidError('This sale needs a captcha: send captchaId and captchaAnswer');
    }
    await this.captchas.consume(attempt.userId, attempt.saleId, attempt.captchaId, attempt.captchaAnswer);
  }
}
