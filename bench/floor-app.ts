// The floor of the benchmark: the smallest cdktf app on the AWS provider — one stack, one VPC —
// run the same way as the project's app. Whatever the project costs beyond this is its own.
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";

const app = new App();
const stack = new TerraformStack(app, "floor");
new AwsProvider(stack, "aws", { region: "us-east-1" });
new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
app.synth();
