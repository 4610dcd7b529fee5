export class IssueCaptchaQry {
  constructor(
    readonly userId: string,
    readonly saleId: string,
  ) {}
}
