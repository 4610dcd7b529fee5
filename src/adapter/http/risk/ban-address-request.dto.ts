import { IsInt, IsIP, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BAN_REASON_MAX_LENGTH } from '../../../domain/risk/ip-ban';

export const MAX_BAN_TTL_SECONDS = 366 * 24 * 3600;

export class BanAddressRequestDto {
  // class-validator checks bottom-up and stops at the first failure: the type check goes last.
  /** An IPv4 or IPv6 address; stored in canonical form (IPv6 lower case and compressed, IPv4-mapped as IPv4). */
  @IsIP(undefined, { message: 'must be an ip address' })
  @MaxLength(45)
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
