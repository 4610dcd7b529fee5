/** The periodic check: warm every sale that starts within the lead time or is running. */
export class SweepSaleWarmUpsCmd {}
