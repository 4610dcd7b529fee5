import { type BannedAddresses } from '../../../domain/risk/banned-addresses';
import { type IpBanRepository } from '../../../domain/risk/ip-ban.repository';
import { type RateLimitViolations } from '../../../domain/risk/rate-limit-violations';
import { BanNotFoundError } from '../../../domain/risk/risk.errors';
import { LiftBanCmd } from './lift-ban.cmd';
import { LiftBanCmdExe } from './lift-ban.cmd-exe';

describe('LiftBanCmdExe', () => {
  let active: Set<string>;
  let lifted: string[];
  let forgotten: string[];
  let exe: LiftBanCmdExe;

  beforeEach(() => {
    active = new Set(['203.0.113.7', '2001:db8::1']);
    lifted = [];
    forgotten = [];
    exe = new LiftBanCmdExe(
      { delete: (ip: string) => Promise.resolve(active.delete(ip)) } as unknown as IpBanRepository,
      { announceLift: (ip: string) => Promise.resolve(void lifted.push(ip)) } as BannedAddresses,
      { forget: (ip: string) => Promise.resolve(void forgotten.push(ip)) } as RateLimitViolations,
      { now: () => new Date('2026-12-01T10:00:00Z') },
    );
  });

  it('removes the ban, announces the lift and forgets the violations', async () => {
    await exe.execute(new LiftBanCmd('2001:0db8::0001'));
    expect(active.has('2001:db8::1')).toBe(false);
    expect(lifted).toEqual(['2001:db8::1']);
    expect(forgotten).toEqual(['2001:db8::1']);
  });

  it('answers NOT_FOUND for an address without an active ban, and still announces the lift', async () => {
    await expect(exe.execute(new LiftBanCmd('198.51.100.9'))).rejects.toThrow(BanNotFoundError);
    expect(lifted).toEqual(['198.51.100.9']);
  });

  it('answers NOT_FOUND for something that is no address', async () => {
    await expect(exe.execute(new LiftBanCmd('nonsense'))).rejects.toThrow(BanNotFoundError);
    expect(lifted).toEqual([]);
  });
});
