export class EndOrderTicketCmd {
  constructor(
    readonly ticketId: string,
    /** Why the queue gave up on its job (stalled too often, removed). */
    readonly reason: string,
  ) {}
}
