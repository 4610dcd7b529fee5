/**
 * What a burst of registrations (an Argon2 hash each) costs the rest of one instance: the event loop's delay
 * (perf_hooks), a health-check stream, and a probe of libuv's threadpool (a small file read, standing for the
 * DNS lookups, file reads and zlib work that share the pool with Argon2), each sampled every 10 ms while
 * `--registrations` accounts are created `--concurrency` at a time from distinct addresses.
 *
 * Run: `npx ts-node --transpile-only bench/register-burst.ts --max-hashes 2` (then again with 64: "unbounded").
 * Targets 127.0.0.1 only, in a database and Redis prefix of its own, dropped at the end.
 */
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createHttpApp } from '../src/bootstrap/create-http-app';
import { AppConfig } from '../src/config/app-config';
import { createBenchEnvironment } from './environment';

const { values } = parseArgs({
  options: {
    'max-hashes': { type: 'string', default: '2' },
    registrations: { type: 'string', default: '96' },
    concurrency: { type: 'string', default: '48' },
  },
});

interface Series {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

function summarize(samples: number[]): Series {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? 0), n: sorted.length };
}

async function main(): Promise<void> {
  const env = await createBenchEnvironment();
  const config = AppConfig.fromEnv({
    ...process.env,
    ...env.platformEnv,
    APP_ROLE: 'api',
    PORT: '0',
    REGISTER_RATE_LIMIT: '1000000',
    PASSWORD_HASH_MAX_CONCURRENT: values['max-hashes'],
  });
  const app = await createHttpApp(config);
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.getHttpServer().address();
    const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const total = Number(values.registrations);
    const concurrency = Number(values.concurrency);

    const health: number[] = [];
    const pool: number[] = [];
    let running = true;
    const sampler = (async () => {
      while (running) {
        const started = performance.now();
        await fetch(`${origin}/health/live`).then((r) => r.arrayBuffer());
        health.push(performance.now() - started);
        const poolStarted = performance.now();
        await readFile('/etc/hostname');
        pool.push(performance.now() - poolStarted);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const burstStarted = performance.now();
    let next = 0;
    const register = async (): Promise<number[]> => {
      const latencies: number[] = [];
      while (next < total) {
        const n = next++;
        const started = performance.now();
        const res = await fetch(`${origin}/api/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.${n >> 8}.${n & 255}` },
          body: JSON.stringify({
            email: `burst-${n}@bench.local`,
            password: 'burst-pass-1',
            displayName: 'B',
          }),
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`register: ${res.status}`);
        latencies.push(performance.now() - started);
      }
      return latencies;
    };
    const registrations = (await Promise.all(Array.from({ length: concurrency }, register))).flat();
    const burstMs = performance.now() - burstStarted;
    delay.disable();
    running = false;
    await sampler;
    console.log(
      JSON.stringify(
        {
          maxConcurrentHashes: Number(values['max-hashes']),
          registrations: total,
          concurrency,
          burstMs: Math.round(burstMs),
          registerMs: summarize(registrations),
          eventLoopDelayMs: {
            p50: Math.round(delay.percentile(50) / 1e4) / 100,
            p99: Math.round(delay.percentile(99) / 1e4) / 100,
            max: Math.round(delay.max / 1e4) / 100,
          },
          healthLiveMs: summarize(health),
          threadpoolFileReadMs: summarize(pool),
        },
        null,
        1,
      ),
    );
  } finally {
    await app.close();
    await env.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
