import type { StackJson } from "./test-copy";

/** A guard a stack carries: a pre/postcondition of a resource or data source, or a check block. */
export interface Guard {
  /** `data.aws_iam_roles.x`, `aws_kms_key.y` or `check.z`: what `expect_failures` names. */
  readonly address: string;
  readonly kind: "precondition" | "postcondition" | "check";
  readonly condition: string;
}

/** Every guard of a stack, in a stable order. */
export function guardsOf(stack: StackJson): Guard[] {
  const guards: Guard[] = [];
  for (const block of ["data", "resource"] as const) {
    for (const [type, byName] of Object.entries<any>(stack[block] ?? {})) {
      for (const [name, body] of Object.entries<any>(byName)) {
        for (const kind of ["precondition", "postcondition"] as const) {
          for (const entry of body.lifecycle?.[kind] ?? []) {
            guards.push({ address: `${block === "data" ? "data." : ""}${type}.${name}`, kind, condition: entry.condition });
          }
        }
      }
    }
  }
  for (const [name, check] of Object.entries<any>(stack.check ?? {})) {
    for (const assertion of check.assert) guards.push({ address: `check.${name}`, kind: "check", condition: assertion.condition });
  }
  return guards;
}

/** One negative run: the overrides that make the guard fail, and the command at which it must fail. */
export interface NegativeRun {
  readonly command: "plan" | "apply";
  /** `override_data` / `override_resource` blocks: target address and the values. */
  readonly overrides: readonly {
    readonly block: "override_data" | "override_resource";
    readonly target: string;
    readonly values: Record<string, unknown>;
  }[];
}

/**
 * How to make each kind of guard fail, recognised by its condition. A guard no entry recognises fails the test
 * suite: a new guard needs its negative run here.
 */
const NEGATIVE_RUNS: readonly {
  readonly what: string;
  readonly matches: RegExp;
  readonly run: (guard: Guard, stack: StackJson) => NegativeRun;
  /** Values that satisfy the guard at its edge, for the positive runs (where the mock defaults would hold vacuously). */
  readonly healthy?: (guard: Guard) => { readonly target: string; readonly values: Record<string, unknown> };
}[] = [
  {
    what: "the account has no workspaces_DefaultRole",
    matches: /^\$\{length\(self\.names\) == 1\}$/,
    run: (guard) => ({ command: "plan", overrides: [{ block: "override_data", target: guard.address, values: { names: [] } }] }),
  },
  {
    what: "the bundle's root volume is larger than the one configured",
    matches: /^\$\{alltrue\(\[for storage in self\.root_storage : tonumber\(storage\.capacity\) <= \d+\]\)\}$/,
    run: (guard) => ({
      command: "plan",
      overrides: [{ block: "override_data", target: guard.address, values: { root_storage: [{ capacity: "2000" }] } }],
    }),
  },
  {
    what: "the bundle is of another compute family",
    matches: /^\$\{alltrue\(\[for type in self\.compute_type : contains\((\[[^\]]*\]), type\.name\)\]\)\}$/,
    run: (guard) => {
      const family: string[] = JSON.parse(/contains\((\[[^\]]*\])/.exec(guard.condition)![1]);
      const other = ["GRAPHICS_G4DN", "STANDARD"].find((name) => !family.includes(name))!;
      return { command: "plan", overrides: [{ block: "override_data", target: guard.address, values: { compute_type: [{ name: other }] } }] };
    },
    healthy: (guard) => ({
      target: guard.address,
      values: { compute_type: [{ name: JSON.parse(/contains\((\[[^\]]*\])/.exec(guard.condition)![1])[0] }] },
    }),
  },
  {
    what: "the directory has no DNS addresses (not Active)",
    matches: /^\$\{length\((aws_directory_service_directory\.[\w-]+)\.dns_ip_addresses\) >= 2\}$/,
    run: (guard) => ({
      command: "apply",
      overrides: [
        {
          block: "override_resource",
          target: /\((aws_directory_service_directory\.[\w-]+)\./.exec(guard.condition)![1],
          values: { dns_ip_addresses: [] },
        },
      ],
    }),
  },
  {
    what: "the Region's WorkSpaces quota is one below the desktops",
    matches: /^\$\{self\.value >= (\d+)\}$/,
    run: (guard) => ({
      command: "plan",
      overrides: [{ block: "override_data", target: guard.address, values: { value: Number(/>= (\d+)/.exec(guard.condition)![1]) - 1 } }],
    }),
    healthy: (guard) => ({ target: guard.address, values: { value: Number(/>= (\d+)/.exec(guard.condition)![1]) } }),
  },
  {
    what: "a desktop is in a failed state",
    matches: /^\$\{alltrue\(\[for user, desktop in (aws_workspaces_workspace\.[\w-]+) : /,
    run: (guard) => ({
      command: "apply",
      overrides: [
        { block: "override_resource", target: /in (aws_workspaces_workspace\.[\w-]+) :/.exec(guard.condition)![1], values: { state: "ERROR" } },
      ],
    }),
  },
  {
    // modules/directory-replica.ts, checkConnectorDnsServers: the replica's domain controllers answer on addresses
    // other than the DR AD Connector's DNS servers. The connector is created from another read of the replica, so
    // overriding this read alone makes the two differ, as when AWS replaces a domain controller after creation.
    what: "the replica's DNS addresses are not the AD Connector's DNS servers",
    matches:
      /^\$\{toset\((data\.aws_directory_service_directory\.[\w-]+)\.dns_ip_addresses\) == toset\(aws_directory_service_directory\.[\w-]+\.connect_settings\[0\]\.customer_dns_ips\)\}$/,
    run: (guard) => ({
      command: "apply",
      overrides: [
        {
          block: "override_data",
          target: /^\$\{toset\((data\.aws_directory_service_directory\.[\w-]+)\./.exec(guard.condition)![1],
          values: { dns_ip_addresses: ["10.1.0.99", "10.1.64.99"] },
        },
      ],
    }),
  },
  {
    // modules/desktop-moves.ts, moveDesktops: the import of a desktop arriving from another stack (movedFrom).
    what: "movedFrom.workspaceId names another user's WorkSpace",
    matches: /^\$\{join\("", \[self\.user_name == each\.key \? "" : /,
    run: (guard, stack) => {
      // A map literal of user → { id, directory_id, encrypted, volume_key } (modules/desktop-moves.ts, checkArrivals).
      const arrivals: Record<string, { id: string }> = stack.data.aws_workspaces_workspace[guard.address.split(".")[2]].for_each;
      const [user, arrival] = Object.entries(arrivals)[0];
      // The file's healthy values are per user (testing/terraform/test-file.ts): the run overrides that user's read.
      const target = `${guard.address}[${JSON.stringify(user)}]`;
      const values = {
        id: arrival.id,
        workspace_id: arrival.id,
        user_name: `not.${user}`,
        root_volume_encryption_enabled: true,
        user_volume_encryption_enabled: true,
      };
      return { command: "plan", overrides: [{ block: "override_data", target, values }] };
    },
  },
];

/** The negative run of a guard, or undefined when no entry knows how to make it fail. */
export function negativeRunOf(guard: Guard, stack: StackJson): (NegativeRun & { what: string }) | undefined {
  const entry = NEGATIVE_RUNS.find((candidate) => candidate.matches.test(guard.condition));
  return entry && { ...entry.run(guard, stack), what: entry.what };
}

/** File-level overrides that satisfy every guard with a healthy edge value, merged by target. */
export function healthyOverrides(stack: StackJson): { target: string; values: Record<string, unknown> }[] {
  const byTarget = new Map<string, Record<string, unknown>>();
  for (const guard of guardsOf(stack)) {
    const healthy = NEGATIVE_RUNS.find((candidate) => candidate.matches.test(guard.condition))?.healthy?.(guard);
    if (healthy) byTarget.set(healthy.target, { ...byTarget.get(healthy.target), ...healthy.values });
  }
  return [...byTarget].map(([target, values]) => ({ target, values }));
}

/**
 * Check blocks that read a data source of their own. Terraform plans such a data source as "read during apply" on
 * every plan, so `terraform plan -detailed-exitcode` exits 2 even with nothing to change
 * (hashicorp/terraform#35226): a drift gate could never be green. The stacks must have none.
 */
export function checksWithScopedData(stack: StackJson): string[] {
  return Object.entries<any>(stack.check ?? {})
    .filter(([, check]) => check.data !== undefined)
    .map(([name]) => `check.${name}`);
}
