import { Injectable } from '@nestjs/common';
import { type IssuedStreamTicket, StreamTickets } from '../../../domain/notification/stream-tickets';
import { type IssueStreamTicketCmd } from './issue-stream-ticket.cmd';

/** A single-use ticket for the notification stream, carrying the expiry of the token that asked for it. */
@Injectable()
export class IssueStreamTicketCmdExe {
  constructor(private readonly tickets: StreamTickets) {}

  execute(cmd: IssueStreamTicketCmd): Promise<IssuedStreamTicket> {
    return this.tickets.issue(cmd.credential);
  }
}
