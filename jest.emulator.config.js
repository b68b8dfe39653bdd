/**
 * The emulator layer: apply -> re-plan -> destroy of every stack against moto (npm run test:emulator, after
 * npm test in .ci/run). Not part of npm test: it waits on the provider's own timers, about 5 minutes per
 * configuration. Each configuration is a test file of its own, so both cores run one each.
 */
const base = require("./jest.config.js");

module.exports = { ...base, testMatch: ["**/__tests__/emulator/**/*.test.ts"], testPathIgnorePatterns: ["/node_modules/"] };
