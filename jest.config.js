/** Unit specs sit beside the code; integration and e2e suites live in test/ and use real MySQL and Redis. */
const tsJest = [
  'ts-jest',
  { astTransformers: { before: ['<rootDir>/test/swagger-plugin.transformer.js'] }, diagnostics: false },
];

// content-disposition (under @fastify/static, which serves /docs) ships ES modules only; Jest needs CommonJS.
const esmOnly = ['content-disposition'];
const esmTransform = {
  [`/node_modules/(${esmOnly.join('|')})/.+\\.js$`]: [
    'ts-jest',
    { tsconfig: { allowJs: true }, diagnostics: false },
  ],
};
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.join('|')})/)`];

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest, ...esmTransform },
      transformIgnorePatterns,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest, ...esmTransform },
      transformIgnorePatterns,
    },
    {
      // Chromium against the built platform: `npm run test:browser` builds first.
      displayName: 'browser',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      transform: { '^.+\\.ts$': tsJest, ...esmTransform },
      transformIgnorePatterns,
    },
  ],
};
