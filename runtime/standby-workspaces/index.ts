import {
  CreateStandbyWorkspacesCommand,
  DescribeWorkspacesCommand,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
  type Workspace,
} from "@aws-sdk/client-workspaces";
import { retryingAccessDenied, terraformHandler, waitUntil, type WaitOptions } from "../lib/terraform-crud";

/**
 * One standby WorkSpace (Multi-Region Resilience) in this function's Region, linked to a user's primary WorkSpace
 * (CreateStandbyWorkspaces: the Terraform provider has no resource for it), its volumes encrypted with the key in
 * `VOLUME_ENCRYPTION_KEY_ARN`. Each invocation is short and can be repeated: create asks for the standby (or answers
 * the existing one) without waiting for it; delete asks for termination and waits at most TERMINATION_WAIT_MS for
 * it, so that the directory can be deregistered right after, else fails for the next apply to wait again (the
 * standby stays in Terraform's state until it is gone). Every call is retried for a minute on AccessDenied: the
 * function's role is created in the same apply.
 */
export interface StandbyInput {
  readonly primaryRegion: string;
  readonly primaryWorkspaceId: string;
  /** The registered directory in this Region (`d-…`). */
  readonly directoryId: string;
  /** The standby desktop's user: the primary desktop's. */
  readonly userName: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface StandbyResult {
  readonly workspaceId?: string;
}

export const client = new WorkSpacesClient({});
/** Replaced by tests, which do not wait. */
export const timing: { sleep?: WaitOptions["sleep"] } = {};

/** Termination usually takes a few minutes; the invocation stays well within Lambda's 15. */
export const TERMINATION_WAIT_MS = 4 * 60_000;

const GONE = ["TERMINATING", "TERMINATED"];

const send: typeof client.send = ((command: Parameters<typeof client.send>[0]) =>
  retryingAccessDenied(() => client.send(command), { sleep: timing.sleep })) as typeof client.send;

async function standbyOf({ directoryId, userName }: StandbyInput): Promise<Workspace | undefined> {
  const answer = await send(new DescribeWorkspacesCommand({ DirectoryId: directoryId, UserName: userName }));
  return answer.Workspaces?.find((workspace) => !GONE.includes(workspace.State ?? ""));
}

/** The user's standby WorkSpaces in the directory that are not terminated yet, terminating ones included. */
async function unterminatedOf({ directoryId, userName }: StandbyInput): Promise<string[]> {
  const answer = await send(new DescribeWorkspacesCommand({ DirectoryId: directoryId, UserName: userName }));
  return (answer.Workspaces ?? []).filter((workspace) => workspace.State !== "TERMINATED").map((workspace) => workspace.WorkspaceId!);
}

async function isGone(workspaceId: string): Promise<boolean> {
  const answer = await send(new DescribeWorkspacesCommand({ WorkspaceIds: [workspaceId] }));
  return (answer.Workspaces ?? []).every((workspace) => workspace.State === "TERMINATED");
}

function volumeKey(): string {
  const key = process.env.VOLUME_ENCRYPTION_KEY_ARN;
  if (!key) throw new Error("VOLUME_ENCRYPTION_KEY_ARN is not set: standby WorkSpaces are created only with encrypted volumes");
  return key;
}

export const handler = terraformHandler<StandbyInput, StandbyResult>({
  replaces: (previous, input) =>
    previous.primaryWorkspaceId !== input.primaryWorkspaceId || previous.directoryId !== input.directoryId || previous.userName !== input.userName,

  async create(input) {
    const existing = await standbyOf(input);
    if (existing) return { workspaceId: existing.WorkspaceId };
    const answer = await send(
      new CreateStandbyWorkspacesCommand({
        PrimaryRegion: input.primaryRegion,
        StandbyWorkspaces: [
          {
            PrimaryWorkspaceId: input.primaryWorkspaceId,
            DirectoryId: input.directoryId,
            VolumeEncryptionKey: volumeKey(),
            Tags: Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })),
          },
        ],
      }),
    );
    const failed = answer.FailedStandbyRequests?.[0];
    if (failed)
      throw new Error(`standby WorkSpace for ${input.userName} (${input.primaryWorkspaceId}) refused: ${failed.ErrorCode}: ${failed.ErrorMessage}`);
    return { workspaceId: answer.PendingStandbyRequests?.[0]?.WorkspaceId };
  },

  async delete(input) {
    const existing = await standbyOf(input);
    if (existing?.WorkspaceId) {
      const answer = await send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: existing.WorkspaceId }] }));
      const failed = answer.FailedRequests?.[0];
      if (failed)
        throw new Error(
          `terminating standby WorkSpace ${existing.WorkspaceId} of ${input.userName} failed: ${failed.ErrorCode}: ${failed.ErrorMessage}`,
        );
    }
    // A retried delete finds the standby terminating and only waits again.
    for (const workspaceId of await unterminatedOf(input)) {
      await waitUntil(() => isGone(workspaceId), {
        what: `standby WorkSpace ${workspaceId} is terminated`,
        timeoutMs: TERMINATION_WAIT_MS,
        ...timing,
      });
    }
    return {};
  },
});
