import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BAN_REASON_MAX_LENGTH } from '../../../domain/risk/ip-ban';
import { IsBanTarget } from './is-ban-target.decorator';

export const MAX_BAN_TTL_SECONDS = 366 * 24 * 3600;

export class BanAddressRequestDto {
  // class-validator checks bottom-up and stops at the first failure: the type check goes last.
  /**
   * An IPv4 or IPv6 address, or a CIDR range (IPv4 /16 to /32, IPv6 /32 to /128, e.g. `203.0.113.0/24`); stored in
   * canonical form (IPv6 lower case and compressed, IPv4-mapped as IPv4, a range's host bits cleared).
   */
  @IsBanTarget()
  @MaxLength(49)
  @IsString()
  ip!: string;

  /** Shown in the list; defaults to "banned by an administrator". */
  @IsOptional()
  @MaxLength(BAN_REASON_MAX_LENGTH)
  @IsString()
  reason?: string;

  /** How long the ban lasts (1 s to 366 days); without it the ban lasts until lifted. */
  @IsOptional()
  @Min(1)
  @Max(MAX_BAN_TTL_SECONDS)
  @IsInt()
  ttlSeconds?: number;
}
