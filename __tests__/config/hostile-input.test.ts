import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { loadConfig } from "../../config/load";
import { configurationNotes } from "../../config/load-or-exit";
import { imageScheduleProblem } from "../../config/images-schema";
import { scheduleProblem } from "../../config/schedule-expression";
import { configWith, DEFAULT_YAML, yamlWith, problemsOf } from "../helpers";

const TWO_ROUTES = [
  { destination: "10.9.0.0/16", transitGatewayId: "tgw-12345678" },
  { destination: "10.9.0.0/16", vpnGatewayId: "vgw-12345678" },
];

describe("no stack trace: wrong types and missing sections give one line per problem", () => {
  it.each([
    ["state deleted", yamlWith({ state: undefined }), ["test.yaml: state: is required"]],
    ["desktops.users empty text", yamlWith({ "desktops.users": "" }), ['desktops.users: "" must be a list']],
    ["desktops.users 0", yamlWith({ "desktops.users": 0 }), ["desktops.users: 0 must be a list"]],
    ["desktops.users a mapping", yamlWith({ "desktops.users": {} }), ["desktops.users: must be a list"]],
    ["desktops.defaults.bundle empty text", yamlWith({ "desktops.defaults.bundle": "" }), ['desktops.defaults.bundle: "" must be a mapping']],
    ["images empty text", yamlWith({ images: "" }), ['images: "" must be a list']],
    ["images [null]", yamlWith({ images: [null] }), ["images[0]: must be a mapping of keys to values"]],
    ["costOptimization.startStop empty text", yamlWith({ "costOptimization.startStop": "" }), ['costOptimization.startStop: "" must be a list']],
    [
      "disasterRecovery {}",
      yamlWith({ disasterRecovery: {} }),
      ["disasterRecovery.region: is required", "disasterRecovery.connectionAlias: is required"],
    ],
    ["an alias inside its own anchor", "a: &a [*a]\n", ["test.yaml:1: not valid YAML: an alias refers to the collection that contains it"]],
    [
      "two routes to one destination",
      yamlWith({ "network.routes": TWO_ROUTES }),
      ['network.routes[1].destination: "10.9.0.0/16" is already the destination of routes[0]'],
    ],
    [
      "a wrong field next to a cross-key problem of another section",
      yamlWith({ "monitoring.logRetentionDays": 2, "desktops.users": [{ userName: "a" }, { userName: "A" }] }),
      ["monitoring.logRetentionDays: 2 is not a CloudWatch Logs retention period", 'desktops.users[1].userName: "A" is already used by users[0]'],
    ],
    [
      "__proto__ as a user name and as a tag key (JavaScript objects would drop them on the way to the JSON)",
      yamlWith({ "desktops.users": [{ userName: "alice" }, { userName: "__proto__" }], tags: JSON.parse('{"__proto__": "x"}') }),
      [
        'desktops.users[1].userName: "__proto__" is __proto__, a name JavaScript objects reserve: choose another',
        "tags.__proto__: key is __proto__, a name JavaScript objects reserve: choose another",
      ],
    ],
  ])("%s", (_, text, expected) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(expected.length);
    for (const message of expected) expect(problems).toContainEqual(expect.stringContaining(message));
  });
});

describe("schedules, as EventBridge Scheduler defines them", () => {
  const recurring = { oneTime: false, atMostDaily: false };
  it.each([
    "cron(0 7 ? * MON-FRI *)",
    "cron(0/15 8-17 ? * MON-FRI *)",
    "cron(0 8 1 * ? *)",
    "cron(0 3 L * ? 2027)",
    "cron(0 3 15W * ? *)",
    "cron(0 9 ? * 2#1 *)",
    "cron(0 9 ? JAN,JUL L *)",
    "cron(30 22 ? * sun *)",
    "rate(1 minute)",
    "rate(5 minutes)",
  ])("accepts %s for a recurring schedule", (expression) => expect(scheduleProblem(expression, recurring)).toBeUndefined());

  it.each([
    ["cron(99 99 * * ? *)", 'has an invalid minutes field "99": "99" is not a value of 0–59'],
    ["cron(0 24 * * ? *)", 'has an invalid hours field "24"'],
    ["cron(0 1 * * * *)", "must have ? in exactly one of day-of-month and day-of-week"],
    ["cron(0 1 ? * ? *)", "must have ? in exactly one of day-of-month and day-of-week"],
    ["cron(a b c d e f)", 'has an invalid minutes field "a"'],
    ["cron(0 1 32 * ? *)", 'has an invalid day-of-month field "32"'],
    ["cron(0 1 ? 13 MON *)", 'has an invalid month field "13"'],
    ["cron(0 1 ? JANUARY MON *)", 'has an invalid month field "JANUARY"'],
    ["cron(0 1 ? * 8 *)", 'has an invalid day-of-week field "8"'],
    ["cron(0 1 ? * MON#6 *)", "# takes one day of the week"],
    ["cron(0 1 ? * 3#1,6#3 *)", "# takes one day of the week"],
    ["cron(0 1 32W * ? *)", "W follows one day of the month"],
    ["cron(0 1 * * ? 1969)", 'has an invalid year field "1969"'],
    ["cron(0/0 1 * * ? *)", "the increment after / must be a positive whole number"],
    ["cron(0 20-5 * * ? *)", "the range 20-5 ends before it starts"],
    ["cron(? 1 * * ? *)", "? is allowed only in day-of-month and day-of-week"],
    ["cron(0 1 * * ?)", "has 5 cron fields, not the 6"],
    ["rate(0 days)", "is a rate of zero"],
    ["rate(1 days)", "must say rate(1 day)"],
    ["rate(2 weeks)", "is not a rate expression"],
    ["at(2030-01-01T03:00:00)", "is not an EventBridge Scheduler expression: cron(…) or rate(…)"],
    ["0 1 * * *", "is not an EventBridge Scheduler expression"],
  ])("refuses %s", (expression, message) => expect(scheduleProblem(expression, recurring)).toContain(message));

  it.each([
    ["cron(0 3 * * ? *)", undefined],
    ["cron(30 2 ? * SUN *)", undefined],
    ["at(2030-01-31T03:00:00)", undefined],
    ["rate(1 day)", undefined],
    ["cron(0 */6 * * ? *)", "runs more than once a day"],
    ["cron(0,30 3 * * ? *)", "runs more than once a day"],
    ["cron(0 3-4 * * ? *)", "runs more than once a day"],
    ["cron(* 3 * * ? *)", "runs more than once a day"],
    ["rate(23 hours)", "runs more than once a day"],
    ["at(2030-02-30T03:00:00)", "is not a real date and time"],
    ["at(2030-01-01 03:00)", "is not a one-time expression"],
  ])("an image schedule %s: %s", (expression, message) => {
    if (message === undefined) expect(imageScheduleProblem(expression)).toBeUndefined();
    else expect(imageScheduleProblem(expression)).toContain(message);
  });

  it("checks every schedule key with the same rules", () => {
    const problems = problemsOf(
      yamlWith({
        "desktops.users": [{ userName: "builder" }],
        images: [{ name: "base", builderUser: "builder", schedule: "cron(0 1 * * * *)" }],
        "costOptimization.enabled": true,
        "costOptimization.schedule": "cron(0 1 * * * *)",
        "costOptimization.startStop": [{ name: "office", start: "cron(0 1 * * * *)", stop: "cron(0 19 ? * MON-FRI *)" }],
      }),
    );
    const refused = problems.filter((line) => line.includes("must have ? in exactly one of day-of-month and day-of-week"));
    expect(refused.map((line) => line.split(": ")[1])).toEqual([
      "images[0].schedule",
      "costOptimization.schedule",
      "costOptimization.startStop[0].start",
    ]);
  });
});

describe("YAML version directives", () => {
  it.each([
    ["%YAML 1.1", ["%YAML 1.1 is not supported: the file is read as YAML 1.2"]],
    ["%YAML 1.3", ["not valid YAML: Unsupported YAML version 1.3"]],
    ["%YAML 1.2", []],
  ])("%s", (directive, expected) => {
    const problems = problemsOf(`${directive}\n---\n${yamlWith({ "desktops.internetAccess": "on" }).replace('"on"', "on")}`);
    if (expected.length === 0) {
      // YAML 1.2 reads `on` as text, which the boolean key refuses: never silently true.
      expect(problems).toEqual([expect.stringContaining('desktops.internetAccess: "on" must be true or false')]);
    } else {
      expect(problems).toEqual([expect.stringMatching(new RegExp(`^test\\.yaml:1: ${expected[0].replace(/\./g, "\\.")}`))]);
    }
  });
});

describe("values reported as what they are", () => {
  it.each([
    [".inf", "monitoring.connectionFailureThreshold: .inf is infinite: give a finite number"],
    ["-.inf", "monitoring.connectionFailureThreshold: -.inf is infinite: give a finite number"],
    [".nan", "monitoring.connectionFailureThreshold: .nan is not a number: give a finite number"],
  ])("%s", (value, message) => {
    const text = DEFAULT_YAML.replace("connectionFailureThreshold: 5", `connectionFailureThreshold: ${value}`);
    expect(problemsOf(text)).toEqual([expect.stringContaining(message)]);
  });

  it("refuses a file that lists no size but has content (/proc), without echoing it", () => {
    expect(() => loadConfig("/proc/self/environ")).toThrow(ConfigError);
    try {
      loadConfig("/proc/self/environ");
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toEqual([expect.stringContaining("is a special file or changed while it was read")]);
      expect(problems.join("\n")).not.toContain("PATH=");
    }
  });

  it("still reads an empty regular file as empty", () => {
    const path = join(mkdtempSync(join(tmpdir(), "vdi-empty-")), "empty.yaml");
    writeFileSync(path, "");
    expect(() => loadConfig(path)).toThrow(/the configuration file is empty/);
  });
});

describe("hints for a newcomer", () => {
  it.each([
    ["environment", "Production", 'environment: "Production" must be one of: dev, staging, prod (did you mean prod?)'],
    ["environment", "DEV", 'environment: "DEV" must be one of: dev, staging, prod (did you mean dev?)'],
    ["directory.type", "simplead", 'directory.type: "simplead" must be one of: SimpleAD, MicrosoftAD, ADConnector (did you mean SimpleAD?)'],
    ["network.natGateways", "perAZ", "(did you mean perAz?)"],
    ["directory.password", "hunter2", "directory.password: is not a known key here: no password goes in this file"],
    ["users", [{ userName: "alice" }], "users: is not a known key here (did you mean desktops.users?)"],
    ["vpcCidr", "10.0.0.0/16", "vpcCidr: is not a known key here (did you mean network.vpcCidr?)"],
    ["network.availabilityZoneIds", ["us-east-1a", "us-east-1b"], 'network.availabilityZoneIds[0]: "us-east-1a" is an AZ name, not an AZ ID'],
  ])("%s: %j", (path, value, message) => {
    expect(problemsOf(yamlWith({ [path]: value }))).toContainEqual(expect.stringContaining(message));
  });

  it("names no enum value for a word unlike any", () => {
    expect(problemsOf(yamlWith({ environment: "qa" }))).toEqual([expect.stringMatching(/environment: "qa" must be one of: dev, staging, prod$/)]);
  });

  it("notes a configuration that creates no desktop", () => {
    expect(configurationNotes(configWith({ "desktops.users": [] }))).toEqual([expect.stringContaining("desktops.users is empty")]);
    expect(configurationNotes(configWith())).toEqual([]);
  });
});
