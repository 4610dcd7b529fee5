import { Injectable } from '@nestjs/common';
import { BannedAddresses } from '../../../domain/risk/banned-addresses';
import { banTarget } from '../../../domain/risk/ip-address';
import { IpBanRepository } from '../../../domain/risk/ip-ban.repository';
import { RateLimitViolations } from '../../../domain/risk/rate-limit-violations';
import { BanNotFoundError } from '../../../domain/risk/risk.errors';
import { Clock } from '../../../domain/shared/clock';
import { type LiftBanCmd } from './lift-ban.cmd';

/** Removes the ban everywhere, and gives the address a fresh start on the automatic-ban count. */
@Injectable()
export class LiftBanCmdExe {
  constructor(
    private readonly bans: IpBanRepository,
    private readonly banned: BannedAddresses,
    private readonly violations: RateLimitViolations,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: LiftBanCmd): Promise<void> {
    const target = banTarget(cmd.ip);
    if (!target.ok) throw new BanNotFoundError();
    const ip = target.text;
    const wasActive = await this.bans.delete(ip, this.clock.now());
    // Announced either way: an instance might still hold a ban that has just expired in the store.
    await this.banned.announceLift(ip);
    await this.violations.forget(ip);
    if (!wasActive) throw new BanNotFoundError();
  }
}
