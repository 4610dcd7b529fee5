import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { productionSecretProblem, type SecretVariable } from './production-secrets';

const ROOT = join(__dirname, '..', '..');

/** The files a deployer reads and copies from. */
function publishedFiles(): string[] {
  const inDir = (dir: string, pattern: RegExp) =>
    readdirSync(join(ROOT, dir))
      .filter((name) => pattern.test(name))
      .map((name) => join(dir, name));
  return [
    '.env.example',
    'docker-compose.yml',
    'Dockerfile',
    'README.md',
    ...inDir('docs', /\.md$/),
    ...inDir('scripts', /./),
    join('src', 'seed-demo.ts'),
  ];
}

const ASSIGNED: [RegExp, SecretVariable][] = [
  [/\bJWT_SECRET\s*[=:]\s*['"]?([^\s'"`]+)/g, 'JWT_SECRET'],
  [/\$\{JWT_SECRET:-([^}]+)\}/g, 'JWT_SECRET'],
  [/\bADMIN_PASSWORD\s*[=:]\s*['"]?([^\s'"`]+)/g, 'ADMIN_PASSWORD'],
  [/\$\{ADMIN_PASSWORD:-([^}]+)\}/g, 'ADMIN_PASSWORD'],
  // JSON bodies and seeds: every password written down could end up as the admin's
  [/"password"\s*:\s*\\?"([^"\\]+)\\?"/g, 'ADMIN_PASSWORD'],
  [/\bpassword:\s*'([^']+)'/g, 'ADMIN_PASSWORD'],
  [/`admin@example\.com`\s*\/\s*`([^`]+)`/g, 'ADMIN_PASSWORD'],
  [/`shopper@example\.com`\s*\/\s*`([^`]+)`/g, 'ADMIN_PASSWORD'],
  [/\b(?:DB_PASSWORD|MYSQL_PASSWORD|MYSQL_ROOT_PASSWORD)\s*[=:]\s*['"]?([^\s'"`]+)/g, 'DB_PASSWORD'],
  [/\$\{(?:DB_PASSWORD|MYSQL_ROOT_PASSWORD):-([^}]+)\}/g, 'DB_PASSWORD'],
  [/['"\s]-p(?!\$)([A-Za-z0-9_-]{4,})['"]/g, 'DB_PASSWORD'],
  [/\bREDIS_PASSWORD\s*[=:]\s*['"]?([^\s'"`]+)/g, 'REDIS_PASSWORD'],
  [/rediss?:\/\/[^:/\s]*:([^@$\s{]+)@/g, 'REDIS_PASSWORD'],
  [/requirepass['",\s]+([^\s'"$,\]]+)/g, 'REDIS_PASSWORD'],
];

/** A reference to another variable or a command, not a value. */
const NOT_A_VALUE = /^[$({<]|^\?|^-$/;

function writtenSecrets(): { file: string; variable: SecretVariable; value: string }[] {
  return publishedFiles().flatMap((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return ASSIGNED.flatMap(([pattern, variable]) =>
      [...text.matchAll(pattern)]
        .map((match) => (match[1] ?? '').trim())
        .filter((value) => value !== '' && !NOT_A_VALUE.test(value))
        .map((value) => ({ file, variable, value })),
    );
  });
}

describe('production secrets', () => {
  const found = writtenSecrets();

  it('finds the secrets written in the repository (the scan itself works)', () => {
    const values = found.map((entry) => entry.value);
    expect(values).toContain('change-me-to-a-long-random-secret-of-64-hex-chars');
    expect(values).toContain('admin-password-1');
    expect(values).toContain('flashsale');
    expect(values).toContain('shopper-pass-1');
  });

  it('refuses in production every secret value written in .env.example, compose, the docs and scripts', () => {
    const accepted = found.filter(({ variable, value }) => productionSecretProblem(variable, value) === null);
    expect(accepted).toEqual([]);
  });

  it('accepts a freshly generated secret and password', () => {
    expect(
      productionSecretProblem(
        'JWT_SECRET',
        'f3a9c1e07b5d24680e1f9a3c5b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5d',
      ),
    ).toBeNull();
    expect(productionSecretProblem('ADMIN_PASSWORD', 'Xk29-vLq7-Rt3m')).toBeNull();
    expect(productionSecretProblem('DB_PASSWORD', '')).toBeNull();
  });

  it('refuses placeholders and repetitive secrets', () => {
    expect(productionSecretProblem('JWT_SECRET', 'please-changeme-0123456789abcdefghijkl')).toMatch(
      /placeholder/,
    );
    expect(productionSecretProblem('JWT_SECRET', 'x'.repeat(64))).toMatch(/too weak/);
    expect(productionSecretProblem('ADMIN_PASSWORD', 'password1234')).toMatch(/too weak|placeholder|guesser/);
  });
});
