export class GetMyTicketQry {
  constructor(
    readonly ticketId: string,
    readonly userId: string,
  ) {}
}
