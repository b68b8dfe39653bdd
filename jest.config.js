/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // __tests__/emulator/ runs on its own (npm run test:emulator): it waits minutes on the provider's timers.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/emulator/"],
  // Type-checking happens once, in `tsc --noEmit` (npm test); ts-jest only transpiles (isolatedModules).
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // The machines have two cores; jest's default (cores - 1) would run the suites one at a time.
  maxWorkers: 2,
};
