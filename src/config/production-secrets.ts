/**
 * What a production deployment may not use as a secret: a value published in this repository (anyone can
 * read it, so a token signed with it or a login with it is anyone's), or a value too weak to resist guessing.
 * `production-secrets.spec.ts` scans `.env.example`, `docker-compose.yml`, the README, `docs/` and `scripts/`
 * for every value assigned to a secret variable and fails when one is missing here, so the list cannot drift.
 * See docs/security-auth.md.
 */

/** Every secret value written down in this repository (compared trimmed, case-insensitively). */
export const PUBLISHED_SECRETS: readonly string[] = [
  // .env.example
  'change-me-to-a-long-random-secret-of-64-hex-chars',
  'admin-password-1',
  'flashsale',
  // docker-compose.yml, before it required secrets from the environment
  'compose-demo-secret-change-me-0123456789abcdef',
  'root-password-change-me',
  // the seeded demo shopper and the README's examples
  'shopper-pass-1',
  'engine-1843',
];

/** Placeholders people leave in: refused wherever they appear in a secret. */
const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?me|example|placeholder|your[-_ ]?(secret|password)/i;

/** The first words of every password list. */
const COMMON_START = /^(password|passw0rd|admin|qwerty|letmein|welcome|secret|123456)/i;

export const JWT_SECRET_MIN_LENGTH = 32;
/** Estimated bits (length × Shannon entropy of its own characters): 32 random hex digits give about 118. */
export const JWT_SECRET_MIN_BITS = 96;
export const ADMIN_PASSWORD_MIN_LENGTH = 12;
export const ADMIN_PASSWORD_MIN_BITS = 40;

/** The variables checked in production, and how. */
export type SecretVariable = 'JWT_SECRET' | 'ADMIN_PASSWORD' | 'DB_PASSWORD' | 'REDIS_PASSWORD';

/**
 * Why `value` may not be the production value of `variable`, or null when it may. DB_PASSWORD and the
 * Redis password (from REDIS_URL / CACHE_REDIS_URL) are held to "not published" only: they guard servers that
 * must not be reachable from outside anyway, and an empty one (socket or network trust) stays allowed.
 */
export function productionSecretProblem(variable: SecretVariable, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '' && (variable === 'DB_PASSWORD' || variable === 'REDIS_PASSWORD')) return null;
  const lowered = trimmed.toLowerCase();
  if (PUBLISHED_SECRETS.some((published) => published.toLowerCase() === lowered)) {
    return 'is a value published in this repository (.env.example, docker-compose.yml or the docs); generate a new one';
  }
  if (PLACEHOLDER.test(trimmed)) return 'looks like a placeholder; generate a real secret';
  if (COMMON_START.test(trimmed))
    return 'starts with a word every guesser tries first; generate a real secret';
  if (variable === 'JWT_SECRET') {
    if (trimmed.length < JWT_SECRET_MIN_LENGTH || estimatedBits(trimmed) < JWT_SECRET_MIN_BITS) {
      return `is too weak: use at least ${JWT_SECRET_MIN_LENGTH} random characters (e.g. \`openssl rand -hex 32\`)`;
    }
  }
  if (variable === 'ADMIN_PASSWORD') {
    if (trimmed.length < ADMIN_PASSWORD_MIN_LENGTH || estimatedBits(trimmed) < ADMIN_PASSWORD_MIN_BITS) {
      return `is too weak: use at least ${ADMIN_PASSWORD_MIN_LENGTH} characters that do not repeat a few`;
    }
  }
  return null;
}

/** Every problem of a production configuration's secrets, each naming its variable. */
export function productionSecretProblems(env: {
  JWT_SECRET: string;
  ADMIN_PASSWORD?: string;
  DB_PASSWORD: string;
  REDIS_URL: string;
  CACHE_REDIS_URL?: string;
}): string[] {
  const checks: [string, SecretVariable, string | undefined][] = [
    ['JWT_SECRET', 'JWT_SECRET', env.JWT_SECRET],
    ['ADMIN_PASSWORD', 'ADMIN_PASSWORD', env.ADMIN_PASSWORD],
    ['DB_PASSWORD', 'DB_PASSWORD', env.DB_PASSWORD],
    ['REDIS_URL (its password)', 'REDIS_PASSWORD', redisPassword(env.REDIS_URL)],
    ['CACHE_REDIS_URL (its password)', 'REDIS_PASSWORD', redisPassword(env.CACHE_REDIS_URL)],
  ];
  return checks.flatMap(([name, variable, value]) => {
    if (value === undefined) return [];
    const problem = productionSecretProblem(variable, value);
    return problem ? [`${name} ${problem}`] : [];
  });
}

/** Length × the Shannon entropy of the string's own character frequencies: a cheap guard against "aaaa…". */
export function estimatedBits(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...value].length;
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / length;
    perChar -= p * Math.log2(p);
  }
  return perChar * length;
}

function redisPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}
