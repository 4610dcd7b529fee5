import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram, register } from 'prom-client';
import { type DataSource } from 'typeorm';
import { QueueNames } from '../../config/queue-names';
import { type AttemptOutcome } from '../../domain/ordering/attempt-counter';
import { withTimeout } from '../resilience/with-timeout';
import { ProducerQueues } from '../queue/producer-queues';

/**
 * API.md's business series on /metrics. Labels stay bounded: outcomes, stock states, queue names and job states are
 * fixed sets; nothing is labelled per sale, user or address (a sale's own numbers are in its summary).
 */
function singleton<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

const attempts = singleton(
  'flash_sale_order_attempts_total',
  () =>
    new Counter({
      name: 'flash_sale_order_attempts_total',
      help: 'Order attempts answered by this process, by outcome',
      labelNames: ['outcome'] as const,
      registers: [register],
    }),
);
const attemptsByOutcome = new Map<AttemptOutcome, Counter.Internal>();

/** Counts an attempt; a bound child per outcome, so counting costs one addition. */
export function countAttemptMetric(outcome: AttemptOutcome): void {
  let child = attemptsByOutcome.get(outcome);
  if (child === undefined) {
    child = attempts.labels(outcome);
    attemptsByOutcome.set(outcome, child);
  }
  child.inc();
}

const orderWrites = singleton(
  'flash_sale_order_write_duration_seconds',
  () =>
    new Histogram({
      name: 'flash_sale_order_write_duration_seconds',
      help: "An order's MySQL write (its batch's transaction included), from the call to the answer, by result",
      labelNames: ['result'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [register],
    }),
);

/** Starts timing an order write; call the result with whether it committed. */
export function timeOrderWrite(): (committed: boolean) => void {
  const end = orderWrites.startTimer();
  return (committed) => void end({ result: committed ? 'committed' : 'failed' });
}

type Collector = () => Promise<void>;
/** The collecting instances (tests start several apps in one process; the latest one still open answers). */
const collectors: Collector[] = [];
let scraping: Promise<void> | null = null;

/**
 * prom-client asks every metric for its values at once: the gauges read at scrape time share one read, so each
 * answers with the values of the same moment.
 */
function scrape(): Promise<void> {
  const collector = collectors.at(-1);
  if (collector === undefined) return Promise.resolve();
  scraping ??= collector().finally(() => (scraping = null));
  return scraping;
}

const units = singleton(
  'flash_sale_units',
  () =>
    new Gauge({
      name: 'flash_sale_units',
      help: 'Units of the running sales by state (MySQL, read at scrape time)',
      labelNames: ['state'] as const,
      registers: [register],
      collect: scrape,
    }),
);
const runningSales = singleton(
  'flash_sale_running_sales',
  () =>
    new Gauge({
      name: 'flash_sale_running_sales',
      help: 'Sales open right now',
      registers: [register],
      collect: scrape,
    }),
);
const queueDepth = singleton(
  'flash_sale_queue_jobs',
  () =>
    new Gauge({
      name: 'flash_sale_queue_jobs',
      help: 'Jobs in each BullMQ queue by state (read at scrape time)',
      labelNames: ['queue', 'state'] as const,
      registers: [register],
      collect: scrape,
    }),
);

const SCRAPE_TIMEOUT_MS = 1000;

interface UnitsRow {
  sales: string;
  available: string;
  reserved: string;
  sold: string;
}
const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Reads units and queue depths when Prometheus scrapes, bounded in time; a failed read leaves the series out. */
@Injectable()
export class BusinessMetricsCollector implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BusinessMetricsCollector.name);
  private readonly collect: Collector = () => this.read();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: ProducerQueues,
  ) {}

  onModuleInit(): void {
    collectors.push(this.collect);
  }

  onModuleDestroy(): void {
    const index = collectors.indexOf(this.collect);
    if (index !== -1) collectors.splice(index, 1);
  }

  private async read(): Promise<void> {
    await Promise.all([this.readUnits(), this.readQueues()]);
  }

  private async readUnits(): Promise<void> {
    units.reset();
    runningSales.reset();
    const now = new Date();
    try {
      const [row] = await withTimeout(
        this.dataSource.query<UnitsRow[]>(
          `SELECT COUNT(DISTINCT s.id) AS sales, COALESCE(SUM(b.available), 0) AS available,
                  COALESCE(SUM(b.reserved), 0) AS reserved, COALESCE(SUM(b.sold), 0) AS sold
             FROM flash_sales s JOIN sale_stock_buckets b ON b.sale_id = s.id
            WHERE s.deleted_at IS NULL AND s.starts_at <= ? AND s.ends_at > ?`,
          [now, now],
        ),
        SCRAPE_TIMEOUT_MS,
        'MySQL',
      );
      runningSales.set(Number(row.sales));
      for (const state of ['available', 'reserved', 'sold'] as const)
        units.set({ state }, Number(row[state]));
    } catch (error) {
      this.logger.warn(`Units not read for /metrics: ${String(error)}`);
    }
  }

  private async readQueues(): Promise<void> {
    queueDepth.reset();
    await Promise.all(
      Object.values(QueueNames).map(async (name) => {
        try {
          const counts = await withTimeout(
            this.queues.get(name).getJobCounts(...JOB_STATES),
            SCRAPE_TIMEOUT_MS,
            'The queue',
          );
          for (const state of JOB_STATES) queueDepth.set({ queue: name, state }, counts[state] ?? 0);
        } catch (error) {
          this.logger.warn(`Queue ${name} not read for /metrics: ${String(error)}`);
        }
      }),
    );
  }
}
