import {
  CreateStandbyWorkspacesCommand,
  DescribeWorkspacesCommand,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
  type Workspace,
} from "@aws-sdk/client-workspaces";
import { terraformHandler, waitUntil, type WaitOptions } from "../lib/terraform-crud";

/**
 * One standby WorkSpace (Multi-Region Resilience) in this function's Region, linked to a user's primary WorkSpace
 * (CreateStandbyWorkspaces: the Terraform provider has no resource for it), its volumes encrypted with the key in
 * `VOLUME_ENCRYPTION_KEY_ARN`. Delete terminates it and waits until it is gone, so that the directory can be
 * deregistered right after.
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

const GONE = ["TERMINATING", "TERMINATED"];

async function standbyOf({ directoryId, userName }: StandbyInput): Promise<Workspace | undefined> {
  const answer = await client.send(new DescribeWorkspacesCommand({ DirectoryId: directoryId, UserName: userName }));
  return answer.Workspaces?.find((workspace) => !GONE.includes(workspace.State ?? ""));
}

async function isGone(workspaceId: string): Promise<boolean> {
  const answer = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [workspaceId] }));
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
    const answer = await client.send(
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
    if (!existing?.WorkspaceId) return {};
    const workspaceId = existing.WorkspaceId;
    const answer = await client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: workspaceId }] }));
    const failed = answer.FailedRequests?.[0];
    if (failed)
      throw new Error(`terminating standby WorkSpace ${workspaceId} of ${input.userName} failed: ${failed.ErrorCode}: ${failed.ErrorMessage}`);
    await waitUntil(() => isGone(workspaceId), { what: `standby WorkSpace ${workspaceId} is terminated`, ...timing });
    return {};
  },
});
