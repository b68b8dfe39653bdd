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
