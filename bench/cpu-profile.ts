/**
 * Reads V8 CPU profiles (node --cpu-prof) of the servers: the hottest functions by self time, self time by
 * package, and a flame graph as SVG, so a missed bar comes with evidence.
 *
 * Run on its own: `npx ts-node --transpile-only bench/cpu-profile.ts bench/results/profiles/<run>`
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface Frame {
  name: string;
  self: number;
  total: number;
  children: Map<string, Frame>;
}

const SKIP = new Set(['(idle)']);

function shortUrl(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const src = url.search(/\/(src|bench|dist)\//);
  if (src >= 0) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '');
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const src = /\/(?:dist\/)?src\/([^/]+\/(?:[^/]+\/)?)/.exec(url);
  return src ? `app: src/${src[1]}` : shortUrl(url);
}

function frameName(frame: CallFrame): string {
  const fn = frame.functionName || '(anonymous)';
  const where = shortUrl(frame.url);
  return where ? `${fn} ${where}:${frame.lineNumber + 1}` : fn;
}

export interface ProfileSummary {
  file: string;
  flameGraph: string;
  totalMs: number;
  top: { fn: string; selfPct: number }[];
  packages: { name: string; selfPct: number }[];
}

export function summarizeProfile(file: string, topN = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const root = profile.nodes.find((node) => !parent.has(node.id)) ?? profile.nodes[0];

  // Merge the call tree into frames by name (a flame graph's shape) and gather self time per function.
  const bySelf = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let busy = 0;
  const build = (node: ProfileNode, into: Frame): number => {
    const self = SKIP.has(node.callFrame.functionName) ? 0 : (selfUs.get(node.id) ?? 0);
    into.self += self;
    if (self > 0) {
      busy += self;
      const name = frameName(node.callFrame);
      bySelf.set(name, (bySelf.get(name) ?? 0) + self);
      const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + self);
    }
    let total = self;
    for (const childId of node.children ?? []) {
      const child = byId.get(childId);
      if (!child) continue;
      const name = frameName(child.callFrame);
      let frame = into.children.get(name);
      if (!frame) {
        frame = { name, self: 0, total: 0, children: new Map() };
        into.children.set(name, frame);
      }
      const childTotal = build(child, frame);
      frame.total += childTotal;
      total += childTotal;
    }
    return total;
  };
  const tree: Frame = { name: 'all', self: 0, total: 0, children: new Map() };
  tree.total = build(root, tree);

  const pct = (us: number) => Math.round((us / Math.max(1, busy)) * 1000) / 10;
  const top = [...bySelf.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([fn, us]) => ({ fn, selfPct: pct(us) }));
  const packages = [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([name, us]) => ({ name, selfPct: pct(us) }));
  const flameGraph = file.replace(/\.cpuprofile$/, '.flame.svg');
  writeFileSync(flameGraph, flameSvg(tree, basename(file)));
  const text = [
    `${basename(file)}: ${Math.round(busy / 1000)} ms on CPU (idle excluded)`,
    '',
    'self time by package:',
    ...packages.map((p) => `  ${String(p.selfPct).padStart(5)}%  ${p.name}`),
    '',
    `top ${topN} functions by self time:`,
    ...top.map((t) => `  ${String(t.selfPct).padStart(5)}%  ${t.fn}`),
  ].join('\n');
  writeFileSync(file.replace(/\.cpuprofile$/, '.top.txt'), `${text}\n`);
  return { file, flameGraph, totalMs: Math.round(busy / 1000), top, packages };
}

/** An icicle-style flame graph (callers on top, callees below, width = time on CPU). */
function flameSvg(tree: Frame, title: string): string {
  const width = 1600;
  const rowHeight = 16;
  const rects: string[] = [];
  let maxDepth = 0;
  const minWidth = 0.5;
  const walk = (frame: Frame, x: number, depth: number, scale: number) => {
    const w = frame.total * scale;
    if (w < minWidth) return;
    maxDepth = Math.max(maxDepth, depth);
    const hue = 20 + ((frame.name.length * 37) % 40);
    const label = frame.name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const chars = Math.floor((w - 4) / 6.5);
    const shown = chars > 3 ? (label.length > chars ? `${label.slice(0, chars - 1)}…` : label) : '';
    rects.push(
      `<g><title>${label} (${(frame.total / 1000).toFixed(1)} ms)</title><rect x="${x.toFixed(1)}" y="${depth * rowHeight + 30}" width="${w.toFixed(1)}" height="${rowHeight - 1}" fill="hsl(${hue},85%,60%)"/>` +
        (shown ? `<text x="${(x + 3).toFixed(1)}" y="${depth * rowHeight + 42}">${shown}</text>` : '') +
        '</g>',
    );
    let cx = x;
    for (const child of [...frame.children.values()].sort((a, b) => b.total - a.total)) {
      walk(child, cx, depth + 1, scale);
      cx += child.total * scale;
    }
  };
  walk(tree, 0, 0, width / Math.max(1, tree.total));
  const height = (maxDepth + 1) * rowHeight + 40;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="4" y="18" font-size="14">${title}: CPU flame graph (idle excluded; hover for names)</text>`,
    ...rects,
    '</svg>',
  ].join('\n');
}

export function analyzeProfiles(dir: string): ProfileSummary[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => summarizeProfile(join(dir, name)));
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: cpu-profile.ts <file.cpuprofile | directory>');
    process.exit(2);
  }
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((n) => n.endsWith('.cpuprofile'))
        .map((n) => join(target, n))
    : [target];
  for (const file of files) {
    summarizeProfile(file);
    console.log(readFileSync(file.replace(/\.cpuprofile$/, '.top.txt'), 'utf8'));
  }
}
