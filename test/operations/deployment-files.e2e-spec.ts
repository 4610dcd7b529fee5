import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { productionSecretProblem } from '../../src/config/production-secrets';

/** docker-compose.yml cannot be run here (no Docker engine): its security properties are read from the file. */
interface ComposeService {
  environment?: Record<string, string>;
  command?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;

describe('docker-compose.yml', () => {
  it('requires the secrets from the environment, with no default a deployer could keep', () => {
    for (const name of ['api', 'worker', 'migrate']) {
      const env = services[name]?.environment ?? {};
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
      expect(env.ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD:\?[^}]+\}$/);
      expect(env.DB_PASSWORD).toMatch(/^\$\{DB_PASSWORD:\?[^}]+\}$/);
      expect(env.NODE_ENV).toBe('production');
    }
    expect(services.mysql?.environment?.MYSQL_PASSWORD).toMatch(/^\$\{DB_PASSWORD:\?[^}]+\}$/);
    expect(services.mysql?.environment?.MYSQL_ROOT_PASSWORD).toMatch(/^\$\{MYSQL_ROOT_PASSWORD:\?[^}]+\}$/);
    // No `${VAR:-default}` for a secret anywhere in the file.
    expect(readFileSync('docker-compose.yml', 'utf8')).not.toMatch(/\$\{(\w*(SECRET|PASSWORD)\w*):-/);
  });

  it('publishes neither MySQL nor Redis on the host', () => {
    expect(services.mysql?.ports).toBeUndefined();
    expect(services.redis?.ports).toBeUndefined();
    expect(services.api?.ports).toEqual(['3000:3000']);
  });

  it('gives Redis a password, and the app a REDIS_URL that carries it', () => {
    const command = services.redis?.command ?? [];
    const flag = command.indexOf('--requirepass');
    expect(flag).toBeGreaterThanOrEqual(0);
    expect(command[flag + 1]).toMatch(/^\$\{REDIS_PASSWORD:\?[^}]+\}$/);
    for (const name of ['api', 'worker', 'migrate']) {
      expect(services[name]?.environment?.REDIS_URL).toMatch(
        /^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]+\}@redis:6379\/\d+$/,
      );
    }
    // The health check authenticates too (redis-cli reads REDISCLI_AUTH).
    expect(services.redis?.environment?.REDISCLI_AUTH).toMatch(/^\$\{REDIS_PASSWORD:\?[^}]+\}$/);
  });

  it('seeds the demo shopper only when SEED_DEMO=true', () => {
    const migrate = services.migrate;
    expect(migrate?.environment?.SEED_DEMO).toBe('${SEED_DEMO:-false}');
    expect(migrate?.command?.join(' ')).toMatch(
      /if \[ "\$\$SEED_DEMO" = true \]; then node dist\/src\/seed-demo\.js; fi/,
    );
  });
});

describe('scripts/new-env.sh (run by scripts/setup.sh)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'new-env-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new .env whose JWT_SECRET is freshly generated, different every time and accepted in production', () => {
    const first = join(dir, 'first.env');
    const second = join(dir, 'second.env');
    execFileSync('bash', ['scripts/new-env.sh', first]);
    execFileSync('bash', ['scripts/new-env.sh', second]);
    const a = parseEnv(readFileSync(first, 'utf8')) as Record<string, string>;
    const b = parseEnv(readFileSync(second, 'utf8')) as Record<string, string>;
    const example = parseEnv(readFileSync('.env.example', 'utf8')) as Record<string, string>;
    expect(a.JWT_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(a.JWT_SECRET).not.toBe(b.JWT_SECRET);
    expect(a.JWT_SECRET).not.toBe(example.JWT_SECRET);
    expect(productionSecretProblem('JWT_SECRET', a.JWT_SECRET ?? '')).toBeNull();
    // Everything else is .env.example's (the demo admin password works in development only).
    expect({ ...a, JWT_SECRET: '' }).toEqual({ ...example, JWT_SECRET: '' });
  });

  it('leaves an existing .env untouched', () => {
    const existing = join(dir, 'existing.env');
    writeFileSync(existing, 'JWT_SECRET=mine\n');
    execFileSync('bash', ['scripts/new-env.sh', existing], { stdio: 'ignore' });
    expect(readFileSync(existing, 'utf8')).toBe('JWT_SECRET=mine\n');
    expect(existsSync(`${existing}.tmp`)).toBe(false);
  });
});
