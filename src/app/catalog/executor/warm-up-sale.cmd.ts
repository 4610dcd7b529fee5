export class WarmUpSaleCmd {
  constructor(readonly saleId: string) {}
}
