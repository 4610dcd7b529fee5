/** One round of self-repair over running and recently ended sales. */
export class RepairStockCmd {}
