import { type IpBan } from '../../../domain/risk/ip-ban';
import { PageResponseOf } from '../common/page-response.dto';

export class IpBanResponseDto {
  /** An address or a CIDR range (`203.0.113.0/24`; an automatic ban of an IPv6 client is its /64), canonical. */
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

export class IpBanPageResponseDto extends PageResponseOf(IpBanResponseDto, (item: IpBan) =>
  IpBanResponseDto.from(item),
) {}
