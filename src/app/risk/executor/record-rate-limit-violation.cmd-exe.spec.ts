import { AutoBanPolicy } from '../../../domain/risk/auto-ban-policy';
import { type BannedAddresses } from '../../../domain/risk/banned-addresses';
import { AUTOMATIC_BAN_REASON } from '../../../domain/risk/ip-ban';
import { type RateLimitViolations } from '../../../domain/risk/rate-limit-violations';
import { type BanAddressCmd } from './ban-address.cmd';
import { type BanAddressCmdExe } from './ban-address.cmd-exe';
import { RecordRateLimitViolationCmd } from './record-rate-limit-violation.cmd';
import { RecordRateLimitViolationCmdExe } from './record-rate-limit-violation.cmd-exe';

describe('RecordRateLimitViolationCmdExe', () => {
  let counts: Map<string, number>;
  let windows: number[];
  let bans: BanAddressCmd[];
  let alreadyBanned: Set<string>;
  let exe: RecordRateLimitViolationCmdExe;

  beforeEach(() => {
    counts = new Map();
    windows = [];
    bans = [];
    alreadyBanned = new Set();
    const violations = {
      record: (ip: string, windowSeconds: number) => {
        windows.push(windowSeconds);
        counts.set(ip, (counts.get(ip) ?? 0) + 1);
        return Promise.resolve(counts.get(ip)!);
      },
      forget: (ip: string) => Promise.resolve(void counts.delete(ip)),
    } as RateLimitViolations;
    const banned = { isBanned: (ip: string) => alreadyBanned.has(ip) } as BannedAddresses;
    const banAddress = {
      execute: (cmd: BanAddressCmd) => {
        bans.push(cmd);
        alreadyBanned.add(cmd.ip);
        return Promise.resolve();
      },
    } as unknown as BanAddressCmdExe;
    exe = new RecordRateLimitViolationCmdExe(violations, banned, banAddress, new AutoBanPolicy(3, 60, 900));
  });

  const violate = (ip = '203.0.113.7') => exe.execute(new RecordRateLimitViolationCmd(ip));

  it('bans the address automatically at the configured count, for the configured time', async () => {
    expect([await violate(), await violate()]).toEqual([false, false]);
    expect(bans).toHaveLength(0);
    expect(await violate()).toBe(true);
    expect(bans).toHaveLength(1);
    expect(bans[0]).toMatchObject({
      ip: '203.0.113.7',
      reason: AUTOMATIC_BAN_REASON,
      ttlSeconds: 900,
      createdBy: null,
    });
    expect(windows).toEqual([60, 60, 60]);
    expect(counts.has('203.0.113.7')).toBe(false);
  });

  it('counts each address on its own, in canonical form', async () => {
    await violate('::ffff:203.0.113.7');
    await violate('198.51.100.9');
    await violate('203.0.113.7');
    expect(counts.get('203.0.113.7')).toBe(2);
    expect(bans).toHaveLength(0);
  });

  it('does not count an address that is banned already', async () => {
    alreadyBanned.add('203.0.113.7');
    expect(await violate()).toBe(false);
    expect(counts.size).toBe(0);
  });
});
