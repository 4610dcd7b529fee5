import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** Reads `.env` when present; variables already in the environment win. */
export function loadEnvFile(path = '.env'): void {
  if (!existsSync(path)) return;
  const fromFile = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  for (const [key, value] of Object.entries(fromFile)) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}
