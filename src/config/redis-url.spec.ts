import { redisOptionsFromUrl } from './redis-url';

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials and database', () => {
    expect(redisOptionsFromUrl('redis://user:p%40ss@cache.local:6380/4')).toEqual({
      host: 'cache.local',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 4,
      tls: undefined,
    });
  });

  it('defaults port and database, and turns on TLS for rediss', () => {
    expect(redisOptionsFromUrl('rediss://secure.local')).toMatchObject({ port: 6379, db: 0, tls: {} });
  });
});
