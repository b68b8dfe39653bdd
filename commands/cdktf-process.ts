import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { cdktfEnvironment } from "./cdktf-environment";
import { cdktfCli } from "./terraform";

/**
 * A line ink draws for a running task ("⠙  Processing"): even with `CI` set, cdktf 0.21 prints the
 * spinner's last frame when the task ends. Its frames are Braille patterns.
 */
const SPINNER_FRAME = /^\s*[\u2800-\u28FF]\s/;

/** Copies `from` to `to` line by line, without spinner frames. */
function withoutSpinnerFrames(from: Readable, to: Writable): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: from, crlfDelay: Infinity });
    lines.on("line", (line) => {
      if (!SPINNER_FRAME.test(line)) to.write(`${line}\n`);
    });
    lines.on("close", resolve);
  });
}

/**
 * Runs the project's cdktf with `args` and resolves to its exit status. On a terminal its live view
 * is shown as it is; otherwise (a log, a pipe) it runs quiet (see `cdktfEnvironment`) and its
 * output is copied without spinner frames.
 */
export async function runCdktf(args: readonly string[], outputIsTerminal: boolean): Promise<number> {
  const child = spawn(cdktfCli(), args, {
    stdio: outputIsTerminal ? "inherit" : ["inherit", "pipe", "pipe"],
    shell: false,
    env: cdktfEnvironment(process.env, outputIsTerminal),
  });
  const copies = outputIsTerminal ? [] : [withoutSpinnerFrames(child.stdout!, process.stdout), withoutSpinnerFrames(child.stderr!, process.stderr)];
  const status = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
  await Promise.all(copies);
  return status;
}
