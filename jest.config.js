/** Unit and integration tests run in Node; the browser test drives real headless Chromium. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is done once for the whole repository by `tsc --noEmit` in `npm test`;
    // here ts-jest only transpiles (tsconfig's isolatedModules selects that), which keeps the suite fast.
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
  },
  testTimeout: 60000,
  // A suite that leaves a handle open (a server, a timer) must not keep the run from ending on CI:
  // the results are final once the last suite has reported.
  forceExit: true,
};
