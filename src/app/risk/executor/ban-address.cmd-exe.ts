import { Injectable } from '@nestjs/common';
import { BannedAddresses } from '../../../domain/risk/banned-addresses';
import { banTarget } from '../../../domain/risk/ip-address';
import { BAN_REASON_MAX_LENGTH, IpBan } from '../../../domain/risk/ip-ban';
import { IpBanRepository } from '../../../domain/risk/ip-ban.repository';
import { Clock } from '../../../domain/shared/clock';
import { ValidationError } from '../../../domain/shared/domain-error';
import { type BanAddressCmd } from './ban-address.cmd';

/**
 * Stores the ban of an address or a CIDR range (banning it again replaces its ban), then has every instance
 * enforce it.
 */
@Injectable()
export class BanAddressCmdExe {
  constructor(
    private readonly bans: IpBanRepository,
    private readonly banned: BannedAddresses,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: BanAddressCmd): Promise<IpBan> {
    const target = banTarget(cmd.ip);
    if (!target.ok) throw new ValidationError([{ field: 'ip', message: target.problem }]);
    const ip = target.text;
    if (cmd.ttlSeconds !== undefined && !(Number.isInteger(cmd.ttlSeconds) && cmd.ttlSeconds > 0)) {
      throw new ValidationError([{ field: 'ttlSeconds', message: 'must be a positive whole number' }]);
    }
    const ban = IpBan.create(
      {
        ip,
        reason: cmd.reason?.slice(0, BAN_REASON_MAX_LENGTH),
        ttlSeconds: cmd.ttlSeconds,
        createdBy: cmd.createdBy,
      },
      this.clock.now(),
    );
    await this.bans.save(ban);
    await this.banned.announceBan(ban);
    return ban;
  }
}
