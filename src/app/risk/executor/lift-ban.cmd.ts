export class LiftBanCmd {
  constructor(readonly ip: string) {}
}
