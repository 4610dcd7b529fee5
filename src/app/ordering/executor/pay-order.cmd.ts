export class PayOrderCmd {
  constructor(
    readonly orderId: string,
    readonly userId: string,
    readonly paymentToken: string | null,
  ) {}
}
