import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseConfig } from "../../config/load";
import { AWS_NAME_LIMITS } from "../../config/name-limits";
import type { VdiConfig } from "../../config/schema";
import { shippedConfigFiles, synthApp, yamlWith, problemsOf } from "../helpers";

/** The longest `project` the schema itself allows (config/rules.ts). */
const MAX_PROJECT_LENGTH = 32;
/** The longest directory user name: stands in for `${each.key}` in per-desktop names. */
const LONGEST_USER_NAME = "u".repeat(20);

/** The configuration with the longest project name that still loads, and that length. */
function withLongestProject(text: string): { config: VdiConfig; length: number } {
  for (let length = MAX_PROJECT_LENGTH; length >= 2; length--) {
    const candidate = yamlWith({ project: "p".repeat(length) }, text);
    if (problemsOf(candidate).length === 0) return { config: parseConfig(candidate, "test.yaml"), length };
  }
  throw new Error("no project length loads");
}

/** Every name-like string attribute of every resource: [resource type.attribute, value]. */
function namesIn(stacks: Record<string, { resource?: Record<string, Record<string, Record<string, unknown>>> }>): [string, string][] {
  const found: [string, string][] = [];
  for (const stack of Object.values(stacks)) {
    for (const [type, resources] of Object.entries(stack.resource ?? {})) {
      for (const resource of Object.values(resources)) {
        for (const [attribute, value] of Object.entries(resource)) {
          if (typeof value !== "string" || !/(^|_)(name|bucket)$/.test(attribute) || /^\$\{[^}]*\}$/.test(value)) continue;
          found.push([`${type}.${attribute}`, value.replace("${each.key}", LONGEST_USER_NAME)]);
        }
        const tagName = (resource.tags as Record<string, unknown> | undefined)?.Name;
        if (typeof tagName === "string") found.push(["tags.Name", tagName]);
      }
    }
  }
  return found;
}

/** Attributes that are not names AWS limits here: the user's own validated values or AWS's own names. */
const NOT_NAMES = new Set([
  "aws_workspaces_workspace.user_name",
  "aws_cloudwatch_metric_alarm.metric_name",
  "aws_directory_service_region.region_name",
  "aws_lambda_function.filename",
]);

const DISASTER_RECOVERY = readFileSync(join(__dirname, "..", "..", "config", "examples", "disaster-recovery.yaml"), "utf8");
const CASES: [string, string][] = [
  ...shippedConfigFiles().map((path): [string, string] => [basename(path), readFileSync(path, "utf8")]),
  [
    "disaster-recovery.yaml in staging",
    yamlWith({ environment: "staging", "disasterRecovery.connectionAlias": "desktops-staging.acme.example" }, DISASTER_RECOVERY),
  ],
];

describe("resource names within AWS's limits", () => {
  it.each(CASES)("%s with the longest project name it allows names every resource within its limit", (_, text) => {
    const { config } = withLongestProject(text);
    const names = namesIn(synthApp(config).all);
    expect(names.length).toBeGreaterThan(10);
    const unknown = names.filter(([key]) => !NOT_NAMES.has(key) && AWS_NAME_LIMITS[key] === undefined).map(([key]) => key);
    expect(unknown).toEqual([]);
    const over = names.filter(([key, name]) => AWS_NAME_LIMITS[key] !== undefined && name.length > AWS_NAME_LIMITS[key]);
    expect(over).toEqual([]);
  });

  it.each([
    // [case, file, changes, longest project allowed]
    ["the default", undefined, {}, 32],
    [
      "disaster recovery in staging",
      DISASTER_RECOVERY,
      { environment: "staging", "disasterRecovery.connectionAlias": "desktops-staging.acme.example" },
      28,
    ],
  ])("%s: the longest project name allowed", (_, base, changes, expected) => {
    expect(withLongestProject(yamlWith(changes, base)).length).toBe(expected);
  });

  it.each([
    [
      "disaster recovery, 32-character project in staging",
      DISASTER_RECOVERY,
      { project: "p".repeat(32), environment: "staging", "disasterRecovery.connectionAlias": "desktops-staging.acme.example" },
      [
        `project: "${"p".repeat(32)}" makes the Lambda function name "${"p".repeat(32)}-staging-dr-primary-connection-alias" 68 characters, over the 64 AWS allows: shorten project by 4 or more`,
        `project: "${"p".repeat(32)}" makes the IAM role name "${"p".repeat(32)}-staging-dr-primary-connection-alias" 68 characters, over the 64 AWS allows: shorten project by 4 or more`,
      ],
    ],
    [
      "the billing optimizer's scheduler role",
      undefined,
      { project: "p".repeat(32), environment: "staging", "costOptimization.enabled": true },
      [
        `project: "${"p".repeat(32)}" makes the IAM role name "${"p".repeat(32)}-staging-billing-optimizer-schedule" 67 characters, over the 64 AWS allows: shorten project by 3 or more`,
      ],
    ],
    [
      "a start/stop schedule",
      undefined,
      {
        project: "p".repeat(32),
        environment: "staging",
        "costOptimization.enabled": true,
        "costOptimization.startStop": [{ name: "s".repeat(16), start: "cron(0 7 ? * MON-FRI *)", stop: "cron(0 19 ? * MON-FRI *)" }],
      },
      [
        `project: "${"p".repeat(32)}" makes the IAM role name "${"p".repeat(32)}-staging-billing-optimizer-schedule" 67 characters, over the 64 AWS allows: shorten project by 3 or more`,
        `costOptimization.startStop[0].name: "${"s".repeat(16)}" makes the EventBridge Scheduler schedule name "${"p".repeat(32)}-staging-${"s".repeat(16)}-start-1" 65 characters, over the 64 AWS allows: shorten this name or project by 1 or more`,
      ],
    ],
  ])("%s is refused with one line per resource kind", (_, base, changes, expected) => {
    const problems = problemsOf(yamlWith(changes, base)).map((line) => line.replace(/^test\.yaml:\d+: /, ""));
    expect(problems.sort()).toEqual([...expected].sort());
  });
});
