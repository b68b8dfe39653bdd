import { DR_REGION_STACKS, isDesktopGroupStack, PRIMARY_REGION_STACKS } from "./index";

/*
 * How many operations Terraform runs at once in a stack (its `-parallelism`), by stack: the one rule, read by
 * `npm run deploy` / `destroy` (commands/stack-runs.ts). Why the desktops stacks get more (docs/deploy.md,
 * "Concurrency and Terraform's -parallelism"): the AWS provider creates one WorkSpace per CreateWorkspaces call and
 * keeps that operation, and so one of Terraform's slots, until the WorkSpace is AVAILABLE (about 20 minutes), so at
 * Terraform's default of 10, 1,000 desktops take ⌈1000/10⌉ × 20 min ≈ 33 hours. Every other stack has few resources
 * that finish in seconds or are waited for one by one (the directory), and keeps Terraform's default.
 */

/** Terraform's own default `-parallelism`. */
export const TERRAFORM_DEFAULT_PARALLELISM = 10;

/**
 * `-parallelism` of the stacks that create WorkSpaces. Kept below about 50 desktops in flight per stack, where
 * WorkSpaces API throttling has been reported (hashicorp/terraform-provider-aws#23785); throttled calls are retried by
 * the provider (`max_retries`, 25 by default, with exponential backoff).
 */
export const DESKTOPS_PARALLELISM = 25;

/** Whether `stack` creates WorkSpaces: either Region's desktops stack, or a desktop group's stack (`desktops-<group>`). */
export function isDesktopsStack(stack: string): boolean {
  return stack === PRIMARY_REGION_STACKS.desktops || stack === DR_REGION_STACKS.desktops || isDesktopGroupStack(stack);
}

/** Terraform's `-parallelism` for applying or destroying `stack`. */
export function terraformParallelismOf(stack: string): number {
  return isDesktopsStack(stack) ? DESKTOPS_PARALLELISM : TERRAFORM_DEFAULT_PARALLELISM;
}

/**
 * Minutes a WorkSpace holds its Terraform slot while being created: from CreateWorkspaces until AVAILABLE, about 20
 * minutes (a figure for the model below, not a measurement on a real account; the create timeout is 90).
 */
export const MODELLED_WORKSPACE_CREATE_MINUTES = 20;

/** An apply of new desktops, for the model. */
export interface ModelledApply {
  /** New desktops in all the stacks together. */
  readonly desktops: number;
  /** Stacks they are spread over evenly (the desktops stack or group stacks); 1 by default. */
  readonly stacks?: number;
  /** Terraform's `-parallelism` of each stack. */
  readonly parallelism: number;
  /** Stacks applied at once (`npm run deploy --concurrency`); 1 by default. */
  readonly concurrency?: number;
  /** Minutes per WorkSpace; MODELLED_WORKSPACE_CREATE_MINUTES by default. */
  readonly minutesPerWorkspace?: number;
}

/**
 * Hours to apply `desktops` new WorkSpaces, by the model docs/deploy.md uses: a stack creates `parallelism`
 * WorkSpaces at a time, each holding its slot for ~20 minutes, so the largest stack takes
 * ⌈its desktops / parallelism⌉ rounds; stacks run `concurrency` at a time, so equal stacks take
 * ⌈stacks / concurrency⌉ times that. Throttling, retries and the other stacks' minutes are left out.
 */
export function modelledApplyHours({
  desktops,
  stacks = 1,
  parallelism,
  concurrency = 1,
  minutesPerWorkspace = MODELLED_WORKSPACE_CREATE_MINUTES,
}: ModelledApply): number {
  for (const [name, value] of Object.entries({ desktops, stacks, parallelism, concurrency })) {
    if (!Number.isInteger(value) || value < (name === "desktops" ? 0 : 1))
      throw new Error(`modelledApplyHours: ${name} must be a whole number${name === "desktops" ? "" : " of at least 1"}, not ${value}`);
  }
  const largestStack = Math.ceil(desktops / stacks);
  const rounds = Math.ceil(largestStack / parallelism) * Math.ceil(stacks / concurrency);
  return (rounds * minutesPerWorkspace) / 60;
}
