import { cpuTimeMs, pidsNamed, redisPids } from './proc-stats';
import { type AcceptedCpu } from './types';

interface Watched {
  name: string;
  pid: number;
  /** Whose CPU after the last unit still belongs to the accepted attempts (the write-behind: worker, stores). */
  writesBehind: boolean;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The CPU an accepted attempt costs the whole system, read from /proc at three moments of a spike: when the
 * first attempt goes, when the answer that took the last unit comes back, and when MySQL holds every unit.
 * The stock phase counts every process (the API, the worker, Redis, MySQL); after it, only the processes
 * that still work for the accepted attempts (the worker writing async orders, Redis and MySQL), not the API,
 * which is then busy turning the sold-out phase away. Redis's share of the tail includes the rate-limit counts of
 * those sold-out answers, so the figure errs high, never low.
 */
export class AcceptedCpuMeter {
  private readonly watched: Watched[];
  private start?: number[];
  private lastUnit?: number[];
  private persisted?: number[];

  constructor(servers: { name: string; pid: number }[], redisUrl: string) {
    this.watched = [
      ...servers.map(({ name, pid }) => ({ name, pid, writesBehind: /worker/.test(name) })),
      ...redisPids(redisUrl).map((pid) => ({ name: 'redis', pid, writesBehind: true })),
      ...pidsNamed(['mariadbd', 'mysqld']).map((pid) => ({ name: 'mysql', pid, writesBehind: true })),
    ];
  }

  private read(): number[] {
    return this.watched.map(({ pid }) => cpuTimeMs(pid));
  }

  /** The first attempt is about to go. */
  started(): void {
    this.start = this.read();
  }

  /** The answer that took the last unit came back (synchronous: called from the response handler). */
  lastUnitAnswered(): void {
    this.lastUnit ??= this.read();
  }

  /** MySQL holds every unit. */
  allPersisted(): void {
    this.persisted ??= this.read();
  }

  /** null when the sale did not sell out in the run. */
  result(accepted: number): AcceptedCpu | null {
    const { start, lastUnit } = this;
    if (!start || !lastUnit || accepted === 0) return null;
    // Persisted before the last answer came back (sync writes before it answers): no write-behind.
    const persisted = this.persisted ?? lastUnit;
    const byProcess: Record<string, number> = {};
    let stockPhaseMs = 0;
    let writeBehindMs = 0;
    this.watched.forEach((process, i) => {
      const inStock = Math.max(0, lastUnit[i] - start[i]);
      const behind = process.writesBehind ? Math.max(0, persisted[i] - lastUnit[i]) : 0;
      stockPhaseMs += inStock;
      writeBehindMs += behind;
      byProcess[process.name] = (byProcess[process.name] ?? 0) + inStock + behind;
    });
    for (const name of Object.keys(byProcess)) byProcess[name] = round3(byProcess[name] / accepted);
    return {
      accepted,
      perAcceptedMs: round3((stockPhaseMs + writeBehindMs) / accepted),
      byProcess,
      stockPhaseMs: Math.round(stockPhaseMs),
      writeBehindMs: Math.round(writeBehindMs),
    };
  }
}
