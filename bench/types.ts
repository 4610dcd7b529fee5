import { type Audit, type AuditFacts } from './audit';
import { type LatencySummary } from './load';
import { type BenchOptions, type Strategy } from './options';

export type ScenarioKind =
  | 'bare'
  | 'ceiling'
  | 'naive'
  | 'spike'
  | 'sold-out'
  | 'sold-out-rate'
  | 'browse'
  | 'scale-out'
  | 'large-sale'
  | 'rows-bind';

export interface PhaseResult {
  /** Answers received in this phase. */
  requests: number;
  durationMs: number;
  throughput: number;
  latency: LatencySummary;
}

export interface ProcessUsage {
  name: string;
  cpuMs: number;
  peakRssMb: number;
}

export interface ScenarioResult {
  id: string;
  kind: ScenarioKind;
  label: string;
  /** What ran it: the platform's strategy, or naive / health / the bare node:http server. */
  target: Strategy | 'naive' | 'health' | 'bare';
  mode: 'closed-loop' | 'fixed-rate';
  connections?: number;
  /** Fixed rate: requests per second asked for. */
  rate?: number;
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  durationMs: number;
  /** Answers per second (attempts per second for order scenarios). */
  throughput: number;
  /** Closed loop: from send; fixed rate: from the intended send time (no coordinated omission). */
  latency: LatencySummary;
  /** Fixed rate only: from the actual send, for contrast. */
  serviceLatency?: LatencySummary;
  /** Browsing: the slowest reads, when each was meant to go (ms after the stream began), to place a stall. */
  slowest?: { atMs: number; latencyMs: number; path: string }[];
  timedOut: boolean;
  outcomes?: {
    accepted: number;
    soldOut: number;
    limitExceeded: number;
    rateLimited: number;
    busy: number;
    other: number;
  };
  /** Answers up to the one that took the last unit. */
  stockPhase?: PhaseResult;
  /** Answers after it. */
  soldOutPhase?: PhaseResult;
  /** From the first attempt to the answer that took the last unit. */
  lastUnitAnsweredMs?: number | null;
  /** From the first attempt until MySQL held every unit in an order. */
  lastUnitPersistedMs?: number | null;
  tickets?: { accepted: number; succeeded: number; failed: number; unfinished: number; waitedMs: number };
  /** Share of the first `stock` distinct attempters (by send time) who got a unit. */
  fairness?: { firstAttempters: number; winnersAmongThem: number; share: number };
  server?: {
    cpuMs: number;
    /** Server CPU per answer (per attempt for order scenarios). */
    cpuMsPerRequest: number;
    peakRssMb: number;
    /** false when peak RSS could not be reset for this window (then it is the process's lifetime peak). */
    rssWindow: boolean;
    processes: ProcessUsage[];
  };
  /**
   * CPU per accepted attempt (see bench/README.md, "CPU per accepted attempt"): every platform process, Redis
   * and MySQL from the first attempt to the answer that took the last unit, plus what the worker, Redis and
   * MySQL spent after it until MySQL held every unit (async's write-behind), divided by the accepted attempts.
   */
  acceptedCpu?: AcceptedCpu;
  /** CPU of the rest of the machine in the same window: the load generator itself, MySQL, Redis, a proxy. */
  neighbours?: Record<string, number>;
  audit?: Audit;
  facts?: AuditFacts;
  summary?: { consistent: boolean; drift: string[] };
  notes?: string[];
}

export interface AcceptedCpu {
  accepted: number;
  /** Platform + Redis + MySQL, ms of CPU per accepted attempt. */
  perAcceptedMs: number;
  /** The same per process (the platform's by name, then redis and mysql), ms per accepted attempt. */
  byProcess: Record<string, number>;
  /** CPU in the stock phase and in the write-behind after it, ms in all. */
  stockPhaseMs: number;
  writeBehindMs: number;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  os: string;
  mysql: string;
  redis: string;
  loadAverageAtStart: number[];
}

export interface Bar {
  id: string;
  description: string;
  target: string;
  value: number | null;
  display: string;
  met: boolean | null;
}

/** The options a run was made with (where its files went and how it drew progress left out). */
export type PublicOptions = Omit<BenchOptions, 'outDir' | 'writeResults' | 'updateReadme' | 'progress'>;

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  options: PublicOptions;
  scenarios: ScenarioResult[];
  ratios: Record<string, number | null>;
  bars: Bar[];
  auditPassed: boolean;
  /** Scenarios that could not run, with the reason (a server that did not start, say). */
  failures: string[];
  notes: string[];
  /** 1-, 5- and 15-minute load averages when the run ended (a busy machine shows here and in otherProcessesCpuMs). */
  loadAverageAtEnd: number[];
  profiles?: { file: string; flameGraph: string; top: { fn: string; selfPct: number }[] }[];
}
