import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Fn, TerraformLocal, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { objectOf, PlainLocal, plainValue } from "../../synthesis/plain-value";

/** Every kind of value a local's map may hold: literals, tokens, tokens inside text, undefined, lists, nested maps. */
function valueWith(bucket: S3Bucket) {
  return {
    alice: { bundle_id: bucket.id, root_volume_gib: 80, encrypted: true, auto_stop: null, left_out: undefined, tags: { user: "alice" } },
    bob: { arn_in_text: `arn:${bucket.arn}/bob`, size: Fn.lengthOf(bucket.tagsAll), list: [bucket.bucket, "b"], literal: "$${not a token}" },
    "numbers 1e5": { e: 1e5, text: "1e+21 and 2E-3" },
  };
}

/** The synthesized stacks of an app whose locals hold the value as given and as a plain value (and the other stack). */
function synthesized(wrap: (value: unknown) => unknown) {
  const outdir = mkdtempSync(join(tmpdir(), "vdi-plain-value-"));
  const app = new App({ outdir, stackTraces: false });
  const source = new TerraformStack(app, "source");
  new AwsProvider(source, "aws", { region: "eu-west-1" });
  const other = new S3Bucket(source, "other", { bucket: "other" });
  const stack = new TerraformStack(app, "stack");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
  new TerraformLocal(stack, "settings", wrap(valueWith(bucket)));
  // A token of another stack becomes a cross-stack reference (an output there, remote state here): found through it too.
  new TerraformLocal(stack, "cross", wrap({ alice: { key: other.arn } }));
  new TerraformOutput(stack, "settings-out", { value: wrap({ users: ["alice", "bob"] }), description: "A plain value as an output" });
  app.synth();
  const read = (name: string) => JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
  const stacks = { stack: read("stack"), source: read("source") };
  rmSync(outdir, { recursive: true, force: true });
  return stacks;
}

describe("plainValue", () => {
  it("synthesizes exactly as the value itself: tokens, tokens in text, undefined left out, cross-stack references", () => {
    const plain = synthesized(plainValue);
    expect(plain).toEqual(synthesized((value) => value));
    expect(JSON.stringify(plain)).toBe(JSON.stringify(synthesized((value) => value)));
    expect(plain.stack.locals.settings.alice).toEqual({
      bundle_id: "${aws_s3_bucket.bucket.id}",
      root_volume_gib: 80,
      encrypted: true,
      auto_stop: null,
      tags: { user: "alice" },
    });
    expect(plain.stack.locals.cross.alice.key).toMatch(/^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\}$/);
    expect(Object.keys(plain.source.output ?? {})).toHaveLength(1);
  });

  it("PlainLocal is a TerraformLocal of the plain value", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "stack");
    new PlainLocal(
      stack,
      "users",
      objectOf([
        ["alice", "alice"],
        ["bob", "bob"],
      ]),
    );
    expect(JSON.parse(Testing.synth(stack)).locals).toEqual({ users: { alice: "alice", bob: "bob" } });
  });
});
