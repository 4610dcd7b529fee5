import { type CaptchaChallenge } from '../../../domain/risk/captcha-challenges';

export class CaptchaResponseDto {
  /** Send it back as captchaId with the order. */
  captchaId!: string;
  /** An SVG image of the text to type as captchaAnswer (letter case does not matter). */
  svg!: string;

  static from(challenge: CaptchaChallenge): CaptchaResponseDto {
    return Object.assign(new CaptchaResponseDto(), { captchaId: challenge.captchaId, svg: challenge.svg });
  }
}
