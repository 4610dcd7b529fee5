export interface CaptchaChallenge {
  captchaId: string;
  /** An SVG image of the text to type. */
  svg: string;
}

/**
 * Port: captcha challenges bound to one user and one sale. Each can be answered once: a wrong answer uses
 * it up too, so every guess costs a new challenge.
 */
export abstract class CaptchaChallenges {
  abstract issue(userId: string, saleId: string): Promise<CaptchaChallenge>;
  /**
   * Resolves when `answer` is right for this user's unused, unexpired challenge of this sale, and uses it up.
   * Throws CaptchaInvalidError otherwise (wrong, reused, expired, another user's or another sale's).
   */
  abstract consume(userId: string, saleId: string, captchaId: string, answer: string): Promise<void>;
}

/** Letter case and surrounding blanks do not matter. */
export function captchaAnswerMatches(expected: string, given: string): boolean {
  const normalize = (text: string): string => text.trim().toLowerCase();
  return normalize(expected) !== '' && normalize(expected) === normalize(given);
}
