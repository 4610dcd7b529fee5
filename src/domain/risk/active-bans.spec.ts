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
