import { writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { Command } from "commander";
import { configurations, formatMarkdown, formatReport, ROOT, scanFolders, synthesizeAll } from "./scan";

new Command("scan")
  .description("Synthesize the default and every example configuration and scan every stack with checkov")
  .option("--config <files...>", "scan these configuration files instead of the default and the examples")
  .option("--outdir <dir>", "where each configuration is synthesized, one folder each", join(ROOT, "scan", "out"))
  .option("--markdown <file>", "also write the counts (and failures) as Markdown, for a pull-request comment")
  .action(async ({ config, outdir, markdown }: { config?: string[]; outdir: string; markdown?: string }) => {
    // npm runs scripts in the project folder; paths given on the command line are the caller's.
    const callerDir = process.env.INIT_CWD ?? process.cwd();
    const configs = config
      ? config.map((file) => ({ name: basename(file).replace(/\.ya?ml$/, ""), file: relative(ROOT, resolve(callerDir, file)) }))
      : configurations();
    const outRoot = resolve(callerDir, outdir);
    try {
      if (new Set(configs.map((each) => each.name)).size < configs.length) throw new Error("two configuration files have the same name");
      await synthesizeAll(configs, outRoot);
      const report = scanFolders(configs.map((each) => ({ name: each.name, dir: join(outRoot, each.name) })));
      // Whether a resource-level skip is stale is judged on the project's own configurations only.
      process.stdout.write(formatReport(config ? { ...report, staleSkips: [] } : report, configs));
      if (markdown) writeFileSync(markdown, formatMarkdown(report));
      if (report.configurations.some((result) => result.failed > 0)) process.exitCode = 1;
    } catch (error) {
      console.error(`scan: ${(error as Error).message}`);
      process.exitCode = 2;
    }
  })
  .parse();
