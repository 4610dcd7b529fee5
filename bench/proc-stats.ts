import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Linux /proc readings of a process from outside: CPU time and resident memory. */

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU time the process has used so far, in ms (0 when it is gone). */
export function cpuTimeMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / clockTicks();
  } catch {
    return 0;
  }
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Peak resident set size (VmHWM) since start or the last resetPeakRss, in MB. */
export function peakRssMb(pid: number): number {
  return statusKb(pid, 'VmHWM') / 1024;
}

export function rssMb(pid: number): number {
  return statusKb(pid, 'VmRSS') / 1024;
}

/** Starts a new peak-RSS window (`echo 5 > /proc/<pid>/clear_refs`); false when the kernel refuses. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU time the whole machine spent busy (all cores, idle and iowait excluded) so far, in ms. */
export function machineBusyMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1000) / clockTicks();
  } catch {
    return 0;
  }
}

/** Pids of running processes by command name (e.g. mariadbd, redis-server), read-only, for CPU accounting. */
export function pidsNamed(names: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (names.includes(comm)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU used by a set of processes between start() and stop(), plus their peak RSS in that window. */
export class CpuMeter {
  private readonly start: Map<number, number>;
  private readonly rssWindow: boolean;

  /** `resetRss`: start a peak-RSS window too (only for the processes the harness owns). */
  constructor(
    private readonly pids: number[],
    resetRss = true,
  ) {
    this.rssWindow = resetRss && pids.map(resetPeakRss).every(Boolean);
    this.start = new Map(pids.map((pid) => [pid, cpuTimeMs(pid)]));
  }

  read(): { cpuMs: number; perPid: { pid: number; cpuMs: number; peakRssMb: number }[]; rssWindow: boolean } {
    const perPid = this.pids.map((pid) => ({
      pid,
      cpuMs: Math.max(0, cpuTimeMs(pid) - (this.start.get(pid) ?? 0)),
      peakRssMb: Math.round(peakRssMb(pid) * 10) / 10,
    }));
    return { cpuMs: perPid.reduce((sum, p) => sum + p.cpuMs, 0), perPid, rssWindow: this.rssWindow };
  }
}

/**
 * The redis-server processes serving `redisUrl`'s port (a redis-server's title is `redis-server <bind>:<port>`):
 * other Redis servers on the machine (a cluster of some other test) are not this run's. All of them when no
 * title names the port.
 */
export function redisPids(redisUrl: string): number[] {
  let port = '6379';
  try {
    port = new URL(redisUrl).port || '6379';
  } catch {
    // the default port
  }
  const all = pidsNamed(['redis-server']);
  const serving = all.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`:${port}`);
    } catch {
      return false;
    }
  });
  return serving.length > 0 ? serving : all;
}
