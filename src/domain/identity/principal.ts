import { type Role } from './user';

/** Who is calling, as proven by an access token. */
export interface Principal {
  userId: string;
  role: Role;
  /** When the credential that proved it expires (epoch ms), when known. */
  expiresAtMs?: number;
}
