/**
 * `npx ts-node --transpile-only bench/captcha-cost.ts [difficulty] [runs]`: what the proof-of-work captcha costs
 * a solver and the server, on this machine (docs/captcha.md). The solver is altcha-lib's own solveChallenge
 * (SHA-256 through WebCrypto, one thread), as a script would run it; the server's part is creating a signed
 * challenge and verifying a solution (CPU only: the Redis round trip that stores and uses it up comes on top).
 */
import { createChallenge, solveChallenge, verifySolution } from 'altcha-lib/v1';
import { createHash } from 'node:crypto';

const difficulty = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 20);
const HMAC_KEY = 'bench-only-key-0123456789abcdef0123456789abcdef';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

/** The server's CPU per verification, apart from the event loop's scheduling noise on a busy machine. */
async function verifyCpuMicros(): Promise<number> {
  const challenge = await createChallenge({ hmacKey: HMAC_KEY, maxnumber: difficulty, number: 4242 });
  const payload = { ...challenge, number: 4242 };
  for (let i = 0; i < 200; i++) await verifySolution(payload, HMAC_KEY);
  const before = process.cpuUsage();
  for (let i = 0; i < 2000; i++) await verifySolution(payload, HMAC_KEY);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 2000;
}

async function main(): Promise<void> {
  const solveMs: number[] = [];
  const tried: number[] = [];
  const createUs: number[] = [];
  const verifyUs: number[] = [];
  const nativeMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    let started = process.hrtime.bigint();
    const challenge = await createChallenge({
      algorithm: 'SHA-256',
      hmacKey: HMAC_KEY,
      maxnumber: difficulty,
      expires: new Date(Date.now() + 120_000),
      params: { user: '42', sale: '7', id: `run-${run}` },
    });
    createUs.push(Number(process.hrtime.bigint() - started) / 1000);

    started = process.hrtime.bigint();
    const solution = await solveChallenge(
      challenge.challenge,
      challenge.salt,
      challenge.algorithm,
      difficulty,
    ).promise;
    solveMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (!solution) throw new Error('not solved');
    tried.push(solution.number + 1);

    // What a bot would write instead: the same search with Node's synchronous SHA-256.
    started = process.hrtime.bigint();
    let found = -1;
    for (let n = 0; n <= difficulty; n++) {
      if (
        createHash('sha256')
          .update(challenge.salt + n)
          .digest('hex') === challenge.challenge
      ) {
        found = n;
        break;
      }
    }
    nativeMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (found !== solution.number) throw new Error('the native search disagrees');

    started = process.hrtime.bigint();
    const ok = await verifySolution({ ...challenge, number: solution.number }, HMAC_KEY);
    verifyUs.push(Number(process.hrtime.bigint() - started) / 1000);
    if (!ok) throw new Error('a right solution was refused');
  }
  const rate = tried.reduce((a, b) => a + b, 0) / (solveMs.reduce((a, b) => a + b, 0) / 1000);
  console.log(`difficulty (maxnumber) ${difficulty}, ${runs} runs, Node ${process.version}`);
  console.log(
    `solve:  median ${median(solveMs).toFixed(0)} ms, p90 ${percentile(solveMs, 90).toFixed(0)} ms, ` +
      `max ${Math.max(...solveMs).toFixed(0)} ms; ${Math.round(rate).toLocaleString('en-US')} hashes/s; ` +
      `expected full-range worst case ${((difficulty / rate) * 1000).toFixed(0)} ms`,
  );
  const nativeRate = tried.reduce((a, b) => a + b, 0) / (nativeMs.reduce((a, b) => a + b, 0) / 1000);
  console.log(
    `native: median ${median(nativeMs).toFixed(0)} ms, p90 ${percentile(nativeMs, 90).toFixed(0)} ms; ` +
      `${Math.round(nativeRate).toLocaleString('en-US')} hashes/s (node:crypto, synchronous: a bot's solver)`,
  );
  console.log(`create: median ${median(createUs).toFixed(0)} µs`);
  console.log(
    `verify: median ${median(verifyUs).toFixed(0)} µs, max ${Math.max(...verifyUs).toFixed(0)} µs (wall)`,
  );
  console.log(`verify: ${(await verifyCpuMicros()).toFixed(0)} µs of CPU each, over 2,000 in a row`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
