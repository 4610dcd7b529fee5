export class DeleteProductCmd {
  constructor(readonly productId: string) {}
}
