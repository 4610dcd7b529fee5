import { type Page, type PageRequest } from '../shared/page';
import { type IpBan } from './ip-ban';

/** Port: where bans live (the source of truth; every instance keeps a copy in memory). */
export abstract class IpBanRepository {
  /** Creates the address's ban, or replaces the one it has. */
  abstract save(ban: IpBan): Promise<void>;
  /** Removes the address's ban; true when it was active at `now` (an expired one counts as absent). */
  abstract delete(ip: string, now: Date): Promise<boolean>;
  /** Bans active at `now`, newest first. */
  abstract listActive(now: Date, page: PageRequest): Promise<Page<IpBan>>;
  /** Every ban active at `now`: what each instance loads into memory. */
  abstract allActive(now: Date): Promise<IpBan[]>;
  /** Forgets bans that expired before `now`; returns how many. */
  abstract deleteExpired(now: Date): Promise<number>;
}
