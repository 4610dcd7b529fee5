export class GetFlashSaleQry {
  constructor(readonly saleId: string) {}
}
