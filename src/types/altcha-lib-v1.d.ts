// altcha-lib publishes its v1 API (the challenge format of the altcha widget: algorithm, challenge, maxnumber,
// salt, signature) under the `altcha-lib/v1` export, which this project's `moduleResolution: node` cannot see
// through package.json `exports`; Node resolves it at run time. The types are the package's own.
declare module 'altcha-lib/v1' {
  export {
    createChallenge,
    extractParams,
    solveChallenge,
    verifySolution,
  } from 'altcha-lib/dist/esm/v1/index';
  export type { Challenge, Payload, Solution } from 'altcha-lib/dist/esm/v1/types';
}
