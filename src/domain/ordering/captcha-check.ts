/** What an order attempt brings for the captcha, and what its sale asks. */
export interface CaptchaAttempt {
  userId: string;
  saleId: string;
  /** The sale's captchaRequired. */
  captchaRequired: boolean;
  captchaId?: string;
  captchaAnswer?: string;
}

/**
 * Port: the order use case's captcha check. Ordering declares what it needs; the risk context, which issues the
 * challenges, implements it (app/risk/challenge-captcha-check.ts), so ordering never imports risk.
 */
export abstract class CaptchaCheck {
  /**
   * A sale with captchaRequired needs the caller's own, unused, unexpired captcha answered right. Throws
   * CaptchaInvalidError (400 CAPTCHA_INVALID) otherwise.
   */
  abstract assertSolved(attempt: CaptchaAttempt): Promise<void>;
}
