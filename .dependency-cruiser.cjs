/**
 * Layer rules of DESIGN.md: adapter -> app -> domain <- infrastructure.
 * The composition roots (app.module.ts, worker.module.ts, src/modules/*) and entry points wire every layer.
 */
/**
 * The adapters' one exception to "adapters call executors" (docs/architecture.md, "Layer rules"): request
 * admission. These guards and hooks decide whether a request gets in at all, before any use case runs, and the
 * readiness probe answers for the process; they read the admission ports below directly.
 */
const ADMISSION_ADAPTERS =
  '^src/adapter/http/(common/access-token\\.guard|notification/stream-credential\\.guard|risk/order-rate-limit\\.guard|risk/risk-hooks|ordering/order-front-door|web/console-cookie|operations/health\\.controller)\\.ts$';
const ADMISSION_PORTS =
  '^src/domain/(identity/(access-tokens|account-directory)|notification/stream-tickets|risk/banned-addresses|ordering/attempt-counter|shared/readiness-probe)\\.ts$';
/** What any adapter may import from domain/ at run time: errors, and the kinds, rules and limits DTOs validate with. */
const DOMAIN_VALUES =
  '^src/domain/(.+\\.errors|shared/domain-error|catalog/(flash-sale|sale-rules)|identity/password-policy|risk/ip-ban|risk/ip-address)\\.ts$';

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
      name: 'adapters-call-executors',
      comment:
        'Controllers, processors and DTOs reach domain/ for types, errors and validation limits only; what they do ' +
        'goes through an executor in app/. A run-time import of anything else in domain/ is a port (a DI token) ' +
        'used directly. The one exception is request admission (ADMISSION_ADAPTERS above).',
      severity: 'error',
      from: { path: '^src/adapter/', pathNot: ADMISSION_ADAPTERS },
      to: { path: '^src/domain/', pathNot: DOMAIN_VALUES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'admission-reads-only-admission-ports',
      comment:
        'The admission guards and hooks may read the tokens, the account directory, stream tickets, bans, the ' +
        'attempt counter and the readiness probes directly, and no other port.',
      severity: 'error',
      from: { path: ADMISSION_ADAPTERS },
      to: {
        path: '^src/domain/',
        pathNot: [DOMAIN_VALUES, ADMISSION_PORTS],
        dependencyTypesNot: ['type-only'],
      },
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
      name: 'worker-has-no-http',
      comment:
        'The worker process runs queue processors only: nothing it loads may reach the HTTP adapters ' +
        '(controllers, guards, throttlers). The API imports the *-http.module.ts files; the worker never does.',
      severity: 'error',
      from: { path: '^src/worker(\\.module)?\\.ts$' },
      to: {
        path: '^src/(adapter/http/|modules/[^/]+-http\\.module\\.ts$|modules/http-conventions\\.module\\.ts$|app\\.module\\.ts$|bootstrap/create-http-app\\.ts$)',
        reachable: true,
      },
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
