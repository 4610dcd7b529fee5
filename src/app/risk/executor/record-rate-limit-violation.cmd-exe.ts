import { Injectable, Logger } from '@nestjs/common';
import { AutoBanPolicy } from '../../../domain/risk/auto-ban-policy';
import { BannedAddresses } from '../../../domain/risk/banned-addresses';
import { canonicalAddress, clientSubject } from '../../../domain/risk/ip-address';
import { AUTOMATIC_BAN_REASON } from '../../../domain/risk/ip-ban';
import { RateLimitViolations } from '../../../domain/risk/rate-limit-violations';
import { BanAddressCmd } from './ban-address.cmd';
import { BanAddressCmdExe } from './ban-address.cmd-exe';
import { type RecordRateLimitViolationCmd } from './record-rate-limit-violation.cmd';

/** Counts a 429 against the address (an IPv6 address's /64); one that keeps running into the limits is banned for a while. */
@Injectable()
export class RecordRateLimitViolationCmdExe {
  private readonly logger = new Logger(RecordRateLimitViolationCmdExe.name);

  constructor(
    private readonly violations: RateLimitViolations,
    private readonly banned: BannedAddresses,
    private readonly banAddress: BanAddressCmdExe,
    private readonly policy: AutoBanPolicy,
  ) {}

  /** Resolves to true when this violation earned the address a ban. */
  async execute(cmd: RecordRateLimitViolationCmd): Promise<boolean> {
    const address = canonicalAddress(cmd.ip);
    if (address === null || this.banned.isBanned(address)) return false;
    // An IPv6 client is counted and banned by its /64, as the limits count it.
    const ip = clientSubject(address);
    const count = await this.violations.record(ip, this.policy.windowSeconds);
    if (!this.policy.earnsBan(count)) return false;
    await this.banAddress.execute(new BanAddressCmd(ip, AUTOMATIC_BAN_REASON, this.policy.banSeconds, null));
    await this.violations.forget(ip);
    this.logger.warn(
      `Banned ${ip} for ${this.policy.banSeconds} s: ${count} rate-limit violations within ${this.policy.windowSeconds} s`,
    );
    return true;
  }
}
