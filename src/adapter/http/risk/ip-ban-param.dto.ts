import { IsString, MaxLength } from 'class-validator';
import { IsBanTarget } from './is-ban-target.decorator';

export class IpBanParamDto {
  /** The banned address or CIDR range, in any spelling of it, URL-encoded (`203.0.113.0%2F24`). */
  @IsBanTarget()
  @MaxLength(49)
  @IsString()
  ip!: string;
}
