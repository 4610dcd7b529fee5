import { type BannedAddresses } from '../../../domain/risk/banned-addresses';
import { type IpBan } from '../../../domain/risk/ip-ban';
import { type IpBanRepository } from '../../../domain/risk/ip-ban.repository';
import { Clock } from '../../../domain/shared/clock';
import { ValidationError } from '../../../domain/shared/domain-error';
import { BanAddressCmd } from './ban-address.cmd';
import { BanAddressCmdExe } from './ban-address.cmd-exe';

describe('BanAddressCmdExe', () => {
  const saved: IpBan[] = [];
  const announced: IpBan[] = [];
  const repository = { save: (ban: IpBan) => Promise.resolve(void saved.push(ban)) } as IpBanRepository;
  const banned = {
    announceBan: (ban: IpBan) => Promise.resolve(void announced.push(ban)),
  } as BannedAddresses;
  const now = new Date('2026-12-01T10:00:00Z');
  const clock: Clock = { now: () => now };
  const exe = new BanAddressCmdExe(repository, banned, clock);

  beforeEach(() => {
    saved.length = 0;
    announced.length = 0;
  });

  it('stores the ban in canonical form, then announces it', async () => {
    const ban = await exe.execute(new BanAddressCmd('2001:DB8:0:0::1', 'scraping', 60, '7'));
    expect(ban.props).toMatchObject({ ip: '2001:db8::1', reason: 'scraping', createdBy: '7' });
    const expiresAt = ban.expiresAt!.getTime() - ban.props.createdAt.getTime();
    expect(expiresAt).toBe(60_000);
    expect(ban.props.createdAt).toEqual(now);
    expect(saved).toEqual([ban]);
    expect(announced).toEqual([ban]);
  });

  it('bans until lifted without a ttl, with a default reason', async () => {
    const ban = await exe.execute(new BanAddressCmd('203.0.113.7', undefined, undefined, null));
    expect(ban.props).toMatchObject({ expiresAt: null, reason: 'banned by an administrator' });
  });

  it.each([
    ['not-an-ip', undefined],
    ['203.0.113.7', 0],
    ['203.0.113.7', -5],
    ['203.0.113.7', 1.5],
  ])('refuses %p with ttl %p and stores nothing', async (ip, ttl) => {
    await expect(exe.execute(new BanAddressCmd(ip, undefined, ttl, null))).rejects.toThrow(ValidationError);
    expect(saved).toHaveLength(0);
    expect(announced).toHaveLength(0);
  });
});
