import { networkText, parseAddress, parseBanText, type ParsedAddress } from './ip-address';

export interface BanEntry {
  /** Canonical ban text: an address, or a CIDR range (`203.0.113.0/24`, `2001:db8:1:2::/64`). */
  ip: string;
  /** Epoch milliseconds; null: until lifted. */
  expiresAtMs: number | null;
}

type Change = { kind: 'ban'; entry: BanEntry } | { kind: 'lift'; ip: string };

/**
 * The bans one instance enforces, in memory. Fed by announcements (ban, lift) and replaced now and then by
 * a full snapshot from the store; changes announced while a snapshot is being read are replayed on top of
 * it, so a slow snapshot can never drop a ban (or revive a lifted one) that was announced meanwhile.
 *
 * Ranges cost one map lookup per distinct prefix length in use: the address is masked to each banned length and
 * looked up as text. With no range banned, a check is one lookup, as for plain addresses.
 */
export class ActiveBans {
  private readonly expiries = new Map<string, number | null>();
  /** Prefix lengths of the banned ranges (plain addresses excluded), with how many ranges use each. */
  private readonly prefixes = { 4: new Map<number, number>(), 6: new Map<number, number>() };
  private changesDuringRefresh: Change[] | null = null;

  get size(): number {
    return this.expiries.size;
  }

  /** `ip`: a client address in canonical form. True when it, or a range holding it, is banned. */
  has(ip: string, nowMs: number): boolean {
    if (this.active(ip, nowMs)) return true;
    if (this.prefixes[4].size === 0 && this.prefixes[6].size === 0) return false;
    const address: ParsedAddress | null = parseAddress(ip);
    if (address === null) return false;
    for (const prefix of this.prefixes[address.version].keys()) {
      if (this.active(networkText(address, prefix), nowMs)) return true;
    }
    return false;
  }

  ban(entry: BanEntry): void {
    this.set(entry.ip, entry.expiresAtMs);
    this.changesDuringRefresh?.push({ kind: 'ban', entry });
  }

  lift(ip: string): void {
    this.remove(ip);
    this.changesDuringRefresh?.push({ kind: 'lift', ip });
  }

  /** Call before reading the snapshot. */
  beginRefresh(): void {
    this.changesDuringRefresh = [];
  }

  /** Replaces everything with `snapshot`, then replays what was announced since beginRefresh(). */
  completeRefresh(snapshot: readonly BanEntry[]): void {
    const changes = this.changesDuringRefresh ?? [];
    this.changesDuringRefresh = null;
    this.expiries.clear();
    this.prefixes[4].clear();
    this.prefixes[6].clear();
    for (const entry of snapshot) this.set(entry.ip, entry.expiresAtMs);
    for (const change of changes) {
      if (change.kind === 'ban') this.set(change.entry.ip, change.entry.expiresAtMs);
      else this.remove(change.ip);
    }
  }

  /** The snapshot could not be read: keep what we have. */
  abandonRefresh(): void {
    this.changesDuringRefresh = null;
  }

  private active(key: string, nowMs: number): boolean {
    const expiresAtMs = this.expiries.get(key);
    if (expiresAtMs === undefined) return false;
    if (expiresAtMs !== null && expiresAtMs <= nowMs) {
      this.remove(key);
      return false;
    }
    return true;
  }

  private set(key: string, expiresAtMs: number | null): void {
    if (!this.expiries.has(key)) this.countPrefix(key, 1);
    this.expiries.set(key, expiresAtMs);
  }

  private remove(key: string): void {
    if (this.expiries.delete(key)) this.countPrefix(key, -1);
  }

  private countPrefix(key: string, delta: 1 | -1): void {
    if (!key.includes('/')) return;
    const range = parseBanText(key);
    if (range === null) return;
    const counts = this.prefixes[range.address.version];
    const next = (counts.get(range.prefix) ?? 0) + delta;
    if (next > 0) counts.set(range.prefix, next);
    else counts.delete(range.prefix);
  }
}
