import { CreateStandbyWorkspacesCommand, DescribeWorkspacesCommand, TerminateWorkspacesCommand } from "@aws-sdk/client-workspaces";
import { mockClient } from "aws-sdk-client-mock";
import { client, handler, TERMINATION_WAIT_MS, timing } from "../../runtime/standby-workspaces";

const workspaces = mockClient(client);
timing.sleep = async () => undefined;
const KEY = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const input = {
  primaryRegion: "us-east-1",
  primaryWorkspaceId: "ws-primary01",
  directoryId: "d-1234567890",
  userName: "jane.doe",
  tags: { project: "acme", user: "jane.doe" },
};
const event = (action: "create" | "update" | "delete", prev: typeof input | null = null, next = input) => ({
  ...next,
  tf: { action, prev_input: prev },
});

/** The waits `run` asked for, in milliseconds (none really waited). */
async function waitsDuring(run: () => Promise<void>): Promise<number[]> {
  const slept: number[] = [];
  timing.sleep = async (ms) => void slept.push(ms);
  try {
    await run();
  } finally {
    timing.sleep = async () => undefined;
  }
  return slept;
}
const total = (waits: number[]) => waits.reduce((sum, ms) => sum + ms, 0);

beforeEach(() => {
  workspaces.reset();
  process.env.VOLUME_ENCRYPTION_KEY_ARN = KEY;
});

test("create asks for a standby WorkSpace of the primary one, encrypted with the DR volume key and tagged", async () => {
  workspaces.on(DescribeWorkspacesCommand).resolves({ Workspaces: [] });
  workspaces.on(CreateStandbyWorkspacesCommand).resolves({ PendingStandbyRequests: [{ WorkspaceId: "ws-standby01", UserName: "jane.doe" }] });
  await expect(handler(event("create"))).resolves.toEqual({ workspaceId: "ws-standby01" });
  expect(workspaces.commandCalls(CreateStandbyWorkspacesCommand)[0].args[0].input).toEqual({
    PrimaryRegion: "us-east-1",
    StandbyWorkspaces: [
      {
        PrimaryWorkspaceId: "ws-primary01",
        DirectoryId: "d-1234567890",
        VolumeEncryptionKey: KEY,
        Tags: [
          { Key: "project", Value: "acme" },
          { Key: "user", Value: "jane.doe" },
        ],
      },
    ],
  });
});

test("create is idempotent: the user's existing standby WorkSpace is answered; a terminated one does not count", async () => {
  workspaces.on(DescribeWorkspacesCommand).resolves({
    Workspaces: [
      { WorkspaceId: "ws-old", State: "TERMINATED" },
      { WorkspaceId: "ws-standby01", State: "STOPPED" },
    ],
  });
  await expect(handler(event("create"))).resolves.toEqual({ workspaceId: "ws-standby01" });
  expect(workspaces.commandCalls(CreateStandbyWorkspacesCommand)).toHaveLength(0);
});

test("a refused request fails the apply with WorkSpaces' reason", async () => {
  workspaces.on(DescribeWorkspacesCommand).resolves({ Workspaces: [] });
  workspaces.on(CreateStandbyWorkspacesCommand).resolves({
    FailedStandbyRequests: [{ ErrorCode: "InvalidParameterValuesException", ErrorMessage: "directory not supported" }],
  });
  await expect(handler(event("create"))).rejects.toThrow(
    /jane.doe \(ws-primary01\) refused: InvalidParameterValuesException: directory not supported/,
  );
});

test("no standby WorkSpace is created without the volume key", async () => {
  delete process.env.VOLUME_ENCRYPTION_KEY_ARN;
  workspaces.on(DescribeWorkspacesCommand).resolves({ Workspaces: [] });
  await expect(handler(event("create"))).rejects.toThrow(/encrypted volumes/);
  expect(workspaces.commandCalls(CreateStandbyWorkspacesCommand)).toHaveLength(0);
});

test("delete terminates the standby WorkSpace and waits until it is terminated", async () => {
  workspaces
    .on(DescribeWorkspacesCommand, { DirectoryId: input.directoryId, UserName: input.userName })
    .resolves({ Workspaces: [{ WorkspaceId: "ws-standby01", State: "AVAILABLE" }] });
  workspaces
    .on(DescribeWorkspacesCommand, { WorkspaceIds: ["ws-standby01"] })
    .resolvesOnce({ Workspaces: [{ WorkspaceId: "ws-standby01", State: "TERMINATING" }] })
    .resolves({ Workspaces: [{ WorkspaceId: "ws-standby01", State: "TERMINATED" }] });
  workspaces.on(TerminateWorkspacesCommand).resolves({ FailedRequests: [] });
  await expect(handler(event("delete", input))).resolves.toEqual({});
  expect(workspaces.commandCalls(TerminateWorkspacesCommand)[0].args[0].input).toEqual({
    TerminateWorkspaceRequests: [{ WorkspaceId: "ws-standby01" }],
  });
  expect(workspaces.commandCalls(DescribeWorkspacesCommand, { WorkspaceIds: ["ws-standby01"] })).toHaveLength(2);
});

test("delete is idempotent: no standby WorkSpace, nothing to terminate", async () => {
  workspaces.on(DescribeWorkspacesCommand).resolves({ Workspaces: [{ WorkspaceId: "ws-old", State: "TERMINATED" }] });
  await expect(handler(event("delete", input))).resolves.toEqual({});
  expect(workspaces.commandCalls(TerminateWorkspacesCommand)).toHaveLength(0);
});

test("a retried delete finds the standby terminating: it waits again without terminating it twice", async () => {
  workspaces
    .on(DescribeWorkspacesCommand, { DirectoryId: input.directoryId, UserName: input.userName })
    .resolves({ Workspaces: [{ WorkspaceId: "ws-standby01", State: "TERMINATING" }] });
  workspaces
    .on(DescribeWorkspacesCommand, { WorkspaceIds: ["ws-standby01"] })
    .resolvesOnce({ Workspaces: [{ WorkspaceId: "ws-standby01", State: "TERMINATING" }] })
    .resolves({ Workspaces: [] });
  await expect(handler(event("delete", input))).resolves.toEqual({});
  expect(workspaces.commandCalls(TerminateWorkspacesCommand)).toHaveLength(0);
  expect(workspaces.commandCalls(DescribeWorkspacesCommand, { WorkspaceIds: ["ws-standby01"] })).toHaveLength(2);
});

test("delete waits a bounded time, far within Lambda's 15 minutes, then fails for the next apply to wait again", async () => {
  expect(TERMINATION_WAIT_MS).toBeLessThanOrEqual(5 * 60_000);
  workspaces
    .on(DescribeWorkspacesCommand, { DirectoryId: input.directoryId, UserName: input.userName })
    .resolves({ Workspaces: [{ WorkspaceId: "ws-standby01", State: "TERMINATING" }] });
  workspaces
    .on(DescribeWorkspacesCommand, { WorkspaceIds: ["ws-standby01"] })
    .resolves({ Workspaces: [{ WorkspaceId: "ws-standby01", State: "TERMINATING" }] });
  const slept: number[] = [];
  timing.sleep = async (ms) => void slept.push(ms);
  try {
    await expect(handler(event("delete", input))).rejects.toThrow(
      /timed out waiting until standby WorkSpace ws-standby01 is terminated; apply again/,
    );
  } finally {
    timing.sleep = async () => undefined;
  }
  expect(slept.reduce((total, ms) => total + ms, 0)).toBe(TERMINATION_WAIT_MS);
});

describe("AccessDenied right after the role is created (IAM propagation)", () => {
  const denied = Object.assign(new Error("not authorized to perform: workspaces:DescribeWorkspaces"), { name: "AccessDeniedException" });

  test("is retried until the policy takes effect", async () => {
    workspaces.on(DescribeWorkspacesCommand).rejectsOnce(denied).rejectsOnce(denied).resolves({ Workspaces: [] });
    workspaces.on(CreateStandbyWorkspacesCommand).resolves({ PendingStandbyRequests: [{ WorkspaceId: "ws-standby01" }] });
    await expect(handler(event("create"))).resolves.toEqual({ workspaceId: "ws-standby01" });
    expect(workspaces.commandCalls(DescribeWorkspacesCommand)).toHaveLength(3);
  });

  test("is given up after about a minute, with AWS's error", async () => {
    workspaces.on(DescribeWorkspacesCommand).rejects(denied);
    const waits = await waitsDuring(() => expect(handler(event("create"))).rejects.toThrow(/not authorized/));
    expect(total(waits)).toBe(60_000);
    expect(workspaces.commandCalls(CreateStandbyWorkspacesCommand)).toHaveLength(0);
  });

  test("other errors are not retried", async () => {
    workspaces.on(DescribeWorkspacesCommand).rejects(Object.assign(new Error("bad directory"), { name: "InvalidParameterValuesException" }));
    await expect(handler(event("create"))).rejects.toThrow(/bad directory/);
    expect(workspaces.commandCalls(DescribeWorkspacesCommand)).toHaveLength(1);
  });
});

test("an update to a new primary WorkSpace replaces the standby; a tag change keeps it", async () => {
  const replaced = { ...input, primaryWorkspaceId: "ws-primary02" };
  workspaces
    .on(DescribeWorkspacesCommand, { DirectoryId: input.directoryId, UserName: input.userName })
    .resolvesOnce({ Workspaces: [{ WorkspaceId: "ws-standby01", State: "STOPPED" }] })
    .resolves({ Workspaces: [] });
  workspaces.on(DescribeWorkspacesCommand, { WorkspaceIds: ["ws-standby01"] }).resolves({ Workspaces: [] });
  workspaces.on(TerminateWorkspacesCommand).resolves({});
  workspaces.on(CreateStandbyWorkspacesCommand).resolves({ PendingStandbyRequests: [{ WorkspaceId: "ws-standby02" }] });
  await expect(handler(event("update", input, replaced))).resolves.toEqual({ workspaceId: "ws-standby02" });
  expect(workspaces.commandCalls(TerminateWorkspacesCommand)).toHaveLength(1);

  workspaces.reset();
  workspaces.on(DescribeWorkspacesCommand).resolves({ Workspaces: [{ WorkspaceId: "ws-standby02", State: "STOPPED" }] });
  const retagged = { ...replaced, tags: { project: "acme", user: "jane.doe", team: "ops" } };
  await expect(handler(event("update", replaced, retagged))).resolves.toEqual({ workspaceId: "ws-standby02" });
  expect(workspaces.commandCalls(TerminateWorkspacesCommand)).toHaveLength(0);
});
