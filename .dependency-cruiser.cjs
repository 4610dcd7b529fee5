/**
 * Layer rules of DESIGN.md: adapter -> app -> domain <- infrastructure.
 * The composition roots (app.module.ts, worker.module.ts, src/modules/*) and entry points wire every layer.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'domain/ is plain TypeScript: no npm package at all (no framework, driver, validator or I/O library).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '(^|/)node_modules/' },
    },
    {
      name: 'domain-uses-no-node-builtin',
      comment:
        'domain/ runs anywhere: no node:fs, node:crypto, node:net... (clocks, ids and I/O come through ports).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/)' },
    },
    {
      name: 'app-does-not-reach-outward',
      comment: 'Use cases talk to ports in domain/, never to adapters or infrastructure.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(adapter|infrastructure|modules)/' },
    },
    {
      name: 'infrastructure-does-not-know-adapters',
      severity: 'error',
      from: { path: '^src/infrastructure/' },
      to: { path: '^src/(adapter|app|modules)/' },
    },
    {
      name: 'adapter-does-not-use-infrastructure',
      comment: 'Controllers and processors call executors in app/; infrastructure is bound behind ports.',
      severity: 'error',
      from: { path: '^src/adapter/' },
      to: { path: '^src/(infrastructure|modules)/' },
    },
    {
      name: 'only-composition-roots-wire-modules',
      severity: 'error',
      from: {
        path: '^src/(?!modules/|app\\.module\\.ts|worker\\.module\\.ts|main\\.ts|worker\\.ts|seed-demo\\.ts|bootstrap/)',
      },
      to: { path: '^src/modules/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A file nothing imports is dead code (entry points, specs and type declarations excepted).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '\\.spec\\.ts$',
          '^src/(main|worker|seed-demo)\\.ts$',
          '^src/infrastructure/persistence/(cli\\.data-source|migrate)\\.ts$',
        ],
      },
      to: {},
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Specs and the fakes only specs import (`*.spec-fakes.ts`).
    exclude: { path: '\\.spec(-fakes)?\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
