import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { freePort } from '../../bench/processes';

export { freePort };

export interface Spawned {
  child: ChildProcess;
  output(): string;
  /** The exit code, or the signal's name when a signal ended it. */
  exited: Promise<number | string | null>;
}

/** Runs one of the platform's entry points as a real process, from source. */
export function spawnEntryPoint(
  entry: 'src/main.ts' | 'src/worker.ts',
  env: Record<string, string>,
): Spawned {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', entry], {
    env: { ...env, TS_NODE_PROJECT: 'tsconfig.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, output: () => output, exited };
}

/** A throw-away redis-server the test owns and may kill. */
export async function startRedisServer(
  port?: number,
): Promise<{ port: number; url: string; stop(): Promise<void> }> {
  const chosen = port ?? (await freePort());
  const child = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await waitForPort(chosen);
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}/0`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

export async function waitForPort(port: number, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not open within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
