import { Token } from "cdktf";
import type { Construct } from "constructs";
import { EncryptionKey } from "../../modules/encryption-key";
import { GeneratedPasswordSecret } from "../../modules/generated-secret";
import { IpAccessControl, type IpRule } from "../../modules/ip-access";
import { WorkspacesVpc, type WorkspacesVpcProps } from "../../modules/vpc";
import { dataOf, resourcesOf, synthScope } from "../helpers";

/** Constructors refuse impossible props with the construct path, the value given and what to do; values known only at plan time are left to Terraform. */

const VPC: WorkspacesVpcProps = {
  name: "t",
  cidrBlock: "10.0.0.0/16",
  availabilityZoneIds: ["use1-az2", "use1-az4"],
  privateSubnetCidrs: ["10.0.0.0/18", "10.0.64.0/18"],
  publicSubnetCidrs: ["10.0.128.0/19", "10.0.160.0/19"],
};
const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/abc";
const secret = (props: { length?: number; recoveryWindowInDays?: number }) => (scope: Construct) =>
  new GeneratedPasswordSecret(scope, "admin-password", { secretName: "t/admin", description: "t", kmsKeyArn: KEY_ARN, ...props });
const key = (deletionWindowInDays: number) => (scope: Construct) =>
  new EncryptionKey(scope, "key", { alias: "t", description: "t", deletionWindowInDays });

describe("module constructors", () => {
  it.each([
    [
      "a VPC without one private subnet CIDR per AZ ID",
      (scope: Construct) => new WorkspacesVpc(scope, "vpc", { ...VPC, privateSubnetCidrs: ["10.0.0.0/18"] }),
      "stack/vpc: availabilityZoneIds has 2 AZ IDs (use1-az2, use1-az4), privateSubnetCidrs 1 and publicSubnetCidrs 2 CIDRs: give exactly one private and at least one public subnet CIDR per AZ ID",
    ],
    [
      "a list of AZ IDs only known at plan time",
      (scope: Construct) => new WorkspacesVpc(scope, "vpc", { ...VPC, availabilityZoneIds: Token.asList("${var.az_ids}") }),
      "stack/vpc: availabilityZoneIds is a token: a subnet is created per entry, so give lists of known length",
    ],
    [
      "more IP rules than a directory's groups hold",
      (scope: Construct) =>
        new IpAccessControl(scope, "ip", {
          name: "t",
          rules: Array.from({ length: 251 }, (_, i) => ({ source: `10.${i}.0.0/16`, description: "" })),
        }),
      "stack/ip: rules has 251 IP rules, which need 26 groups of 10; a directory takes at most 25: give at most 250 rules (merge adjacent ranges into wider CIDRs)",
    ],
    [
      "IP rules only known at plan time",
      (scope: Construct) => new IpAccessControl(scope, "ip", { name: "t", rules: Token.asAny("${var.rules}") as unknown as IpRule[] }),
      "stack/ip: rules is a token: the rules are split into groups here, so give them as a list of rules known at synth time",
    ],
    [
      "a password length Directory Service refuses",
      secret({ length: 6 }),
      "stack/admin-password: length is 6: Directory Service takes passwords of 8 to 64 characters; give a length in that range",
    ],
    [
      "a recovery window Secrets Manager refuses",
      secret({ recoveryWindowInDays: 3 }),
      "stack/admin-password: recoveryWindowInDays is 3: Secrets Manager keeps a deleted secret 7 to 30 days; give a value in that range, or 0 to delete at once",
    ],
    [
      "a key deletion window KMS refuses",
      key(45),
      "stack/key: deletionWindowInDays is 45: KMS waits 7 to 30 days before deleting a key; give a whole number of days in that range",
    ],
  ])("refuse %s, naming the value and the fix", (_case, build, message) => {
    expect(() => synthScope(build)).toThrow(message);
  });

  it("accept the edges of each range", () => {
    const { json } = synthScope((scope) => {
      secret({ length: 64, recoveryWindowInDays: 0 })(scope);
      key(7)(scope);
    });
    expect(dataOf(json, "aws_secretsmanager_random_password")[0].password_length).toBe(64);
    expect(resourcesOf(json, "aws_kms_key")[0].deletion_window_in_days).toBe(7);
  });

  it("leave values only known at plan time to Terraform", () => {
    const { json } = synthScope((scope) => {
      new WorkspacesVpc(scope, "vpc", { ...VPC, privateSubnetCidrs: [Token.asString("${var.first_cidr}"), "10.0.64.0/18"] });
      secret({ length: Token.asNumber("${var.length}"), recoveryWindowInDays: Token.asNumber("${var.window}") })(scope);
      key(Token.asNumber("${var.days}"))(scope);
    });
    expect(resourcesOf(json, "aws_subnet").map((subnet) => subnet.cidr_block)).toContain("${var.first_cidr}");
    expect(dataOf(json, "aws_secretsmanager_random_password")[0].password_length).toBe("${var.length}");
    expect(resourcesOf(json, "aws_kms_key")[0].deletion_window_in_days).toBe("${var.days}");
  });
});
