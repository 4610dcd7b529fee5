import { type RowDataPacket } from 'mysql2/promise';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { resolve } from 'node:path';
import { auditPassed } from './audit';
import { createBenchEnvironment, type BenchEnvironment } from './environment';
import { type BenchOptions } from './options';
import { PlatformApi } from './platform-api';
import { freePort, type NodeProcess } from './processes';
import { runBare, startBareServer } from './scenarios/bare';
import { runCeiling } from './scenarios/ceiling';
import {
  type Context,
  type Progress,
  silentProgress,
  openBenchSale,
  startSingleInstance,
  type Target,
} from './scenarios/kit';
import { largeSaleShoppers, runLargeSale } from './scenarios/large-sale';
import { runNaive } from './scenarios/naive';
import { runRowsBind } from './scenarios/rows-bind';
import { runScaleOut } from './scenarios/scale-out';
import { runSoldOut, runSoldOutAtFixedRate } from './scenarios/sold-out';
import { runSpike } from './scenarios/spike';
import { warmUp, warmUpSize } from './scenarios/warm-up';
import { AddressBook, createShoppers, seededRandom } from './shoppers';
import { type BenchResults, type MachineInfo, type PublicOptions, type ScenarioResult } from './types';
import { computeVerdicts } from './verdicts';

// The bench's runner: the scenarios (bench/scenarios/, one file each) in their order, on servers it starts and
// always stops, then the ratios and bars (verdicts.ts). bench/run.ts is its command line.

export { type Progress, silentProgress };

/** Runs every scenario of `options` once and returns the results; never leaves a process, database or key. */
export async function runBenchmark(
  options: BenchOptions,
  progress: Progress = silentProgress,
): Promise<BenchResults> {
  const startedAt = new Date();
  const env = await createBenchEnvironment();
  const running = new Set<NodeProcess>();
  const scenarios: ScenarioResult[] = [];
  const notes: string[] = [];
  const profileDir = options.profile ? resolve(options.outDir, 'profiles', env.id) : undefined;
  try {
    progress.log(`database ${env.database}, Redis prefix ${env.keyPrefix}`);
    const machine = await machineInfo(env);
    const shoppers = await createShoppers(env.db, options.users, env.jwt, env.id);
    const warmUpShoppers = options.warmUp
      ? await createShoppers(env.db, warmUpSize(options).shoppers, env.jwt, `${env.id}w`)
      : [];
    progress.log(`${shoppers.length} shoppers with signed tokens`);
    const ctx: Context = {
      options,
      env,
      shoppers,
      warmUpShoppers,
      addresses: new AddressBook(),
      random: seededRandom(options.seed),
      progress,
      profileDir,
      notes,
    };
    const track = (process: NodeProcess) => {
      running.add(process);
      void process.exited.then(() => running.delete(process));
      return process;
    };

    // A scenario that cannot run (a server that does not start, say) is reported and the others still run.
    const failures: string[] = [];
    const guarded = async (name: string, work: () => Promise<void>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        const message = briefly(error);
        failures.push(`${name}: ${message}`);
        progress.done();
        progress.log(`✗ ${name} failed: ${message}`);
      }
    };

    // Made before any platform process starts: a minute of inserts and signatures in the middle of the run left
    // the harness's idle admin connection to expire under its next call (a "fetch failed" opening the sale).
    const largeCrowd =
      options.largeSale && options.strategies.length > 0 ? await largeSaleShoppers(ctx) : undefined;
    if (largeCrowd) progress.log(`large sale: ${largeCrowd.length} shoppers with signed tokens`);
    const needsSingle = options.ceiling || options.strategies.length > 0;
    if (needsSingle || options.naive) {
      await guarded('single instance', async () => {
        const port = await freePort();
        const servers = await startSingleInstance(ctx, port, track);
        try {
          const origin = `http://127.0.0.1:${port}`;
          const api = new PlatformApi(origin);
          await api.logInAsAdmin(env.admin.email, env.admin.password);
          const single: Target = { origin, servers, helpers: [], api };
          progress.log(`platform (${servers.map((s) => `${s.name} pid ${s.pid}`).join(', ')}) on ${origin}`);
          if (options.warmUp) await warmUp(ctx, single, options.strategies);
          // The machine's limit, driven like the ceiling, right before it and right after it at the end.
          const bare = options.bare && options.ceiling ? await startBareServer(ctx, track) : undefined;
          if (bare) await guarded('bare', async () => void scenarios.push(await runBare(ctx, bare, 'start')));

          if (options.ceiling)
            await guarded('ceiling', async () => void scenarios.push(await runCeiling(ctx, single, 'start')));
          if (options.naive) {
            await guarded('naive baseline', async () => void scenarios.push(await runNaive(ctx, api, track)));
          }
          for (const strategy of options.strategies) {
            await guarded(strategy, async () => {
              const saleId = await openBenchSale(ctx, api, strategy, strategy);
              scenarios.push(...(await runSpike(ctx, single, saleId, strategy, 'spike')));
              const soldOut =
                options.soldOutAttempts > 0 ? await runSoldOut(ctx, single, saleId, strategy) : undefined;
              if (soldOut) scenarios.push(soldOut);
              const last = strategy === options.strategies[options.strategies.length - 1];
              if (last && options.soldOutRateSeconds > 0) {
                // Latency at a steady load the server can carry: half the capacity just measured, unless told.
                const rate =
                  options.soldOutRate || Math.max(10, Math.round((soldOut?.throughput ?? 1000) / 2));
                scenarios.push(await runSoldOutAtFixedRate(ctx, single, saleId, strategy, rate));
              }
            });
          }
          if (largeCrowd) {
            for (const strategy of options.strategies)
              await guarded(
                `large sale (${strategy})`,
                async () => void scenarios.push(await runLargeSale(ctx, single, largeCrowd, strategy)),
              );
          }
          // The ceiling again: the ratios use both, so that a machine whose speed drifts during the run (a
          // shared host) does not tilt every ratio by the minute the ceiling happened to be measured in.
          if (options.ceiling && options.strategies.length > 0)
            await guarded(
              'ceiling again',
              async () => void scenarios.push(await runCeiling(ctx, single, 'end')),
            );
          if (bare && options.strategies.length > 0)
            await guarded('bare again', async () => void scenarios.push(await runBare(ctx, bare, 'end')));
          if (bare) await bare.stop();
        } finally {
          await Promise.all(servers.map((server) => server.stop()));
        }
      });
    }

    if (options.rowsBind && options.strategies.length > 0) {
      await guarded('rows bind', async () => void scenarios.push(...(await runRowsBind(ctx, track))));
    }

    if (options.scaleOut) {
      await guarded('scale-out', async () => void scenarios.push(...(await runScaleOut(ctx))));
    }

    const shared = scenarios
      .filter((s) => s.neighbours && s.durationMs > 1000)
      .map((s) => ({ s, share: (s.neighbours?.otherProcessesCpuMs ?? 0) / (s.durationMs * cpus().length) }))
      .filter(({ share }) => share > 0.15);
    if (shared.length > 0) {
      notes.push(
        `the machine was shared: other processes kept ${shared
          .map(({ s, share }) => `${Math.round(share * 100)}% of the cores busy during ${s.label}`)
          .join(', ')}; expect better numbers on an idle machine`,
      );
    }
    const { ratios, bars } = computeVerdicts(scenarios, options);
    const drift = ratios['ceiling at the end vs at the start'];
    if (drift && (drift < 0.8 || drift > 1.25)) {
      notes.push(
        `the machine's speed drifted during the run: the ceiling at the end was ${drift}× the one at the start; the ratios use their mean`,
      );
    }
    const finishedAt = new Date();
    return {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSeconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 100) / 10,
      machine,
      options: publicOptions(options),
      scenarios,
      ratios,
      bars,
      auditPassed: scenarios.every((s) => !s.audit || auditPassed(s.audit)),
      failures,
      notes,
      loadAverageAtEnd: loadavg().map((n) => Math.round(n * 100) / 100),
      ...(profileDir ? { profiles: await summarizeProfiles(profileDir, running) } : {}),
    };
  } finally {
    await Promise.all([...running].map((process) => process.stop(5000)));
    await env.dispose();
  }
}

/** An error in a line or two: a server that died at start-up says why in its own last words. */
function briefly(error: unknown): string {
  // eslint-disable-next-line no-control-regex
  const text = (error instanceof Error ? error.message : String(error)).replace(/\x1b\[[0-9;]*m/g, '');
  const lines = text.split('\n').map((line) => line.trim());
  const cause = lines.find((line) => /^Start-up failed|Error:/.test(line));
  return cause && cause !== lines[0] ? `${lines[0]} — ${cause}` : lines[0];
}

async function machineInfo(env: BenchEnvironment): Promise<MachineInfo> {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    // not Linux
  }
  const [[version]] = await env.db.query<RowDataPacket[]>('SELECT VERSION() AS version');
  const info = await env.redis.info('server');
  return {
    cpuModel,
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
    mysql: String(version.version),
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    loadAverageAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

function publicOptions(options: BenchOptions): PublicOptions {
  const {
    outDir: _outDir,
    writeResults: _write,
    updateReadme: _readme,
    progress: _progress,
    ...rest
  } = options;
  return rest;
}

async function summarizeProfiles(
  profileDir: string,
  running: Set<NodeProcess>,
): Promise<NonNullable<BenchResults['profiles']>> {
  await Promise.all([...running].map((process) => process.stop()));
  const { analyzeProfiles } = await import('./cpu-profile');
  return analyzeProfiles(profileDir);
}
