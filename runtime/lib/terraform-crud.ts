/**
 * The event `aws_lambda_invocation` sends with `lifecycle_scope = "CRUD"`: the configured input, plus under `tf`
 * the action and the input of the previous apply (the same input again on delete).
 */
export type TerraformEvent<Input> = Input & {
  readonly tf: { readonly action: "create" | "update" | "delete"; readonly prev_input: Input | null };
};

export interface Lifecycle<Input, Result> {
  /** Makes the thing exist for `input`; must succeed when it already does (a retried apply). */
  readonly create: (input: Input) => Promise<Result>;
  /** Makes the thing of `input` go away; must succeed when it is already gone. */
  readonly delete: (input: Input) => Promise<Result>;
  /** Whether a change from `previous` to `input` is a different thing (delete the old, create the new). */
  readonly replaces: (previous: Input, input: Input) => boolean;
}

/** A handler that dispatches Terraform's action; an update either replaces or re-creates idempotently. */
export function terraformHandler<Input extends object, Result>(lifecycle: Lifecycle<Input, Result>) {
  return async (event: TerraformEvent<Input>): Promise<Result> => {
    const { tf, ...rest } = event;
    const input = rest as unknown as Input;
    switch (tf?.action) {
      case "create":
        return lifecycle.create(input);
      case "delete":
        return lifecycle.delete(input);
      case "update":
        if (tf.prev_input && lifecycle.replaces(tf.prev_input, input)) await lifecycle.delete(tf.prev_input);
        return lifecycle.create(input);
      default:
        throw new Error(`unexpected Terraform action ${JSON.stringify(tf?.action)}: invoke with lifecycle_scope = "CRUD"`);
    }
  };
}

export interface WaitOptions {
  /** What is awaited, for the timeout message. */
  readonly what: string;
  /** @default 14 minutes: within Lambda's 15 */
  readonly timeoutMs?: number;
  /** @default 10 seconds */
  readonly intervalMs?: number;
  /** @default setTimeout: tests pass an instant one */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Polls until `done` answers true; throws when it takes longer than the timeout, so the apply fails and can be retried. */
export async function waitUntil(done: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const interval = options.intervalMs ?? 10_000;
  const attempts = Math.ceil((options.timeoutMs ?? 14 * 60_000) / interval);
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await done()) return;
    await sleep(interval);
  }
  throw new Error(`timed out waiting until ${options.what}; apply again to keep waiting`);
}

export interface AccessRetryOptions {
  /** @default 60 seconds: IAM changes usually reach every Region's endpoints within it */
  readonly forMs?: number;
  /** @default 5 seconds */
  readonly intervalMs?: number;
  /** @default setTimeout: tests pass an instant one */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `call`, retrying it while AWS answers AccessDenied: the function's role and policy are created in the same
 * apply as the call, and IAM is eventually consistent, so the first seconds can refuse what the policy allows.
 * Other errors, and AccessDenied after `forMs`, are thrown.
 */
export async function retryingAccessDenied<T>(call: () => Promise<T>, options: AccessRetryOptions = {}): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const interval = options.intervalMs ?? 5_000;
  const attempts = Math.ceil((options.forMs ?? 60_000) / interval) + 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const name = (error as { name?: string }).name ?? "";
      if (!/^AccessDenied(Exception)?$/.test(name) || attempt >= attempts) throw error;
      await sleep(interval);
    }
  }
}
