import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { Command } from "commander";
import { oneLine } from "../config/errors";
import { notAPlan, renderComment, renderCostChange, summarizeStack, type CostJson, type TerraformPlan } from "./plan-summary";

function fail(message: string): never {
  console.error(`error: ${oneLine(message)}`);
  process.exit(1);
}

new Command("plan-summary")
  .description("Markdown pull-request comment from `terraform show -json` plans")
  .argument("<plans...>", "plan JSON files, as <stack>=<file> or <stack>.json, in deploy order")
  .option("-o, --output <file>", "write the comment here instead of standard output")
  .option("--cost <file>", "`npm run cost -- --json` of the pull request's configuration: adds the monthly cost change")
  .option("--cost-base <file>", "the same for the base branch's configuration (left out or unreadable: the change is not shown)")
  .action((plans: string[], { output, cost, costBase }: { output?: string; cost?: string; costBase?: string }) => {
    const summaries = plans.map((argument) => {
      const [stack, file] = argument.includes("=") ? argument.split("=", 2) : [basename(argument).replace(/\.json$/, ""), argument];
      let plan: unknown;
      try {
        plan = JSON.parse(readFileSync(file, "utf8"));
      } catch (error) {
        fail(`${file}: not a readable JSON plan (${(error as Error).message})`);
      }
      const problem = notAPlan(plan);
      if (problem) fail(`${file}: not a Terraform plan (${problem}): give the output of terraform show -json <planfile>`);
      return summarizeStack(stack, plan as TerraformPlan);
    });
    const readCost = (file: string | undefined): CostJson | undefined => {
      try {
        return file ? JSON.parse(readFileSync(file, "utf8")) : undefined;
      } catch {
        return undefined;
      }
    };
    const head = readCost(cost);
    const comment = renderComment(summaries) + (head ? `\n${renderCostChange(head, readCost(costBase))}` : "");
    if (output) writeFileSync(output, comment);
    else process.stdout.write(comment);
  })
  .parse();
