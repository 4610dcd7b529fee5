export class ReconcileSaleCmd {
  constructor(readonly saleId: string) {}
}
