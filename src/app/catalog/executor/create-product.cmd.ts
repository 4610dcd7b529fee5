export class CreateProductCmd {
  constructor(
    readonly name: string,
    readonly description: string | null,
    readonly imageUrl: string | null,
    readonly priceCents: number,
  ) {}
}
