import { spawnSync } from "node:child_process";
import { cpus, loadavg, tmpdir } from "node:os";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_DESKTOPS_PER_STACK } from "../config/desktops-schema";
import { fleetConfigYaml } from "./fleet-config";

/**
 * `npm run bench`: wall time and peak memory of the app and the test suite, each a separate
 * process, repeated; medians and ratios to the floor go to the terminal and to bench/results.md.
 * Measured, never asserted: timings vary with the machine.
 */
const ROOT = join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
/** 0 leaves the test suite out (on a machine shared with others, who should not have a full `npm test` running beside them). */
const TEST_RUNS = Number(process.env.BENCH_TEST_RUNS ?? 3);
const FLEET_SIZES = [100, 1000, 5000];
const work = mkdtempSync(join(tmpdir(), "vdi-bench-"));

interface Sample {
  readonly seconds: number;
  /** Peak resident set of the largest process, from GNU time; undefined where it is missing. */
  readonly peakMb?: number;
  /** User + system CPU seconds, from GNU time: less moved than wall time by other work on a shared machine. */
  readonly cpuSeconds?: number;
}

const hasGnuTime = spawnSync("/usr/bin/time", ["-f", "%M", "true"], { encoding: "utf8" }).status === 0;

/** Seconds of rest before each run: right after a large process exits, the next one runs measurably slower here. */
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 0.5);
const sleep = (seconds: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);

function measure(command: string[], env: Record<string, string> = {}): Sample {
  sleep(SETTLE_SECONDS);
  const outdir = mkdtempSync(join(work, "out-"));
  const wrapped = hasGnuTime ? ["/usr/bin/time", "-f", "__peak_kb=%M __cpu=%U %S", ...command] : command;
  const started = process.hrtime.bigint();
  const result = spawnSync(wrapped[0], wrapped.slice(1), {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`${command.join(" ")} failed:\n${result.stderr.slice(-2000)}`);
  const peak = result.stderr.match(/__peak_kb=(\d+)/);
  const cpu = result.stderr.match(/__cpu=([\d.]+) ([\d.]+)/);
  return { seconds, peakMb: peak ? Number(peak[1]) / 1024 : undefined, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface Case {
  readonly label: string;
  readonly command: string[];
  readonly env?: Record<string, string>;
}

function summarize(label: string, samples: Sample[]) {
  const row = {
    label,
    seconds: median(samples.map((sample) => sample.seconds)),
    cpuSeconds: samples[0].cpuSeconds === undefined ? undefined : median(samples.map((sample) => sample.cpuSeconds ?? 0)),
    peakMb: samples[0].peakMb === undefined ? undefined : Math.max(...samples.map((sample) => sample.peakMb ?? 0)),
  };
  console.error(`${label.padEnd(34)} ${row.seconds.toFixed(2)} s  ${row.peakMb?.toFixed(0) ?? "?"} MB`);
  return row;
}

/**
 * Runs the cases in turns rather than one after the other, so that a slow spell of a shared machine
 * lands on every case alike and the ratios stay comparable. Each round starts one case further on, so
 * that no case always follows the same one.
 */
function benchInTurns(cases: Case[], runs = RUNS) {
  cases.forEach((each) => measure(each.command, each.env)); // warm-up: builds the bundles, fills the file cache
  const samples = cases.map((): Sample[] => []);
  for (let run = 0; run < runs; run++) {
    cases.forEach((_, offset) => {
      const index = (run + offset) % cases.length;
      samples[index].push(measure(cases[index].command, cases[index].env));
    });
  }
  return cases.map((each, index) => summarize(each.label, samples[index]));
}

/** More users than a stack may have are groups of that many (bench/fleet-config.ts): one stack each. */
const groupsOf = (users: number) => (users > MAX_DESKTOPS_PER_STACK ? ` in ${Math.ceil(users / MAX_DESKTOPS_PER_STACK)} groups` : "");
const app = (entry: string) => [process.execPath, join("scripts", "app.js"), entry];
const fleetConfig = (users: number) => {
  const path = join(work, `fleet-${users}.yaml`);
  writeFileSync(path, fleetConfigYaml(users));
  return path;
};

const loadBefore = loadavg()[0];
const [floor, defaults, disasterRecovery, ...fleetRows] = benchInTurns([
  { label: "floor: one stack, one VPC", command: app("bench/floor-app.ts") },
  { label: "app: default configuration", command: app("main.ts") },
  // Eight stacks in two Regions, and two Lambda functions bundled with esbuild at synth.
  { label: "app: disaster recovery example", command: app("main.ts"), env: { VDI_CONFIG: join("config", "examples", "disaster-recovery.yaml") } },
  ...FLEET_SIZES.map((users) => ({
    label: `app: ${users} users${groupsOf(users)}`,
    command: app("main.ts"),
    env: { VDI_CONFIG: fleetConfig(users) },
  })),
]);
const fleets = FLEET_SIZES.map((users, index) => ({ users, ...fleetRows[index] }));
const tests =
  TEST_RUNS > 0 ? benchInTurns([{ label: "npm test (tsc --noEmit + jest)", command: ["npm", "test", "--silent"] }], TEST_RUNS)[0] : undefined;
const loadAfter = loadavg()[0];
rmSync(work, { recursive: true, force: true });

const perUserMs = ((fleets[fleets.length - 1].seconds - fleets[0].seconds) / (fleets[fleets.length - 1].users - fleets[0].users)) * 1000;
// Growth is linear or better when an added user costs no more at the large end than at the small end
// (with room for the machine's noise): a per-user cost that climbs with the fleet is super-linear.
const marginalMs = fleets.slice(1).map((fleet, i) => ((fleet.seconds - fleets[i].seconds) / (fleet.users - fleets[i].users)) * 1000);
const linearOrBetter = marginalMs.every((ms) => ms <= 1.5 * marginalMs[0]);
const thousand = fleets.find((fleet) => fleet.users === 1000)!;
const mb = (value?: number) => (value === undefined ? "n/a" : `${value.toFixed(0)} MB`);
const cpuOf = (row: { cpuSeconds?: number }) => (row.cpuSeconds === undefined ? "n/a" : `${row.cpuSeconds.toFixed(2)} s`);
const cpuRatio = (row: { cpuSeconds?: number }) =>
  row.cpuSeconds === undefined || defaults.cpuSeconds === undefined ? "n/a" : (row.cpuSeconds / defaults.cpuSeconds).toFixed(2);
const check = (ok: boolean) => (ok ? "met" : "**not met**");

const table = [
  "| case | median wall time | × floor | × default | median CPU (user + system) | CPU × default | peak RSS |",
  "|---|---:|---:|---:|---:|---:|---:|",
  ...[floor, defaults, disasterRecovery, ...fleets, ...(tests ? [tests] : [])].map(
    (row) =>
      `| ${row.label} | ${row.seconds.toFixed(2)} s | ${(row.seconds / floor.seconds).toFixed(2)} | ${(row.seconds / defaults.seconds).toFixed(2)} | ${cpuOf(row)} | ${cpuRatio(row)} | ${mb(row.peakMb)} |`,
  ),
];
const targets = [
  "| target | measured | |",
  "|---|---|---|",
  `| default configuration ≤ 2× the floor | ${(defaults.seconds / floor.seconds).toFixed(2)}× | ${check(defaults.seconds <= 2 * floor.seconds)} |`,
  `| 1,000 users ≤ 2× the default configuration (issue 27) | ${(thousand.seconds / defaults.seconds).toFixed(2)}× (CPU ${cpuRatio(thousand)}×) | ${check(thousand.seconds <= 2 * defaults.seconds)} |`,
  `| 1,000 users peak memory ≤ 1 GB | ${mb(thousand.peakMb)} | ${check((thousand.peakMb ?? 0) <= 1024)} |`,
  `| growth with users linear or better | ${perUserMs.toFixed(3)} ms per user (${fleets[0].users}→${fleets[fleets.length - 1].users}); ${marginalMs.map((ms) => ms.toFixed(3)).join(" → ")} ms per added user by step | ${check(linearOrBetter)} |`,
  `| disaster recovery example (8 stacks, 2 Lambda bundles) | ${(disasterRecovery.seconds / defaults.seconds).toFixed(2)}× the default | measured, no target |`,
  tests
    ? `| npm test ≤ 60 s | ${tests.seconds.toFixed(1)} s | ${check(tests.seconds <= 60)} |`
    : "| npm test ≤ 60 s | not run (BENCH_TEST_RUNS=0) | |",
];
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
const markdown = [
  "# Benchmark results",
  "",
  `Machine: ${machine}. Medians of ${RUNS} runs (npm test: ${TEST_RUNS}) after one warm-up run each; 1-minute load average ${loadBefore.toFixed(2)} before the app cases, ${loadAfter.toFixed(2)} after;`,
  "each run is a separate process started the way `npm run synth` starts the app (`node scripts/app.js <entry>`),",
  `the app cases taking turns, each round starting one case further on, with ${SETTLE_SECONDS} s of rest before each run.`,
  "",
  ...table,
  "",
  ...targets,
  "",
].join("\n");
writeFileSync(join(ROOT, "bench", "results.md"), markdown);
console.log(markdown);
