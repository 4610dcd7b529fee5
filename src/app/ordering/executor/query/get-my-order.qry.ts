export class GetMyOrderQry {
  constructor(
    readonly orderId: string,
    readonly userId: string,
  ) {}
}
