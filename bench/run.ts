/**
 * `npm run bench`: a reproducible flash-sale spike against the built platform on this machine, measured and
 * audited. See README.md, section "Benchmark", and `npm run bench -- --help`.
 */
import { SingleBar } from 'cli-progress';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Progress, runBenchmark } from './harness';
import { HELP, parseOptions } from './options';
import { REPO_ROOT } from './processes';
import { markdownReport, markdownSummary, terminalReport, updateReadme, writeResults } from './report';

function progressBar(enabled: boolean): Progress {
  const interactive = enabled && process.stderr.isTTY;
  let bar: SingleBar | undefined;
  let timer: NodeJS.Timeout | undefined;
  const started = { at: 0 };
  return {
    phase(label, total, current) {
      started.at = Date.now();
      if (!interactive) {
        console.log(`▶ ${label} (${total.toLocaleString('en-US')})`);
        return;
      }
      bar = new SingleBar({
        format: `${label.padEnd(34)} |{bar}| {value}/{total}  {rate}/s  {elapsed}s`,
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        stream: process.stderr,
      });
      bar.start(total, 0, { rate: 0, elapsed: 0 });
      timer = setInterval(() => {
        const seconds = (Date.now() - started.at) / 1000;
        const done = current();
        bar?.update(Math.min(done, total), {
          rate: Math.round(done / Math.max(seconds, 0.001)),
          elapsed: seconds.toFixed(1),
        });
      }, 200);
    },
    done() {
      if (timer) clearInterval(timer);
      bar?.stop();
      bar = undefined;
      if (!interactive && started.at)
        console.log(`  done in ${((Date.now() - started.at) / 1000).toFixed(1)} s`);
    },
    log(line) {
      console.log(`• ${line}`);
    },
  };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  if (!options.fromSource && !existsSync(resolve(REPO_ROOT, 'dist/src/main.js'))) {
    console.error(
      'dist/src/main.js is missing: run `npm run build` first (npm run bench does), or pass --from-source',
    );
    return 2;
  }
  const results = await runBenchmark(options, progressBar(options.progress));
  console.log(terminalReport(results));
  if (options.writeResults) {
    const files = writeResults(results, resolve(REPO_ROOT, options.outDir));
    console.log(`\nwrote ${files.map((f) => f.replace(`${REPO_ROOT}/`, '')).join(', ')}`);
  }
  if (options.updateReadme) {
    for (const [file, report] of [
      ['README.md', markdownSummary],
      ['bench/README.md', markdownReport],
    ] as const) {
      const updated = await updateReadme(results, resolve(REPO_ROOT, file), report);
      console.log(
        updated ? `updated the table in ${file}` : `${file} has no bench:latest markers: left alone`,
      );
    }
  }
  for (const profile of results.profiles ?? []) {
    console.log(
      `\nprofile ${profile.file.replace(`${REPO_ROOT}/`, '')} (flame graph: ${profile.flameGraph.replace(`${REPO_ROOT}/`, '')})`,
    );
    for (const { fn, selfPct } of profile.top.slice(0, 12))
      console.log(`  ${String(selfPct).padStart(5)}%  ${fn}`);
  }
  if (results.failures.length > 0) {
    console.error(`\n${results.failures.length} scenario(s) could not run: see FAILED above`);
    return 1;
  }
  if (!results.auditPassed) {
    console.error('\nCORRECTNESS AUDIT FAILED: see the audit column above and latest.json');
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
