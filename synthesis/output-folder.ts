import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";

/** A problem with the output folder itself (a file in its place, no permission, read-only), as one line. */
export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputFolderError";
  }
}

/** How long a synth waits for another one writing the same folder before it gives up. */
const LOCK_WAIT_MS = 60_000;
/** A lock file still empty after this long was left by a process killed while creating it. */
const EMPTY_LOCK_GRACE_MS = 5_000;

type Update<T> = (staging: string) => { result: T; publish: boolean };

/**
 * An output folder (`cdktf.out`) replaced only whole. A synth holds the folder's lock file
 * (`.<name>.lock` next to it, holding the process ID) while it writes a staging folder next to it,
 * carries Terraform's files of the stacks it wrote over into the staging folder as hard links (see
 * `carryOver`: nothing else of the old folder stays), and swaps the two with
 * renames: the folder is the old one or the new one, never a mix. Folders left by a killed synth
 * are removed (or put back) by the next synth of the same folder.
 */
export class OutputFolder {
  private readonly parent: string;
  private readonly name: string;
  private readonly lockPath: string;

  private constructor(private readonly target: string) {
    this.parent = dirname(target);
    this.name = basename(target);
    this.lockPath = join(this.parent, `.${this.name}.lock`);
  }

  /** Runs `update` on a fresh staging folder and publishes it in place of `outdir` when it says so. */
  static update<T>(outdir: string, update: Update<T>): T {
    return new OutputFolder(resolve(outdir)).run(update);
  }

  private run<T>(update: Update<T>): T {
    this.guard("cannot create the folder that holds it", () => mkdirSync(this.parent, { recursive: true }));
    this.checkIsFolder();
    this.acquireLock();
    try {
      this.recoverFromKilledSynths();
      const staging = this.guard("cannot create a staging folder next to it", () =>
        mkdtempSync(join(this.parent, `${this.prefix("staging")}${process.pid}-`)),
      );
      try {
        const { result, publish } = this.guard("cannot write the synthesized stacks", () => update(staging));
        if (publish) this.guard("cannot replace it", () => this.publish(staging));
        return result;
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    } finally {
      this.releaseLock();
    }
  }

  private prefix(kind: "staging" | "previous"): string {
    return `.cdktf-${kind}-${this.name}-`;
  }

  private checkIsFolder(): void {
    const stats = this.guard("cannot read it", () => (existsSync(this.target) ? statSync(this.target) : undefined));
    if (stats && !stats.isDirectory()) throw this.error("is a file, not a folder: move it away or set CDKTF_OUTDIR to another path");
  }

  private publish(staging: string): void {
    if (!existsSync(this.target) || readdirSync(this.target).length === 0) {
      if (existsSync(this.target)) rmdirSync(this.target);
      renameSync(staging, this.target);
      return;
    }
    carryOver(this.target, staging);
    const previous = join(this.parent, `${this.prefix("previous")}${process.pid}`);
    renameSync(this.target, previous);
    try {
      renameSync(staging, this.target);
    } catch (error) {
      renameSync(previous, this.target);
      throw error;
    }
    rmSync(previous, { recursive: true, force: true });
  }

  /**
   * With the lock held, every staging or previous folder of this output folder belongs to a synth
   * that was killed: a previous folder is the last complete output when the swap was cut between
   * its two renames, and goes back in place if nothing else is there.
   */
  private recoverFromKilledSynths(): void {
    const leftovers = this.guard("cannot list the folder that holds it", () => readdirSync(this.parent));
    for (const entry of leftovers) {
      const path = join(this.parent, entry);
      if (entry.startsWith(this.prefix("previous")) && !existsSync(this.target)) {
        this.guard("cannot restore the previous output", () => renameSync(path, this.target));
      } else if (entry.startsWith(this.prefix("staging")) || entry.startsWith(this.prefix("previous"))) {
        this.guard("cannot remove a folder a killed synth left", () => rmSync(path, { recursive: true, force: true }));
      }
    }
  }

  private acquireLock(): void {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        writeFileSync(this.lockPath, String(process.pid), { flag: "wx" });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw this.systemError("cannot create its lock file", error);
      }
      const owner = lockOwner(this.lockPath);
      if (owner === "gone") continue;
      if (owner === "stale") {
        this.removeStaleLock();
        continue;
      }
      if (Date.now() > deadline) {
        throw this.error(
          `another synth (process ${owner}) has been writing it for ${LOCK_WAIT_MS / 1000} s: wait for it, or remove ${displayPath(this.lockPath)} if no synth is running`,
        );
      }
      sleep(20 + Math.random() * 30);
    }
  }

  /**
   * Moves a stale lock aside before deleting it, so that two synths that both saw it stale cannot
   * both delete a lock; a live lock moved by mistake is linked back (a link never overwrites).
   */
  private removeStaleLock(): void {
    const aside = `${this.lockPath}.${process.pid}.stale`;
    try {
      renameSync(this.lockPath, aside);
    } catch {
      return;
    }
    if (lockOwner(aside) !== "stale") {
      try {
        linkSync(aside, this.lockPath);
      } catch {
        // Another synth holds a new lock already; the one moved was the stale one's successor, now gone.
      }
    }
    rmSync(aside, { force: true });
  }

  private releaseLock(): void {
    try {
      if (readFileSync(this.lockPath, "utf8") === String(process.pid)) rmSync(this.lockPath, { force: true });
    } catch {
      // Already gone: nothing to release.
    }
  }

  /** Runs a file-system step; a system error becomes one line naming the folder, the step and the reason. */
  private guard<T>(step: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      if (error instanceof OutputFolderError || typeof (error as NodeJS.ErrnoException).code !== "string") throw error;
      throw this.systemError(step, error);
    }
  }

  private systemError(step: string, error: unknown): OutputFolderError {
    return this.error(`${step} (${reasonOf(error as NodeJS.ErrnoException)})`);
  }

  private error(message: string): OutputFolderError {
    return new OutputFolderError(`${displayPath(this.target)}: ${message}`);
  }
}

/** The live process holding a lock, or whether the lock is gone or was left by a dead process. */
function lockOwner(lockPath: string): number | "gone" | "stale" {
  let text: string;
  let modified: number;
  try {
    text = readFileSync(lockPath, "utf8");
    modified = statSync(lockPath).mtimeMs;
  } catch {
    return "gone";
  }
  const pid = Number(text);
  if (text === "" || !Number.isInteger(pid) || pid <= 0) return Date.now() - modified > EMPTY_LOCK_GRACE_MS ? "stale" : 0;
  return isAlive(pid) ? pid : "stale";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * What Terraform (and cdktf running it) keeps in a stack folder: the provider and backend cache
 * (`.terraform/`), the lock file, saved plans (cdktf's `plan`, `*.tfplan`) and any local state.
 * Nothing else of an old output survives a synth: stacks and assets of another configuration go.
 */
const TERRAFORM_FILE = /^(\.terraform|\.terraform\.lock\.hcl|plan|.+\.tfplan|terraform\.tfstate(\.backup|\.d)?)$/;

/**
 * Puts Terraform's files of the current folder's stacks into the staging folder's stacks of the
 * same name, as hard links, so that nothing is copied and the current folder stays intact until
 * the swap. Stacks the new synth does not have, their assets and anything else are left behind.
 */
function carryOver(from: string, to: string): void {
  const stacks = join(to, "stacks");
  const synthesized = existsSync(stacks) ? readdirSync(stacks) : [];
  for (const stack of synthesized) {
    const previous = join(from, "stacks", stack);
    if (!lstatOrUndefined(previous)?.isDirectory()) continue;
    for (const entry of readdirSync(previous)) {
      if (TERRAFORM_FILE.test(entry)) linkTree(join(previous, entry), join(stacks, stack, entry));
    }
  }
}

/** A file or folder tree as hard links (symbolic links as themselves); what the synth wrote wins. */
function linkTree(source: string, destination: string): void {
  const stats = lstatSync(source);
  const existing = lstatOrUndefined(destination);
  if (stats.isDirectory()) {
    if (!existing) mkdirSync(destination);
    if (existing && !existing.isDirectory()) return;
    for (const entry of readdirSync(source)) linkTree(join(source, entry), join(destination, entry));
  } else if (!existing) {
    if (stats.isSymbolicLink()) symlinkSync(readlinkSync(source), destination);
    else linkOrCopy(source, destination);
  }
}

function linkOrCopy(source: string, destination: string): void {
  try {
    linkSync(source, destination);
  } catch {
    copyFileSync(source, destination);
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a file is where a folder should be",
  EEXIST: "a file is in the way",
  EISDIR: "a folder is where a file should be",
  ENAMETOOLONG: "the path is too long",
  ELOOP: "too many symbolic links",
  EBUSY: "it is in use",
};

function reasonOf(error: NodeJS.ErrnoException): string {
  return REASONS[error.code ?? ""] ?? `${error.code}`;
}

function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith("..") || fromHere === "" ? path : fromHere;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(milliseconds: number): void {
  Atomics.wait(sleeper, 0, 0, milliseconds);
}
