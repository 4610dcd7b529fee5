import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { freePort, spawnEntryPoint } from '../support/processes';

/** .env.example as a careless deployer would use it, with NODE_ENV switched to production. */
function exampleEnv(): Record<string, string> {
  return parseEnv(readFileSync('.env.example', 'utf8')) as Record<string, string>;
}

/** An HS256 token as anyone who read .env.example can sign it. */
function forgedAdminToken(secret: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    sub: '1',
    role: 'admin',
    iss: 'flash-sale',
    aud: 'flash-sale-api',
    iat: now,
    exp: now + 3600,
  })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('production start-up refuses published secrets', () => {
  jest.setTimeout(60_000);

  it("exits non-zero naming JWT_SECRET and ADMIN_PASSWORD with .env.example's values, and nothing answers a token signed with them", async () => {
    const example = exampleEnv();
    const port = await freePort();
    const run = spawnEntryPoint('src/main.ts', {
      PATH: process.env.PATH ?? '',
      ...example,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    const code = await run.exited;
    expect(code).not.toBe(0);
    expect(run.output()).toMatch(/JWT_SECRET is a value published in this repository/);
    expect(run.output()).toMatch(/ADMIN_PASSWORD is a value published in this repository/);
    expect(run.output()).toMatch(/DB_PASSWORD is a value published in this repository/);

    const forged = forgedAdminToken(example.JWT_SECRET ?? '');
    await expect(
      fetch(`http://127.0.0.1:${port}/api/admin/users`, { headers: { authorization: `Bearer ${forged}` } }),
    ).rejects.toThrow();
  });

  it('exits non-zero naming JWT_EXPIRES_IN_SECONDS above one day, in any environment', async () => {
    const run = spawnEntryPoint('src/main.ts', {
      PATH: process.env.PATH ?? '',
      ...exampleEnv(),
      PORT: String(await freePort()),
      JWT_EXPIRES_IN_SECONDS: '604800',
    });
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/JWT_EXPIRES_IN_SECONDS: must be at most 86400/);
  });
});
