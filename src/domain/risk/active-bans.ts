export interface BanEntry {
  ip: string;
  /** Epoch milliseconds; null: until lifted. */
  expiresAtMs: number | null;
}

type Change = { kind: 'ban'; entry: BanEntry } | { kind: 'lift'; ip: string };

/**
 * The bans one instance enforces, in memory. Fed by announcements (ban, lift) and replaced now and then by
 * a full snapshot from the store; changes announced while a snapshot is being read are replayed on top of
 * it, so a slow snapshot can never drop a ban (or revive a lifted one) that was announced meanwhile.
 */
export class ActiveBans {
  private readonly expiries = new Map<string, number | null>();
  private changesDuringRefresh: Change[] | null = null;

  get size(): number {
    return this.expiries.size;
  }

  has(ip: string, nowMs: number): boolean {
    const expiresAtMs = this.expiries.get(ip);
    if (expiresAtMs === undefined) return false;
    if (expiresAtMs !== null && expiresAtMs <= nowMs) {
      this.expiries.delete(ip);
      return false;
    }
    return true;
  }

  ban(entry: BanEntry): void {
    this.expiries.set(entry.ip, entry.expiresAtMs);
    this.changesDuringRefresh?.push({ kind: 'ban', entry });
  }

  lift(ip: string): void {
    this.expiries.delete(ip);
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
    for (const entry of snapshot) this.expiries.set(entry.ip, entry.expiresAtMs);
    for (const change of changes) {
      if (change.kind === 'ban') this.expiries.set(change.entry.ip, change.entry.expiresAtMs);
      else this.expiries.delete(change.ip);
    }
  }

  /** The snapshot could not be read: keep what we have. */
  abandonRefresh(): void {
    this.changesDuringRefresh = null;
  }
}
