import { freePort, type NodeProcess, spawnNode, waitUntilAnswering } from '../processes';
import { type ScenarioResult } from '../types';
import { runHealthChecks } from './ceiling';
import { type Context, type Target } from './kit';

/**
 * The machine's limit (bench/bare-server.ts): a bare node:http hello server, started beside the platform and
 * driven exactly like the ceiling (same generator, connections, requests and headers). Every scenario is also
 * read against it ("vs bare"): how much of what this machine can do for a request at all the platform does.
 */
export async function startBareServer(
  ctx: Context,
  track: (process: NodeProcess) => NodeProcess,
): Promise<Target & { stop(): Promise<void> }> {
  const port = await freePort();
  const bare = track(
    spawnNode({
      name: 'bare',
      script: 'bench/bare-server.ts',
      env: { ...process.env, BARE_PORT: String(port) },
      profileDir: ctx.profileDir,
    }),
  );
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(bare, `${origin}/health/live`);
  return { origin, servers: [bare], helpers: [], stop: async () => void (await bare.stop()) };
}

export async function runBare(ctx: Context, target: Target, when: 'start' | 'end'): Promise<ScenarioResult> {
  return runHealthChecks(ctx, target, {
    id: when === 'start' ? 'bare' : 'bare:end',
    kind: 'bare',
    label: when === 'start' ? 'bare node:http (the machine)' : 'bare node:http again, after the sales',
    target: 'bare',
  });
}
