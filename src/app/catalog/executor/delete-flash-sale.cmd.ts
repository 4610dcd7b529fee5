export class DeleteFlashSaleCmd {
  constructor(readonly saleId: string) {}
}
