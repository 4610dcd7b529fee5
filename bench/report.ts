import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditPassed } from './audit';
import { type BenchResults, type ScenarioResult } from './types';

const fmt = (value: number | null | undefined, digits = 0): string =>
  value === null || value === undefined || Number.isNaN(value)
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function vs(results: BenchResults, scenario: ScenarioResult, what: 'ceiling' | 'naive' | 'bare'): string {
  const value = results.ratios[`${scenario.id} vs ${what}`];
  return value === null || value === undefined ? '' : `${value}×`;
}

function soldPersisted(s: ScenarioResult): string {
  if (s.lastUnitPersistedMs === undefined) return '';
  return s.lastUnitPersistedMs === null ? 'not sold out' : `${fmt(s.lastUnitPersistedMs / 1000, 2)} s`;
}

function auditCell(s: ScenarioResult): string {
  if (!s.audit) return '';
  if (auditPassed(s.audit)) return 'all 0';
  return Object.entries(s.audit)
    .filter(([, count]) => count !== 0)
    .map(([name, count]) => `${name}=${count}`)
    .join(' ');
}

const COLUMNS = [
  'scenario',
  'load',
  'answers',
  'per s',
  'while stock lasts /s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'sold & persisted',
  'CPU ms/req',
  'CPU ms/accepted',
  'peak RSS MB',
  'vs bare',
  'vs ceiling',
  'vs naive',
  'fair',
  'audit',
];

export function tableRows(results: BenchResults): string[][] {
  return results.scenarios.map((s) => [
    s.label,
    s.mode === 'fixed-rate' ? `${s.rate}/s fixed` : `${s.connections} conns`,
    fmt(s.requests),
    fmt(s.throughput),
    s.stockPhase ? fmt(s.stockPhase.throughput) : '',
    fmt(s.latency.p50Ms, 1),
    fmt(s.latency.p95Ms, 1),
    fmt(s.latency.p99Ms, 1),
    soldPersisted(s),
    s.server ? fmt(s.server.cpuMsPerRequest, 3) : '',
    s.acceptedCpu ? fmt(s.acceptedCpu.perAcceptedMs, 3) : '',
    s.server ? fmt(s.server.peakRssMb) : '',
    vs(results, s, 'bare'),
    vs(results, s, 'ceiling'),
    vs(results, s, 'naive'),
    s.fairness ? `${fmt(s.fairness.share * 100, 1)}%` : '',
    auditCell(s),
  ]);
}

function barRows(results: BenchResults): string[][] {
  return results.bars.map((b) => [
    b.description,
    b.target,
    b.display,
    b.met === null ? 'n/a' : b.met ? 'met' : 'MISSED',
  ]);
}

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(header: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ].join('\n');
}

export function machineLine(results: BenchResults): string {
  const m = results.machine;
  return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.os}, MariaDB/MySQL ${m.mysql}, Redis ${m.redis}; load average at start ${m.loadAverageAtStart.join(' / ')}`;
}

/** What "vs ceiling" is measured against, and whether the processes were warm: says how to read the ratios. */
function ceilingLine(results: BenchResults): string {
  const ceilings = results.scenarios.filter((s) => s.kind === 'ceiling');
  const warm = results.options.warmUp ? 'warmed up first' : 'not warmed up (--no-warm-up)';
  if (ceilings.length === 0) return `no ceiling run; processes ${warm}`;
  const each = ceilings.map((s) => `${fmt(s.throughput)}/s`).join(' before and ');
  const which =
    ceilings.length > 1 ? `the mean of the ceiling's ${each} after the sales` : `the ceiling's ${each}`;
  const bares = results.scenarios.filter((s) => s.kind === 'bare');
  const bare =
    bares.length === 0
      ? ''
      : `; "vs bare" against the bare node:http server's ${bares.map((s) => `${fmt(s.throughput)}/s`).join(' and ')} (same load, same run); "CPU ms/accepted" is platform + Redis + MySQL CPU per accepted attempt while stock lasts (async: and its write-behind)`;
  return `"vs ceiling" is against ${which}${bare}; the processes were ${warm}`;
}

function auditVerdict(results: BenchResults): string {
  const audited = results.scenarios.filter((s) => s.audit).length;
  if (audited === 0) return 'not run (no sale)';
  return results.auditPassed ? `PASSED (all 0, ${audited} sales)` : 'FAILED';
}

export function terminalReport(results: BenchResults): string {
  const parts = [
    '',
    textTable(COLUMNS, tableRows(results)),
    '',
    textTable(['bar', 'target', 'measured', ''], barRows(results)),
    '',
    ceilingLine(results),
    `machine: ${machineLine(results)}`,
    `run: ${results.startedAt}, ${results.durationSeconds} s, load average at end ${results.loadAverageAtEnd.join(' / ')}; correctness audit ${auditVerdict(results)}`,
  ];
  for (const failure of results.failures) parts.push(`FAILED: ${failure}`);
  for (const note of results.notes) parts.push(`note: ${note}`);
  for (const s of results.scenarios)
    for (const note of s.notes ?? []) parts.push(`note (${s.label}): ${note}`);
  return parts.join('\n');
}

/**
 * The README's part: the run, the bars and where the full table is. The README stays short; every scenario's
 * row stands in bench/README.md (between the same markers) and in bench/results/latest.md.
 */
export function markdownSummary(results: BenchResults): string {
  return [
    `Run of ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC (${results.durationSeconds} s) on ${results.machine.cores} cores (${results.machine.cpuModel}), everything on one machine; correctness audit ${auditVerdict(results)}. Every scenario's row and what each bar means: [bench/README.md](bench/README.md#latest-results).`,
    '',
    markdownTable(
      ['bar (id in latest.json)', 'target', 'measured', ''],
      results.bars.map((b, i) => [`\`${b.id}\``, ...barRows(results)[i].slice(1)]),
    ),
    '',
    ...results.failures.map((failure) => `**Failed to run:** ${failure.split('\n')[0]}\n`),
  ].join('\n');
}

export function markdownReport(results: BenchResults): string {
  return [
    `Run of ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC (${results.durationSeconds} s) on ${machineLine(results)}.`,
    '',
    markdownTable(COLUMNS, tableRows(results)),
    '',
    `${ceilingLine(results).replace(/^"vs ceiling"/, '_vs ceiling_')}.`,
    '',
    markdownTable(['bar', 'target', 'measured', ''], barRows(results)),
    '',
    ...results.failures.map((failure) => `**Failed to run:** ${failure.split('\n')[0]}\n`),
  ].join('\n');
}

// --------------------------------------------------------------------------------------------------- chart

const COLORS: Record<string, string> = {
  bare: '#34495e',
  ceiling: '#7f8c8d',
  'large-sale': '#1a5276',
  'rows-bind': '#a04000',
  naive: '#c0392b',
  spike: '#2471a3',
  'sold-out': '#28b463',
  'sold-out-rate': '#1d8348',
  browse: '#b9770e',
  'scale-out': '#7d3c98',
};

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Two horizontal bar charts, throughput and p99 latency (log scale) per scenario, as a self-contained SVG. */
export function svgChart(results: BenchResults): string {
  const rows = results.scenarios;
  const rowHeight = 22;
  const labelWidth = 270;
  const plotWidth = 330;
  const gap = 110;
  const top = 70;
  const width = labelWidth + plotWidth * 2 + gap + 40;
  const height = top + rows.length * rowHeight + 60;
  const step = niceStep(Math.max(1, ...rows.map((r) => r.throughput)) / 4);
  const maxThroughput = step * Math.ceil(Math.max(1, ...rows.map((r) => r.throughput)) / step);
  const p99s = rows.map((r) => Math.max(0.1, r.latency.p99Ms));
  const logMin = Math.floor(Math.log10(Math.min(...p99s)));
  const logMax = Math.max(logMin + 1, Math.ceil(Math.log10(Math.max(...p99s))));
  const x1 = labelWidth;
  const x2 = labelWidth + plotWidth + gap;
  const latencyX = (ms: number) =>
    x2 + ((Math.log10(Math.max(ms, 10 ** logMin)) - logMin) / (logMax - logMin)) * plotWidth;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="16" font-weight="bold">Flash-sale benchmark: requests per second and p99 latency per scenario</text>`,
    `<text x="12" y="42" fill="#555">${escapeXml(`${results.machine.cpuModel}, ${results.machine.cores} cores, Node ${results.machine.node} — ${results.startedAt.slice(0, 10)} — ${results.options.attempts} attempts, ${results.options.users} users, ${results.options.stock} units, ${results.options.connections} connections`)}</text>`,
    `<text x="${x1}" y="${top - 8}" font-weight="bold">answers per second (higher is better)</text>`,
    `<text x="${x2}" y="${top - 8}" font-weight="bold">p99 latency, ms, log scale (lower is better)</text>`,
  );
  for (let e = logMin; e <= logMax; e++) {
    const x = latencyX(10 ** e);
    out.push(
      `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + rows.length * rowHeight}" stroke="#ddd"/>`,
      `<text x="${x}" y="${top + rows.length * rowHeight + 14}" text-anchor="middle" fill="#555">${fmt(10 ** e, e < 0 ? -e : 0)}</text>`,
    );
  }
  for (let tick = 0; tick <= maxThroughput; tick += step) {
    const x = x1 + (tick / maxThroughput) * plotWidth;
    out.push(
      `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + rows.length * rowHeight}" stroke="#ddd"/>`,
      `<text x="${x}" y="${top + rows.length * rowHeight + 14}" text-anchor="middle" fill="#555">${fmt(tick)}</text>`,
    );
  }
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const color = COLORS[row.kind] ?? '#555';
    const barW = (row.throughput / maxThroughput) * plotWidth;
    const latW = latencyX(Math.max(0.1, row.latency.p99Ms)) - x2;
    out.push(
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(row.label)}</text>`,
      `<rect x="${x1}" y="${y + 4}" width="${barW.toFixed(1)}" height="${rowHeight - 8}" fill="${color}"/>`,
      `<text x="${(x1 + barW + 4).toFixed(1)}" y="${y + 15}" fill="#222">${fmt(row.throughput)}</text>`,
      `<rect x="${x2}" y="${y + 4}" width="${Math.max(1, latW).toFixed(1)}" height="${rowHeight - 8}" fill="${color}" opacity="0.75"/>`,
      `<text x="${(x2 + Math.max(1, latW) + 4).toFixed(1)}" y="${y + 15}" fill="#222">${fmt(row.latency.p99Ms, 1)}</text>`,
    );
  });
  const legendY = top + rows.length * rowHeight + 38;
  const failed = results.bars.filter((b) => b.met === false).length;
  const broken = results.failures.length > 0 ? ` ${results.failures.length} scenario(s) failed to run.` : '';
  out.push(
    `<text x="12" y="${legendY}" fill="#555">${escapeXml(
      `fixed-rate rows: latency from the intended send time (no coordinated omission). Audit: ${results.auditPassed ? 'all 0' : 'FAILED'}. Bars: ${results.bars.filter((b) => b.met).length} met, ${failed} missed.${broken}`,
    )}</text>`,
    '</svg>',
  );
  return out.join('\n');
}

/** 1, 2 or 5 times a power of ten, at least `raw`: axis ticks a reader can add up. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}

/** latest.json, latest.svg and latest.md in `dir`. */
export function writeResults(results: BenchResults, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, 'latest.json'), join(dir, 'latest.svg'), join(dir, 'latest.md')];
  writeFileSync(files[0], `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(files[1], `${svgChart(results)}\n`);
  writeFileSync(files[2], markdownReport(results));
  return files;
}

const README_START = '<!-- bench:latest:start -->';
const README_END = '<!-- bench:latest:end -->';

/**
 * Replaces what stands between a markdown file's bench:latest markers with this run's report (the README gets
 * `markdownSummary`, bench/README.md the full `markdownReport`); false without them.
 */
export async function updateReadme(
  results: BenchResults,
  readmePath: string,
  report: (results: BenchResults) => string = markdownReport,
): Promise<boolean> {
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return false;
  // Formatted as the repository's Prettier would, so `npm run format:check` stays clean.
  const prettier = await import('prettier');
  const table = (
    await prettier.format(report(results), {
      ...(await prettier.resolveConfig(readmePath)),
      parser: 'markdown',
    })
  ).trim();
  writeFileSync(
    readmePath,
    `${readme.slice(0, start + README_START.length)}\n\n${table}\n\n${readme.slice(end)}`,
  );
  return true;
}
