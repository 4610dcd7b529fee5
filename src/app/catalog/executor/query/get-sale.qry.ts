export class GetSaleQry {
  constructor(readonly saleId: string) {}
}
