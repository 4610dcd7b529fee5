import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPO_ROOT = resolve(__dirname, '..');

/**
 * Every child's whole output goes to a file here (git-ignored), one directory per benchmark process: the
 * in-memory tail below keeps only the last lines, and a child that dies mid-run must be explainable afterwards.
 */
export const LOG_DIR = resolve(
  REPO_ROOT,
  'bench/results/logs',
  `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`,
);

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export interface NodeProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last lines it printed (stdout and stderr). */
  output(): string;
  /** The file holding everything it printed. */
  logFile: string;
  exited: Promise<number | string | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | string | null>;
}

export interface SpawnOptions {
  name: string;
  /** A TypeScript file of this repository (run through ts-node) or a built .js file. */
  script: string;
  args?: string[];
  /** Flags for node itself, before the script. */
  nodeArgs?: string[];
  env: Record<string, string | undefined>;
  /** Directory for node --cpu-prof output; no profiling when absent. */
  profileDir?: string;
}

/** Runs a Node entry point as a child process of its own, so its CPU and memory can be read from /proc. */
export function spawnNode(options: SpawnOptions): NodeProcess {
  const nodeArgs: string[] = [...(options.nodeArgs ?? [])];
  if (options.script.endsWith('.ts')) nodeArgs.push('-r', 'ts-node/register/transpile-only');
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    nodeArgs.push(
      '--cpu-prof',
      `--cpu-prof-dir=${options.profileDir}`,
      `--cpu-prof-name=${options.name}.cpuprofile`,
    );
  }
  const child = spawn(process.execPath, [...nodeArgs, options.script, ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: { ...options.env, TS_NODE_PROJECT: resolve(REPO_ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.script}`);
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = resolve(LOG_DIR, `${options.name}-${child.pid}.log`);
  const log = createWriteStream(logFile);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopping = false;
  const exited = new Promise<number | string | null>((done) =>
    child.once('exit', (code, signal) => {
      const status = code ?? signal;
      log.end(`\n[bench] ${options.name} (pid ${child.pid}) exited: ${String(status)}\n`);
      // A child the benchmark did not stop died on its own: say so at once, with what it printed last.
      if (!stopping) {
        process.stderr.write(
          `\n${options.name} (pid ${child.pid}) died: ${String(status)}; its last lines (all in ${logFile}):\n` +
            `${lines.slice(-30).join('\n')}\n`,
        );
      }
      done(status);
    }),
  );
  return {
    name: options.name,
    pid: child.pid,
    child,
    output: () => lines.join('\n'),
    logFile,
    exited,
    async stop(graceMs = 15_000) {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}

/** Resolves once GET <url> answers 200; fails early, with the process's output, if the process dies. */
export async function waitUntilAnswering(
  process: NodeProcess,
  url: string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void process.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${process.name} exited during start-up:\n${process.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${process.name} did not answer ${url} within ${timeoutMs} ms:\n${process.output()}`);
    }
    await sleep(100);
  }
}
