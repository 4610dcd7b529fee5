import { type Principal } from '../identity/principal';

/** What opened a notification stream: who, and when the credential behind it stops being valid. */
export interface StreamCredential {
  principal: Principal;
  expiresAtMs: number;
}

export interface IssuedStreamTicket {
  ticket: string;
  expiresIn: number;
}

/**
 * Port: single-use tickets that open the notification stream without an Authorization header (a browser's
 * EventSource cannot send one). Any instance redeems a ticket any instance issued; a ticket works once.
 */
export abstract class StreamTickets {
  abstract issue(credential: StreamCredential): Promise<IssuedStreamTicket>;
  /** The credential behind the ticket, once; undefined for an unknown, used or expired ticket. */
  abstract redeem(ticket: string): Promise<StreamCredential | undefined>;
}
