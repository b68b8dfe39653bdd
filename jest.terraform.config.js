/**
 * Opt-in tests that need the terraform binary and the Terraform registry: `npm run test:terraform`.
 * They are not part of `npm test`, which runs offline.
 */
const base = require("./jest.config.js");

module.exports = { ...base, testMatch: ["**/__tests__/terraform/**/*.test.ts"], testPathIgnorePatterns: ["/node_modules/"] };
