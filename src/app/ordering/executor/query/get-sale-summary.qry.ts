export class GetSaleSummaryQry {
  constructor(readonly saleId: string) {}
}
