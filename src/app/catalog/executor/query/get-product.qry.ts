export class GetProductQry {
  constructor(readonly productId: string) {}
}
