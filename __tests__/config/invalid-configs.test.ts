import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { parseConfig } from "../../config/load";

/**
 * Every file in fixtures/invalid must be refused with the messages its `# expect:` comments give.
 * Adding a case is adding a file (jest refuses an empty table, so a lost folder fails too).
 */
const FIXTURES = join(__dirname, "..", "fixtures", "invalid");
const files = readdirSync(FIXTURES).filter((name) => name.endsWith(".yaml"));

describe("invalid configuration fixtures", () => {
  it.each(files)("%s is refused with its expected messages", (name) => {
    const text = readFileSync(join(FIXTURES, name), "utf8");
    const expected = [...text.matchAll(/^# expect: (.+)$/gm)].map((match) => match[1].trim());
    expect(expected.length).toBeGreaterThan(0);
    let problems: readonly string[] = [];
    try {
      parseConfig(text, name);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems).toHaveLength(expected.length);
    for (const message of expected) {
      expect(problems).toContainEqual(expect.stringContaining(message));
    }
  });
});
