import { readFileSync } from "node:fs";
import { parseConfig } from "../../config/load";
import { resourcesOf, synthApp } from "../helpers";

const EXAMPLE = readFileSync("config/examples/disaster-recovery.yaml", "utf8");

describe("standby WorkSpaces: a new primary WorkSpace is a Terraform replacement of the user's invocation", () => {
  const stack = synthApp(parseConfig(EXAMPLE, "dr.yaml")).all["dr-desktops"];
  const [identityName, identity] = Object.entries<any>(stack.resource.terraform_data).find(([, data]) => /standby/.test(data["//"].metadata.path))!;
  const standby = resourcesOf(stack, "aws_lambda_invocation").find((invocation) => /standby/.test(invocation["//"].metadata.path))!;

  it("the invocation of each user is replaced when that user's identity record changes, not another user's", () => {
    expect(standby.lifecycle.replace_triggered_by).toEqual([`terraform_data.${identityName}[each.key]`]);
    expect(Object.keys(identity.for_each)).toEqual(Object.keys(standby.for_each));
  });

  it("the identity record holds the primary WorkSpace and the directory the invocation's input names", () => {
    const input = standby.input as string;
    expect(Object.keys(identity.triggers_replace).sort()).toEqual(["directoryId", "primaryWorkspaceId"]);
    expect(input).toContain(`"primaryWorkspaceId" = ${identity.triggers_replace.primaryWorkspaceId.slice(2, -1)}`);
    expect(input).toContain(`"directoryId" = ${identity.triggers_replace.directoryId.slice(2, -1)}`);
  });

  it("tags are not part of the identity: a tag change stays an update", () => {
    expect(JSON.stringify(identity.triggers_replace)).not.toMatch(/tags/);
  });

  it("the connection alias association is not affected (no identity, no lifecycle)", () => {
    const association = resourcesOf(stack, "aws_lambda_invocation").find((invocation) => /connection-alias/.test(invocation["//"].metadata.path))!;
    expect(association.lifecycle).toBeUndefined();
    expect(Object.keys(stack.resource.terraform_data)).toEqual([identityName]);
  });
});
