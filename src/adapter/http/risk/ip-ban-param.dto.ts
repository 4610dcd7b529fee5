import { IsIP, IsString, MaxLength } from 'class-validator';

export class IpBanParamDto {
  /** The banned address, in any spelling of it. */
  @IsIP(undefined, { message: 'must be an ip address' })
  @MaxLength(45)
  @IsString()
  ip!: string;
}
