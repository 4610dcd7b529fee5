export interface CaptchaAnswer {
  captchaId?: string;
  captchaAnswer?: string;
}

export class PlaceOrderCmd {
  constructor(
    readonly saleId: string,
    readonly userId: string,
    readonly quantity: number,
    readonly idempotencyKey: string | null,
    readonly captcha: CaptchaAnswer = {},
  ) {}
}
