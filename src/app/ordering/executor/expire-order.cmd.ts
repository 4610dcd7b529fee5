export class ExpireOrderCmd {
  constructor(readonly orderId: string) {}
}
