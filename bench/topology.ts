import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './processes';

const run = promisify(execFile);

/** One process scripts/topology.sh started, as its `status` reports it. */
export interface TopologyProcess {
  role: 'api' | 'worker' | 'nginx' | 'redis-master' | 'redis-replica' | 'redis-down';
  pid: number;
  port: number;
  running: boolean;
}

export interface RunningTopology {
  origin: string;
  processes: TopologyProcess[];
  /** A name per process for the report: api-1, worker-1, nginx, redis-master-<port>, … */
  named: { name: string; pid: number; role: TopologyProcess['role'] }[];
  down(): Promise<void>;
}

/**
 * The scale-out run's deployment: scripts/topology.sh (nginx, APIs, workers, a 6-node Redis Cluster) on ports of
 * its own, with the benchmark's database, key prefix and secrets. `down` stops exactly what it started.
 */
export async function upTopology(
  platformEnv: Record<string, string>,
  apis = 2,
  workers = 1,
): Promise<RunningTopology> {
  const dir = mkdtempSync(join(tmpdir(), 'flash-sale-bench-topology-'));
  const redisBase = await freeRange(20000, 6, 10000);
  const apiBase = await freeRange(25000, apis + 1);
  const env = {
    ...process.env,
    ...platformEnv,
    TOPOLOGY_DIR: dir,
    TOPOLOGY_APIS: String(apis),
    TOPOLOGY_WORKERS: String(workers),
    TOPOLOGY_REDIS_PORT: String(redisBase),
    TOPOLOGY_API_PORT: String(apiBase),
    TOPOLOGY_PORT: String(apiBase + apis),
    // The harness plays a trusted proxy (it names each shopper's address), and nginx appends its own loopback
    // address after it: both hops are trusted, as in bench/environment.ts.
    TOPOLOGY_TRUST_PROXY: platformEnv.TRUST_PROXY ?? '1',
  };
  const script = (command: string) =>
    run('bash', ['scripts/topology.sh', command], { cwd: REPO_ROOT, env, timeout: 300_000 });
  const down = async () => {
    await script('down').catch(() => undefined);
    // BENCH_KEEP_TOPOLOGY=1 keeps the processes' logs for a look afterwards.
    if (process.env.BENCH_KEEP_TOPOLOGY === '1') console.log(`topology logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { stdout } = await script('up');
    const origin = /ENTRY=(\S+)/.exec(stdout)?.[1];
    if (!origin) throw new Error(`topology.sh up printed no ENTRY:\n${stdout}`);
    const { processes } = JSON.parse((await script('status')).stdout) as { processes: TopologyProcess[] };
    const counts = new Map<string, number>();
    const named = processes.map((p) => {
      const n = (counts.get(p.role) ?? 0) + 1;
      counts.set(p.role, n);
      const name = p.role.startsWith('redis')
        ? `${p.role}-${p.port}`
        : p.role === 'nginx'
          ? 'nginx'
          : `${p.role}-${n}`;
      return { name, pid: p.pid, role: p.role };
    });
    // nginx's master only supervises: its worker processes do the proxying, and count as nginx too.
    const nginx = processes.find((p) => p.role === 'nginx');
    if (nginx) {
      childrenOf(nginx.pid).forEach((pid, i) =>
        named.push({ name: `nginx-worker-${i + 1}`, pid, role: 'nginx' }),
      );
    }
    return { origin, processes, named, down };
  } catch (error) {
    await down();
    throw error;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // not Linux: nginx's workers go uncounted
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

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
