/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Opt-in: needs terraform and the Terraform registry (npm run test:terraform, jest.terraform.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/terraform/"],
  // Type-checking happens once, in `tsc --noEmit` (npm test); ts-jest only transpiles (isolatedModules).
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // The machines have two cores; jest's default (cores - 1) would run the suites one at a time.
  maxWorkers: 2,
};
