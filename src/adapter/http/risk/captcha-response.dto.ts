import { type CaptchaChallenge } from '../../../domain/risk/captcha-challenges';

/** altcha's challenge (what its widget takes): find `number` ≤ maxnumber with SHA-256(salt + number) = challenge. */
export class ProofOfWorkChallengeDto {
  /** SHA-256. */
  algorithm!: string;
  /** Hex digest to match. */
  challenge!: string;
  /** The sale's captchaDifficulty. */
  maxnumber!: number;
  /** Carries the user, the sale, the captcha id and the expiry; signed with the challenge. */
  salt!: string;
  /** HMAC-SHA-256 of `challenge` under a server secret. */
  signature!: string;
}

export class CaptchaResponseDto {
  /** Send it back as captchaId with the order. */
  captchaId!: string;
  /** The sale's captchaKind. */
  kind!: 'pow' | 'image';
  /** image: an SVG of the text to type as captchaAnswer (letter case does not matter). */
  svg?: string;
  /** pow: solve it (e.g. the altcha widget) and send the number found, in decimal, as captchaAnswer. */
  challenge?: ProofOfWorkChallengeDto;

  static from(challenge: CaptchaChallenge): CaptchaResponseDto {
    return challenge.kind === 'pow'
      ? Object.assign(new CaptchaResponseDto(), {
          captchaId: challenge.captchaId,
          kind: 'pow',
          challenge: Object.assign(new ProofOfWorkChallengeDto(), challenge.challenge),
        })
      : Object.assign(new CaptchaResponseDto(), {
          captchaId: challenge.captchaId,
          kind: 'image',
          svg: challenge.svg,
        });
  }
}
