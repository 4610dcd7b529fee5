import { type CaptchaKind, type StrategyKind } from '../../../domain/catalog/flash-sale';

export class CreateFlashSaleCmd {
  constructor(
    readonly fields: {
      productId: string;
      /** Defaults to the product's name. */
      title?: string;
      salePriceCents: number;
      stock: number;
      perUserLimit?: number;
      startsAt: Date;
      endsAt: Date;
      /** Defaults to ORDERING_DEFAULT_STRATEGY. */
      strategy?: StrategyKind;
      /** Bucketed sales only; defaults to 8. */
      bucketCount?: number;
      paymentTimeoutSeconds?: number;
      captchaRequired?: boolean;
      /** Defaults to pow. */
      captchaKind?: CaptchaKind;
      /** pow's maxnumber; defaults to 100,000. */
      captchaDifficulty?: number;
    },
  ) {}
}
