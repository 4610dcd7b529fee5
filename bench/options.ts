import { parseArgs, type ParseArgsConfig } from 'node:util';
import { STRATEGY_KINDS, type StrategyKind } from '../src/domain/catalog/flash-sale';

/** The benchmark runs every kind the platform knows: the domain's list, not a copy. */
export const STRATEGIES = STRATEGY_KINDS;
export type Strategy = StrategyKind;

/** Everything a run can be told; `npm run bench -- --help` lists the flags, BENCH_* variables do the same. */
export interface BenchOptions {
  /** Units on sale in each spike. */
  stock: number;
  /** Order attempts in each spike. */
  attempts: number;
  /** Distinct shoppers making those attempts (each tries attempts/users times). */
  users: number;
  /** Concurrent connections of the closed-loop runs. */
  connections: number;
  /** Buckets of the bucketed sale. */
  buckets: number;
  /** Requests of the ceiling run (GET /health/live). */
  ceilingRequests: number;
  /** Closed-loop attempts against a sold-out sale, after each spike. */
  soldOutAttempts: number;
  /** Fixed-rate attempts per second against a sold-out sale (latency from the intended send time); 0 = half the
   * closed-loop sold-out throughput just measured. */
  soldOutRate: number;
  soldOutRateSeconds: number;
  /** Fixed-rate storefront reads per second beside every spike. */
  browseRate: number;
  /** Longest any one load run may take; a run cut short is reported as such. */
  scenarioTimeoutSeconds: number;
  /** Longest the harness waits for async tickets to finish and MySQL to hold every order. */
  settleTimeoutSeconds: number;
  strategies: Strategy[];
  ceiling: boolean;
  naive: boolean;
  scaleOut: boolean;
  /** Drive a bare node:http hello server with the ceiling's load, before and after the sales: the machine's limit. */
  bare: boolean;
  /** The large sale: `largeSaleStock` units bought by `largeSaleAttempts` attempts of `largeSaleUsers` shoppers. */
  largeSale: boolean;
  largeSaleStock: number;
  largeSaleAttempts: number;
  largeSaleUsers: number;
  /** Longest one large sale's load may take (it is the longest run of the benchmark). */
  largeSaleTimeoutSeconds: number;
  /** sync and bucketed again on an instance writing one order per transaction (ORDER_WRITE_BATCH_MAX=1). */
  rowsBind: boolean;
  /** Warm every platform process up (health checks, a sale of each strategy) before the first clock. */
  warmUp: boolean;
  /** Strategy of the scale-out sale. */
  scaleOutStrategy: Strategy;
  /**
   * The single instance as docker-compose runs it, an API process and a worker process (false), or both roles
   * in one process (true, APP_ROLE=all, what scripts/up.sh starts).
   */
  oneProcess: boolean;
  /** Run the platform from src/ through ts-node instead of dist/ (the smoke test does; no build needed). */
  fromSource: boolean;
  /** Start servers with node --cpu-prof; profiles and flame graphs land in <outDir>/profiles. */
  profile: boolean;
  /** Extra environment for the platform's processes (`--server-env KEY=VALUE`, repeatable). */
  serverEnv: Record<string, string>;
  seed: number;
  outDir: string;
  /** Write latest.json / latest.svg / latest.md into outDir. */
  writeResults: boolean;
  /** Put the table into README.md between its bench:latest markers. */
  updateReadme: boolean;
  progress: boolean;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  stock: 2000,
  attempts: 40000,
  users: 10000,
  connections: 200,
  buckets: 8,
  ceilingRequests: 40000,
  // As many as the ceiling's: runs of one length have the same share of ramp-up and tail.
  soldOutAttempts: 40000,
  soldOutRate: 0,
  soldOutRateSeconds: 5,
  browseRate: 100,
  scenarioTimeoutSeconds: 90,
  settleTimeoutSeconds: 60,
  strategies: [...STRATEGIES],
  ceiling: true,
  naive: true,
  scaleOut: true,
  bare: true,
  largeSale: true,
  largeSaleStock: 50_000,
  largeSaleAttempts: 200_000,
  largeSaleUsers: 50_000,
  largeSaleTimeoutSeconds: 300,
  rowsBind: true,
  warmUp: true,
  scaleOutStrategy: 'async',
  oneProcess: false,
  fromSource: false,
  profile: false,
  serverEnv: {},
  seed: 7,
  outDir: 'bench/results',
  writeResults: true,
  updateReadme: false,
  progress: true,
};

export const HELP = `npm run bench -- [flags]            (every flag also reads BENCH_<NAME>, e.g. BENCH_STOCK=500)

  --stock N                 units per sale                              (${DEFAULT_OPTIONS.stock})
  --attempts N              order attempts per spike                    (${DEFAULT_OPTIONS.attempts})
  --users N                 distinct shoppers                           (${DEFAULT_OPTIONS.users})
  --connections N           concurrent connections, closed loop         (${DEFAULT_OPTIONS.connections})
  --buckets N               buckets of the bucketed sale                (${DEFAULT_OPTIONS.buckets})
  --ceiling-requests N      GET /health/live requests                   (${DEFAULT_OPTIONS.ceilingRequests})
  --sold-out-attempts N     closed-loop attempts on a sold-out sale     (${DEFAULT_OPTIONS.soldOutAttempts})
  --sold-out-rate N         fixed-rate attempts/s on a sold-out sale    (0 = half the measured capacity)
  --sold-out-rate-seconds N for this long, 0 = skip                     (${DEFAULT_OPTIONS.soldOutRateSeconds})
  --browse-rate N           storefront reads/s beside each spike        (${DEFAULT_OPTIONS.browseRate})
  --scenario-timeout N      seconds any one load run may take           (${DEFAULT_OPTIONS.scenarioTimeoutSeconds})
  --settle-timeout N        seconds to wait for tickets and MySQL        (${DEFAULT_OPTIONS.settleTimeoutSeconds})
  --strategies a,b          which strategies                            (${STRATEGIES.join(',')})
  --no-ceiling --no-naive --no-scale-out      skip those scenarios
  --no-bare                 skip the bare node:http server (the machine's limit every scenario is read against)
  --no-large-sale           skip the large sale (adds 2–6 minutes to a default run)
  --large-sale-stock N      units of each large sale                    (${DEFAULT_OPTIONS.largeSaleStock})
  --large-sale-attempts N   attempts of each large sale                 (${DEFAULT_OPTIONS.largeSaleAttempts})
  --large-sale-users N      shoppers of the large sale                  (${DEFAULT_OPTIONS.largeSaleUsers})
  --large-sale-timeout N    seconds one large sale's load may take      (${DEFAULT_OPTIONS.largeSaleTimeoutSeconds})
  --no-rows-bind            skip sync and bucketed with one order per transaction (ORDER_WRITE_BATCH_MAX=1)
  --no-warm-up              measure fresh processes (no health checks and sales before the clocks)
  --scale-out-strategy S    strategy of the scale-out sale              (${DEFAULT_OPTIONS.scaleOutStrategy})
  --one-process             the single instance as one APP_ROLE=all process, not an API and a worker
  --quick                   a one-minute run: stock 200, 4000 attempts, 1000 users, smaller side runs
  --from-source             run the platform from src/ with ts-node (no build needed)
  --profile                 node --cpu-prof on every server; flame graphs in <out>/profiles
  --server-env KEY=VALUE    extra platform environment (repeatable), e.g. DB_POOL_SIZE=20
  --seed N                  shuffling seed                              (${DEFAULT_OPTIONS.seed})
  --out DIR                 where results go                            (${DEFAULT_OPTIONS.outDir})
  --no-write                print only; leave latest.json/svg/md alone
  --update-readme           also put the bars into README.md and every row into bench/README.md (bench:latest markers)
  --no-progress             no progress bar
`;

const QUICK: Partial<BenchOptions> = {
  stock: 200,
  attempts: 4000,
  users: 1000,
  connections: 100,
  ceilingRequests: 10000,
  soldOutAttempts: 10000,
  soldOutRateSeconds: 2,
  largeSaleStock: 5000,
  largeSaleAttempts: 20_000,
  largeSaleUsers: 5000,
};

const FLAGS = {
  stock: { type: 'string' },
  attempts: { type: 'string' },
  users: { type: 'string' },
  connections: { type: 'string' },
  buckets: { type: 'string' },
  'ceiling-requests': { type: 'string' },
  'sold-out-attempts': { type: 'string' },
  'sold-out-rate': { type: 'string' },
  'sold-out-rate-seconds': { type: 'string' },
  'browse-rate': { type: 'string' },
  'scenario-timeout': { type: 'string' },
  'settle-timeout': { type: 'string' },
  strategies: { type: 'string' },
  'no-ceiling': { type: 'boolean' },
  'no-naive': { type: 'boolean' },
  'no-scale-out': { type: 'boolean' },
  'no-warm-up': { type: 'boolean' },
  'no-bare': { type: 'boolean' },
  'no-large-sale': { type: 'boolean' },
  'large-sale-stock': { type: 'string' },
  'large-sale-attempts': { type: 'string' },
  'large-sale-users': { type: 'string' },
  'large-sale-timeout': { type: 'string' },
  'no-rows-bind': { type: 'boolean' },
  'scale-out-strategy': { type: 'string' },
  quick: { type: 'boolean' },
  'one-process': { type: 'boolean' },
  'from-source': { type: 'boolean' },
  profile: { type: 'boolean' },
  'server-env': { type: 'string', multiple: true },
  seed: { type: 'string' },
  out: { type: 'string' },
  'no-write': { type: 'boolean' },
  'update-readme': { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean' },
} satisfies NonNullable<ParseArgsConfig['options']>;

type FlagName = keyof typeof FLAGS;

/** Flags win over BENCH_* variables, which win over the defaults. Throws with a readable message. */
export function parseOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions | 'help' {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  const flag = (name: FlagName): string | boolean | string[] | undefined => {
    const value: string | boolean | string[] | undefined = values[name];
    if (value !== undefined) return value;
    const fromEnv = env[`BENCH_${name.replace(/-/g, '_').toUpperCase()}`];
    if (fromEnv === undefined || fromEnv === '') return undefined;
    return FLAGS[name].type === 'boolean' ? ['1', 'true', 'yes'].includes(fromEnv) : fromEnv;
  };
  if (flag('help') === true) return 'help';

  const options: BenchOptions = { ...DEFAULT_OPTIONS, serverEnv: {} };
  if (flag('quick') === true) Object.assign(options, QUICK);
  const int = (name: FlagName, min: number): number | undefined => {
    const raw = flag(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return value;
  };
  const set = <K extends keyof BenchOptions>(key: K, value: BenchOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('stock', int('stock', 1));
  set('attempts', int('attempts', 1));
  set('users', int('users', 1));
  set('connections', int('connections', 1));
  set('buckets', int('buckets', 1));
  set('ceilingRequests', int('ceiling-requests', 0));
  set('soldOutAttempts', int('sold-out-attempts', 0));
  set('soldOutRate', int('sold-out-rate', 0));
  set('soldOutRateSeconds', int('sold-out-rate-seconds', 0));
  set('browseRate', int('browse-rate', 0));
  set('scenarioTimeoutSeconds', int('scenario-timeout', 1));
  set('settleTimeoutSeconds', int('settle-timeout', 1));
  set('seed', int('seed', 0));
  set('largeSaleStock', int('large-sale-stock', 1));
  set('largeSaleAttempts', int('large-sale-attempts', 1));
  set('largeSaleUsers', int('large-sale-users', 1));
  set('largeSaleTimeoutSeconds', int('large-sale-timeout', 1));
  const strategies = flag('strategies');
  if (typeof strategies === 'string') {
    const list = strategies.split(',').filter(Boolean);
    for (const s of list) if (!isStrategy(s)) throw new Error(`--strategies: unknown strategy ${s}`);
    options.strategies = list as Strategy[];
  }
  const scaleOutStrategy = flag('scale-out-strategy');
  if (typeof scaleOutStrategy === 'string') {
    if (!isStrategy(scaleOutStrategy)) throw new Error(`--scale-out-strategy: unknown ${scaleOutStrategy}`);
    options.scaleOutStrategy = scaleOutStrategy;
  }
  if (flag('no-ceiling') === true) options.ceiling = false;
  if (flag('no-naive') === true) options.naive = false;
  if (flag('no-scale-out') === true) options.scaleOut = false;
  if (flag('no-warm-up') === true) options.warmUp = false;
  if (flag('no-bare') === true) options.bare = false;
  if (flag('no-large-sale') === true) options.largeSale = false;
  if (flag('no-rows-bind') === true) options.rowsBind = false;
  if (flag('one-process') === true) options.oneProcess = true;
  if (flag('from-source') === true) options.fromSource = true;
  if (flag('profile') === true) options.profile = true;
  if (flag('no-write') === true) options.writeResults = false;
  if (flag('update-readme') === true) options.updateReadme = true;
  if (flag('no-progress') === true) options.progress = false;
  const out = flag('out');
  if (typeof out === 'string') options.outDir = out;
  const serverEnv = flag('server-env');
  const pairs =
    typeof serverEnv === 'string' ? serverEnv.split(/\s+/) : Array.isArray(serverEnv) ? serverEnv : [];
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--server-env expects KEY=VALUE, got ${pair}`);
    options.serverEnv[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (options.users > options.attempts) options.users = options.attempts;
  if (options.largeSaleUsers > options.largeSaleAttempts) options.largeSaleUsers = options.largeSaleAttempts;
  return options;
}

function isStrategy(value: string): value is Strategy {
  return (STRATEGIES as readonly string[]).includes(value);
}
