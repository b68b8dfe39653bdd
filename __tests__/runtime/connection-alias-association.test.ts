import { AssociateConnectionAliasCommand, DescribeConnectionAliasesCommand, DisassociateConnectionAliasCommand } from "@aws-sdk/client-workspaces";
import { mockClient } from "aws-sdk-client-mock";
import { client, handler, timing } from "../../runtime/connection-alias-association";

const workspaces = mockClient(client);
timing.sleep = async () => undefined;
const input = { aliasId: "wsca-abcdef123", directoryId: "d-1234567890" };
const event = (action: "create" | "update" | "delete", prev: typeof input | null = null, next = input) => ({
  ...next,
  tf: { action, prev_input: prev },
});
const aliasWith = (...associations: object[]) => ({ ConnectionAliases: [{ AliasId: input.aliasId, Associations: associations }] });

beforeEach(() => workspaces.reset());

test("create associates the alias with the directory and answers the connection identifier", async () => {
  workspaces.on(DescribeConnectionAliasesCommand).resolves(aliasWith({ AssociationStatus: "NOT_ASSOCIATED" }));
  workspaces.on(AssociateConnectionAliasCommand).resolves({ ConnectionIdentifier: "abc123XYZ" });
  await expect(handler(event("create"))).resolves.toEqual({ connectionIdentifier: "abc123XYZ" });
  expect(workspaces.commandCalls(AssociateConnectionAliasCommand)[0].args[0].input).toEqual({
    AliasId: input.aliasId,
    ResourceId: input.directoryId,
  });
});

test("create is idempotent: an existing association with the directory is answered, not made again", async () => {
  workspaces
    .on(DescribeConnectionAliasesCommand)
    .resolves(aliasWith({ AssociationStatus: "ASSOCIATED_WITH_OWNER_ACCOUNT", ResourceId: input.directoryId, ConnectionIdentifier: "existing1" }));
  await expect(handler(event("create"))).resolves.toEqual({ connectionIdentifier: "existing1" });
  expect(workspaces.commandCalls(AssociateConnectionAliasCommand)).toHaveLength(0);
});

test("create refuses an alias associated with another directory", async () => {
  workspaces
    .on(DescribeConnectionAliasesCommand)
    .resolves(aliasWith({ AssociationStatus: "ASSOCIATED_WITH_OWNER_ACCOUNT", ResourceId: "d-other00000" }));
  await expect(handler(event("create"))).rejects.toThrow(/with directory d-other00000, not d-1234567890: disassociate it first/);
  expect(workspaces.commandCalls(AssociateConnectionAliasCommand)).toHaveLength(0);
});

test("delete disassociates and waits until the alias is free", async () => {
  workspaces
    .on(DescribeConnectionAliasesCommand)
    .resolvesOnce(aliasWith({ AssociationStatus: "ASSOCIATED_WITH_OWNER_ACCOUNT", ResourceId: input.directoryId })) // exists
    .resolvesOnce(aliasWith({ AssociationStatus: "ASSOCIATED_WITH_OWNER_ACCOUNT", ResourceId: input.directoryId })) // association
    .resolvesOnce(aliasWith({ AssociationStatus: "PENDING_DISASSOCIATION", ResourceId: input.directoryId })) // still going
    .resolves(aliasWith({ AssociationStatus: "NOT_ASSOCIATED" }));
  await expect(handler(event("delete", input))).resolves.toEqual({});
  expect(workspaces.commandCalls(DisassociateConnectionAliasCommand)[0].args[0].input).toEqual({ AliasId: input.aliasId });
  expect(workspaces.commandCalls(DescribeConnectionAliasesCommand)).toHaveLength(4);
});

test("delete is idempotent: a deleted alias or one not associated with the directory needs nothing", async () => {
  const notFound = Object.assign(new Error("gone"), { name: "ResourceNotFoundException" });
  workspaces.on(DescribeConnectionAliasesCommand).rejects(notFound);
  await expect(handler(event("delete", input))).resolves.toEqual({});
  workspaces.reset();
  workspaces.on(DescribeConnectionAliasesCommand).resolves(aliasWith({ AssociationStatus: "NOT_ASSOCIATED" }));
  await expect(handler(event("delete", input))).resolves.toEqual({});
  expect(workspaces.commandCalls(DisassociateConnectionAliasCommand)).toHaveLength(0);
});

test("an update to another directory disassociates from the old one, then associates with the new one", async () => {
  const moved = { ...input, directoryId: "d-9999999999" };
  workspaces
    .on(DescribeConnectionAliasesCommand)
    .resolvesOnce(aliasWith({ AssociationStatus: "ASSOCIATED_WITH_OWNER_ACCOUNT", ResourceId: input.directoryId }))
    .resolvesOnce(aliasWith({ AssociationStatus: "ASSOCIATED_WITH_OWNER_ACCOUNT", ResourceId: input.directoryId }))
    .resolves(aliasWith({ AssociationStatus: "NOT_ASSOCIATED" }));
  workspaces.on(AssociateConnectionAliasCommand).resolves({ ConnectionIdentifier: "new1" });
  await expect(handler(event("update", input, moved))).resolves.toEqual({ connectionIdentifier: "new1" });
  expect(workspaces.commandCalls(DisassociateConnectionAliasCommand)).toHaveLength(1);
  expect(workspaces.commandCalls(AssociateConnectionAliasCommand)[0].args[0].input.ResourceId).toBe("d-9999999999");
});

test("an event without a Terraform action is refused", async () => {
  await expect(handler(input as never)).rejects.toThrow(/lifecycle_scope = "CRUD"/);
});
