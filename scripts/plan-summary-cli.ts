import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { Command } from "commander";
import { oneLine } from "../config/errors";
import { notAPlan, renderComment, summarizeStack, type TerraformPlan } from "./plan-summary";

function fail(message: string): never {
  console.error(`error: ${oneLine(message)}`);
  process.exit(1);
}

new Command("plan-summary")
  .description("Markdown pull-request comment from `terraform show -json` plans")
  .argument("<plans...>", "plan JSON files, as <stack>=<file> or <stack>.json, in deploy order")
  .option("-o, --output <file>", "write the comment here instead of standard output")
  .action((plans: string[], { output }: { output?: string }) => {
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
    const comment = renderComment(summaries);
    if (output) writeFileSync(output, comment);
    else process.stdout.write(comment);
  })
  .parse();
