import { Injectable } from '@nestjs/common';
import { FlashSaleRepository } from '../../../../domain/catalog/flash-sale.repository';
import { type CaptchaChallenge, CaptchaChallenges } from '../../../../domain/risk/captcha-challenges';
import { CaptchaNotNeededError } from '../../../../domain/risk/risk.errors';
import { type IssueCaptchaQry } from './issue-captcha.qry';

/** A fresh captcha for a sale that asks for one, bound to the caller and the sale. */
@Injectable()
export class IssueCaptchaQryExe {
  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly captchas: CaptchaChallenges,
  ) {}

  async execute(qry: IssueCaptchaQry): Promise<CaptchaChallenge> {
    const sale = await this.sales.getById(qry.saleId);
    if (!sale.props.captchaRequired) throw new CaptchaNotNeededError();
    return this.captchas.issue(qry.userId, sale.id, {
      kind: sale.props.captchaKind,
      difficulty: sale.props.captchaDifficulty,
    });
  }
}
