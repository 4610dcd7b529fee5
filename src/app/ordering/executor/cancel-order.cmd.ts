export class CancelOrderCmd {
  constructor(
    readonly orderId: string,
    readonly userId: string,
  ) {}
}
