export class GetCurrentUserQry {
  constructor(readonly userId: string) {}
}
