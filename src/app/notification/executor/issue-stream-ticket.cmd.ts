import { type StreamCredential } from '../../../domain/notification/stream-tickets';

export class IssueStreamTicketCmd {
  constructor(readonly credential: StreamCredential) {}
}
