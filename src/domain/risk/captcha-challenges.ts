import { type CaptchaKind } from '../catalog/flash-sale';

/** altcha's challenge (v1 format, what its widget solves): find n ≤ maxnumber with hash(salt + n) = challenge. */
export interface ProofOfWorkChallenge {
  algorithm: 'SHA-1' | 'SHA-256' | 'SHA-512';
  challenge: string;
  maxnumber: number;
  salt: string;
  /** HMAC of `challenge` under a server secret: a client cannot make up an easier one. */
  signature: string;
}

export type CaptchaChallenge =
  | { captchaId: string; kind: 'image'; /** An SVG image of the text to type. */ svg: string }
  | { captchaId: string; kind: 'pow'; challenge: ProofOfWorkChallenge };

export interface CaptchaRequest {
  kind: CaptchaKind;
  /** pow: altcha's maxnumber. */
  difficulty: number;
}

/**
 * Port: captcha challenges bound to one user and one sale. Each can be answered once: a wrong answer uses
 * it up too, so every guess costs a new challenge (and, for pow, new work).
 */
export abstract class CaptchaChallenges {
  abstract issue(userId: string, saleId: string, request: CaptchaRequest): Promise<CaptchaChallenge>;
  /**
   * Resolves when `answer` is right for this user's unused, unexpired challenge of this sale, and uses it up:
   * the text of an image, the number (decimal) of a proof of work.
   * Throws CaptchaInvalidError otherwise (wrong, reused, expired, another user's or another sale's).
   */
  abstract consume(userId: string, saleId: string, captchaId: string, answer: string): Promise<void>;
}

/** Letter case and surrounding blanks do not matter. */
export function captchaAnswerMatches(expected: string, given: string): boolean {
  const normalize = (text: string): string => text.trim().toLowerCase();
  return normalize(expected) !== '' && normalize(expected) === normalize(given);
}

/** A proof of work's answer: a plain decimal number, at most the challenge's maxnumber. */
export function parseProofOfWorkAnswer(answer: string, maxnumber: number): number | null {
  if (!/^\d{1,10}$/.test(answer.trim())) return null;
  const number = Number(answer.trim());
  return number <= maxnumber ? number : null;
}
