import { configWith, dataOf, resourcesOf, synthApp } from "../helpers";

describe("state bootstrap stack", () => {
  const state = synthApp(configWith()).state;
  const only = (type: string) => {
    const resources = resourcesOf(state, type);
    expect(resources).toHaveLength(1);
    return resources[0];
  };

  it("creates the configured bucket, versioned", () => {
    expect(only("aws_s3_bucket").bucket).toBe("workspaces-vdi-dev-tfstate-123456789012");
    expect(only("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
  });

  it("encrypts by default with a rotating customer-managed key", () => {
    const rule = only("aws_s3_bucket_server_side_encryption_configuration").rule[0];
    expect(rule.apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(rule.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/aws_kms_key\..*\.arn/);
    expect(only("aws_kms_key").enable_key_rotation).toBe(true);
  });

  it("blocks every kind of public access and enforces bucket ownership", () => {
    expect(only("aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only("aws_s3_bucket_ownership_controls").rule.object_ownership).toBe("BucketOwnerEnforced");
  });

  it("denies every request that does not use TLS", () => {
    const [policy] = dataOf(state, "aws_iam_policy_document");
    expect(policy.statement).toEqual([
      expect.objectContaining({
        effect: "Deny",
        actions: ["s3:*"],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }),
    ]);
    expect(only("aws_s3_bucket_policy").policy).toMatch(/aws_iam_policy_document\..*\.json/);
  });

  it("expires old state versions and abandoned uploads", () => {
    const [rule] = only("aws_s3_bucket_lifecycle_configuration").rule;
    expect(rule).toMatchObject({ status: "Enabled" });
    expect(rule.noncurrent_version_expiration[0].noncurrent_days).toBeGreaterThan(0);
    expect(rule.abort_incomplete_multipart_upload[0].days_after_initiation).toBeGreaterThan(0);
  });

  it("keeps the bucket and every stack's state history on destroy unless state.forceDestroy is set", () => {
    expect(only("aws_s3_bucket").force_destroy).toBe(false);
    const optedIn = resourcesOf(synthApp(configWith({ "state.forceDestroy": true })).state, "aws_s3_bucket")[0];
    expect(optedIn.force_destroy).toBe(true);
  });

  it("creates the key the other stacks' backends name by its alias", () => {
    const app = synthApp(configWith());
    const [alias] = resourcesOf(app.state, "aws_kms_alias");
    expect(alias.target_key_id).toMatch(/^\$\{aws_kms_key\./);
    for (const stack of [app.network, app.identity, app.desktops]) expect(stack.terraform.backend.s3.kms_key_id).toBe(alias.name);
  });
});
