import { guardsOf, negativeRunOf } from "../../testing/terraform/guards";
import { hclValue } from "../../testing/terraform/hcl";
import { testCopy } from "../../testing/terraform/test-copy";

const stack = () => ({
  terraform: { required_providers: { aws: { source: "aws", version: "6.25.0" } }, backend: { s3: { key: "x" } } },
  resource: {
    aws_directory_service_region: { replica: { region: "us-east-1", region_name: "us-west-2" } },
    aws_vpc: { vpc: { cidr_block: "10.0.0.0/16", regoin: "typo", lifecycle: { prevent_destroy: true } } },
  },
});

describe("the test copy of a stack", () => {
  it("pins the provider at hand and removes the backend and prevent_destroy", () => {
    const copy = testCopy(stack(), { awsProviderVersion: "5.100.0" });
    expect(copy.terraform).toEqual({ required_providers: { aws: { source: "aws", version: "5.100.0" } } });
    expect(copy.resource.aws_vpc.vpc.lifecycle).toEqual({});
  });

  it("removes only the listed 6.x arguments, and only for a 5.x provider: a misspelled argument stays to fail", () => {
    const five = testCopy(stack(), { awsProviderVersion: "5.100.0" });
    expect(five.resource.aws_directory_service_region.replica).toEqual({ region_name: "us-west-2" });
    expect(five.resource.aws_vpc.vpc.regoin).toBe("typo");
    const six = testCopy(stack(), { awsProviderVersion: "6.25.0" });
    expect(six.resource.aws_directory_service_region.replica.region).toBe("us-east-1");
  });

  it("leaves the synthesized stack itself untouched", () => {
    const original = stack();
    testCopy(original, { awsProviderVersion: "5.100.0" });
    expect(original).toEqual(stack());
  });
});

describe("generated test files", () => {
  it("write strings that cannot start an interpolation", () => {
    expect(hclValue({ a: ["${var.x}", "%{ if }"] })).toBe('{ "a" = ["$${var.x}", "%%{ if }"] }');
  });

  it("know how to make every kind of guard fire, and name the one they do not know", () => {
    const guarded = {
      data: { aws_iam_roles: { lookup: { lifecycle: { postcondition: [{ condition: "${length(self.names) == 1}" }] } } } },
      check: { odd: { assert: [{ condition: "${1 == 2}" }] } },
    };
    const [roles, odd] = guardsOf(guarded);
    expect(negativeRunOf(roles, guarded)).toMatchObject({
      command: "plan",
      overrides: [{ block: "override_data", target: "data.aws_iam_roles.lookup", values: { names: [] } }],
    });
    expect(odd.address).toBe("check.odd");
    expect(negativeRunOf(odd, guarded)).toBeUndefined();
  });
});
