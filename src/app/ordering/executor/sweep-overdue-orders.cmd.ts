export class SweepOverdueOrdersCmd {
  constructor(readonly batchSize = 200) {}
}
