import { ActiveBans } from './active-bans';

describe('ActiveBans', () => {
  const now = 1_000_000;

  it('knows banned addresses, and forgets a ban once it expires', () => {
    const bans = new ActiveBans();
    bans.ban({ ip: '203.0.113.7', expiresAtMs: null });
    bans.ban({ ip: '198.51.100.9', expiresAtMs: now + 1000 });
    expect(bans.has('203.0.113.7', now)).toBe(true);
    expect(bans.has('198.51.100.9', now + 999)).toBe(true);
    expect(bans.has('198.51.100.9', now + 1000)).toBe(false);
    expect(bans.size).toBe(1);
    expect(bans.has('192.0.2.1', now)).toBe(false);
  });

  it('lifts a ban', () => {
    const bans = new ActiveBans();
    bans.ban({ ip: '203.0.113.7', expiresAtMs: null });
    bans.lift('203.0.113.7');
    expect(bans.has('203.0.113.7', now)).toBe(false);
  });

  it('replaces everything with a snapshot', () => {
    const bans = new ActiveBans();
    bans.ban({ ip: '203.0.113.7', expiresAtMs: null });
    bans.beginRefresh();
    bans.completeRefresh([{ ip: '198.51.100.9', expiresAtMs: null }]);
    expect(bans.has('203.0.113.7', now)).toBe(false);
    expect(bans.has('198.51.100.9', now)).toBe(true);
  });

  it('replays what was announced while the snapshot was being read', () => {
    const bans = new ActiveBans();
    bans.ban({ ip: '192.0.2.1', expiresAtMs: null });
    bans.beginRefresh();
    bans.ban({ ip: '203.0.113.7', expiresAtMs: null }); // not yet in the snapshot
    bans.lift('192.0.2.1'); // still in the snapshot
    bans.completeRefresh([{ ip: '192.0.2.1', expiresAtMs: null }]);
    expect(bans.has('203.0.113.7', now)).toBe(true);
    expect(bans.has('192.0.2.1', now)).toBe(false);
  });

  it('keeps what it has when a refresh is abandoned, and stops recording', () => {
    const bans = new ActiveBans();
    bans.beginRefresh();
    bans.ban({ ip: '203.0.113.7', expiresAtMs: null });
    bans.abandonRefresh();
    expect(bans.has('203.0.113.7', now)).toBe(true);
    bans.lift('203.0.113.7');
    bans.beginRefresh();
    bans.completeRefresh([]);
    expect(bans.has('203.0.113.7', now)).toBe(false);
  });
});

describe('ActiveBans with ranges', () => {
  const now = 1_000_000;

  it('refuses every address of a banned range, and only those', () => {
    const bans = new ActiveBans();
    bans.ban({ ip: '203.0.113.0/24', expiresAtMs: null });
    bans.ban({ ip: '2001:db8:1:2::/64', expiresAtMs: null });
    expect(bans.has('203.0.113.1', now)).toBe(true);
    expect(bans.has('203.0.113.255', now)).toBe(true);
    expect(bans.has('203.0.114.0', now)).toBe(false);
    expect(bans.has('2001:db8:1:2:ffff::9', now)).toBe(true);
    expect(bans.has('2001:db8:1:3::1', now)).toBe(false);
    bans.lift('203.0.113.0/24');
    expect(bans.has('203.0.113.1', now)).toBe(false);
    expect(bans.has('2001:db8:1:2::9', now)).toBe(true);
  });

  it('lets an expired range lapse, and keeps ranges across a snapshot', () => {
    const bans = new ActiveBans();
    bans.ban({ ip: '198.51.0.0/16', expiresAtMs: now + 10 });
    expect(bans.has('198.51.7.7', now)).toBe(true);
    expect(bans.has('198.51.7.7', now + 10)).toBe(false);
    expect(bans.size).toBe(0);
    bans.beginRefresh();
    bans.ban({ ip: '10.1.0.0/16', expiresAtMs: null });
    bans.completeRefresh([{ ip: '192.0.2.0/24', expiresAtMs: null }]);
    expect(bans.has('192.0.2.9', now)).toBe(true);
    expect(bans.has('10.1.2.3', now)).toBe(true);
  });
});
