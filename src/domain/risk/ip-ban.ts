export const BAN_REASON_MAX_LENGTH = 200;
/** The reason of a ban made because an address kept hitting the rate limits. */
export const AUTOMATIC_BAN_REASON = 'automatic: repeated rate-limit violations';
export const DEFAULT_BAN_REASON = 'banned by an administrator';

export interface IpBanProps {
  /** Canonical (see canonicalAddress). */
  ip: string;
  reason: string;
  createdAt: Date;
  /** Null: until an admin lifts it. */
  expiresAt: Date | null;
  /** The admin's user id; null for an automatic ban. */
  createdBy: string | null;
}

/** A client address, or a CIDR range of them, whose requests are refused (403 IP_BANNED) on every route but /health. */
export class IpBan {
  constructor(readonly props: Readonly<IpBanProps>) {}

  static create(
    input: { ip: string; reason?: string; ttlSeconds?: number; createdBy: string | null },
    now: Date,
  ): IpBan {
    return new IpBan({
      ip: input.ip,
      reason: input.reason?.trim() || DEFAULT_BAN_REASON,
      createdAt: now,
      expiresAt: input.ttlSeconds === undefined ? null : new Date(now.getTime() + input.ttlSeconds * 1000),
      createdBy: input.createdBy,
    });
  }

  get ip(): string {
    return this.props.ip;
  }

  get expiresAt(): Date | null {
    return this.props.expiresAt;
  }

  /** An expired ban lifts by itself. */
  isActiveAt(now: Date): boolean {
    return this.props.expiresAt === null || this.props.expiresAt > now;
  }
}
