import { AppConfig } from '../../config/app-config';
import { type User } from '../../domain/identity/user';
import { type UserRepository } from '../../domain/identity/user.repository';
import { CachedAccountDirectory } from './cached-account-directory';

describe('CachedAccountDirectory', () => {
  const config = (ms: number) =>
    AppConfig.fromEnv({
      DB_USERNAME: 'u',
      DB_DATABASE: 'd',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_SECRET: 'x'.repeat(32),
      AUTH_USER_CACHE_MS: String(ms),
    });
  let stored: Record<string, User['role']>;
  let reads: number;
  const users = {
    findById: async (id: string) => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return stored[id] ? ({ id, role: stored[id] } as unknown as User) : null;
    },
  } as unknown as UserRepository;

  beforeEach(() => {
    stored = { '1': 'admin' };
    reads = 0;
  });

  it('reads an account once for concurrent requests and remembers it within the window', async () => {
    const directory = new CachedAccountDirectory(users, config(10_000));
    const roles = await Promise.all(Array.from({ length: 50 }, () => directory.roleOf('1')));
    expect(new Set(roles)).toEqual(new Set(['admin']));
    stored['1'] = 'customer';
    expect(await directory.roleOf('1')).toBe('admin');
    expect(reads).toBe(1);
  });

  it('sees a demotion and a deletion once the window has passed', async () => {
    const directory = new CachedAccountDirectory(users, config(30));
    expect(await directory.roleOf('1')).toBe('admin');
    stored['1'] = 'customer';
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await directory.roleOf('1')).toBe('customer');
    delete stored['1'];
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await directory.roleOf('1')).toBeNull();
  });

  it('reads every time with a window of 0', async () => {
    const directory = new CachedAccountDirectory(users, config(0));
    await directory.roleOf('1');
    await directory.roleOf('1');
    expect(reads).toBe(2);
  });
});
