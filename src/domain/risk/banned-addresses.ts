import { type IpBan } from './ip-ban';

/**
 * Port: this instance's view of the active bans. The check runs on every request, so it is answered from
 * memory without any I/O; announcements reach every instance (this one at once, the others within moments).
 */
export abstract class BannedAddresses {
  /** `ip` in canonical form. */
  abstract isBanned(ip: string): boolean;
  /** Enforces the ban here at once and tells every other instance. Call after the ban is stored. */
  abstract announceBan(ban: IpBan): Promise<void>;
  /** Lifts the ban here at once and tells every other instance. Call after the ban is removed. */
  abstract announceLift(ip: string): Promise<void>;
}
