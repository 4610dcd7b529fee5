import { type IpBan } from '../../../domain/risk/ip-ban';
import { type Page } from '../../../domain/shared/page';

export class IpBanResponseDto {
  /** Canonical form. */
  ip!: string;
  reason!: string;
  /** ISO 8601, UTC. */
  createdAt!: string;
  /** ISO 8601, UTC; null: until lifted. */
  expiresAt!: string | null;
  /** The admin who banned it; null for an automatic ban. */
  createdBy!: string | null;

  static from(ban: IpBan): IpBanResponseDto {
    return Object.assign(new IpBanResponseDto(), {
      ip: ban.props.ip,
      reason: ban.props.reason,
      createdAt: ban.props.createdAt.toISOString(),
      expiresAt: ban.props.expiresAt?.toISOString() ?? null,
      createdBy: ban.props.createdBy,
    });
  }
}

export class IpBanPageResponseDto {
  items!: IpBanResponseDto[];
  page!: number;
  pageSize!: number;
  total!: number;

  static from(page: Page<IpBan>): IpBanPageResponseDto {
    return Object.assign(new IpBanPageResponseDto(), {
      ...page,
      items: page.items.map((ban) => IpBanResponseDto.from(ban)),
    });
  }
}
