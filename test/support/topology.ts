import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type TopologyProcess } from '../../bench/topology';
import { HttpClient } from './http-client';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

const run = promisify(execFile);

/** One process scripts/topology.sh started, as its `status` reports it (one shape for the suite and the bench). */
export type { TopologyProcess };

/**
 * scripts/topology.sh, brought up for one suite: its own MySQL database and key prefix (a TestEnvironment), its
 * own Redis Cluster ports, API ports, nginx port and state directory; `close` brings it down.
 */
export interface Topology {
  entry: string;
  http: HttpClient;
  environment: TestEnvironment;
  status(): Promise<TopologyProcess[]>;
  /** One client per API process, straight to it (past nginx). */
  apis(): Promise<HttpClient[]>;
  redisCli(port: number, ...args: string[]): Promise<string>;
  /** The error lines (level 50) the API and worker processes logged so far. */
  errorLogs(): string[];
  close(): Promise<void>;
}

export async function startTopology(overrides: Record<string, string> = {}): Promise<Topology> {
  const environment = await createTestEnvironment(overrides);
  // Redis nodes in 20000-24999 (their cluster bus ports, +10000, in 30000-34999), the APIs and nginx in
  // 25000-29999: clear of each other and of most ephemeral ports.
  const redisBase = await freeRange(20000, 6, 10000);
  const apiBase = await freeRange(25000, 3);
  const env: Record<string, string> = {
    ...environment.env,
    TOPOLOGY_DIR: mkdtempSync(join(tmpdir(), 'flash-sale-topology-')),
    TOPOLOGY_PORT: String(apiBase + 2),
    TOPOLOGY_REDIS_PORT: String(redisBase),
    TOPOLOGY_API_PORT: String(apiBase),
    TOPOLOGY_APIS: '2',
    TOPOLOGY_WORKERS: '1',
  };
  const script = (command: string) =>
    run('bash', ['scripts/topology.sh', command], { env, maxBuffer: 10 * 1024 * 1024, timeout: 200_000 });
  try {
    const { stdout } = await script('up');
    const entry = /ENTRY=(\S+)/.exec(stdout)?.[1];
    if (!entry) throw new Error(`topology.sh up printed no ENTRY: ${stdout}`);
    const status = async () =>
      (JSON.parse((await script('status')).stdout) as { processes: TopologyProcess[] }).processes;
    return {
      entry,
      http: new HttpClient(entry),
      environment,
      status,
      apis: async () =>
        (await status())
          .filter((p) => p.role === 'api')
          .map((p) => new HttpClient(`http://127.0.0.1:${p.port}`)),
      errorLogs: () =>
        readdirSync(env.TOPOLOGY_DIR)
          .filter((file) => /^(api|worker)-\d+\.log$/.test(file))
          .flatMap((file) => readFileSync(join(env.TOPOLOGY_DIR, file), 'utf8').split('\n'))
          .filter((line) => line.includes('"level":50')),
      redisCli: async (port, ...args) =>
        (await run('redis-cli', ['-p', String(port), ...args])).stdout.trim(),
      async close() {
        await script('down');
        await environment.dispose();
        // TEST_KEEP_TOPOLOGY=1 keeps the logs (TEST_LOG_LEVEL sets their level) for a look afterwards.
        if (process.env.TEST_KEEP_TOPOLOGY !== '1')
          rmSync(env.TOPOLOGY_DIR, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await script('down').catch(() => undefined);
    await environment.dispose();
    rmSync(env.TOPOLOGY_DIR, { recursive: true, force: true });
    throw error;
  }
}

/** The first of `count` consecutive free ports in [from, from + 5000) (with `bus` added, free too). */
async function freeRange(from: number, count: number, bus?: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = from + Math.floor(Math.random() * (5000 - count));
    const ports = Array.from({ length: count }, (_, i) => first + i);
    const all = bus === undefined ? ports : [...ports, ...ports.map((port) => port + bus)];
    if ((await Promise.all(all.map(portIsFree))).every(Boolean)) return first;
  }
  throw new Error(`no ${count} consecutive free ports found from ${from}`);
}

async function portIsFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
