import { EncryptionKey } from "../../modules/encryption-key";
import { StateBucket } from "../../modules/state-bucket";
import { StateReplication } from "../../modules/state-replication";
import { dataOf, resourcesOf, synthScope } from "../helpers";

/** A state bucket in us-east-1 replicated into one in us-west-2, as the bootstrap stack builds them. */
function replicatedBuckets() {
  return synthScope((scope) => {
    const end = (name: string, region: string, keyRegion?: string) => {
      const key = new EncryptionKey(scope, `${name}-key`, { alias: `${name}-state`, description: name, region: keyRegion });
      const bucket = new StateBucket(scope, `${name}-bucket`, { bucketName: `${name}-state-bucket`, kmsKeyArn: key.arn, region: keyRegion });
      return { ...bucket, bucketName: bucket.bucketName, bucketArn: bucket.bucketArn, versioning: bucket.versioning, kmsKeyArn: key.arn, region };
    };
    new StateReplication(scope, "replication", {
      source: end("primary", "us-east-1"),
      destination: end("dr", "us-west-2", "us-west-2"),
      keyPrefixes: ["acme/prod/network.tfstate", "acme/prod/desktops.tfstate", "acme/prod/desktops-"],
      roleName: "acme-prod-state-replication",
    });
  });
}

const statementsOf = (json: ReturnType<typeof replicatedBuckets>["json"]) =>
  dataOf(json, "aws_iam_policy_document").find((document) => document.statement.some((statement: any) => statement.sid === "WriteReplicas"))!
    .statement as any[];

describe("StateReplication", () => {
  const { json } = replicatedBuckets();
  const [configuration] = resourcesOf(json, "aws_s3_bucket_replication_configuration");
  const keyOf = (alias: string) => {
    const name = Object.entries<any>(json.resource!.aws_kms_alias).find(([, body]) => body.name === `alias/${alias}`)![1].target_key_id;
    return name.replace(/\.key_id\}$/, ".arn}");
  };
  const bucketArnOf = (bucket: string) => {
    const [name] = Object.entries<any>(json.resource!.aws_s3_bucket).find(([, body]) => body.bucket === bucket)!;
    return `\${aws_s3_bucket.${name}.arn}`;
  };

  it("replicates each given state into the DR bucket, KMS-encrypted with the DR key, after both buckets are versioned", () => {
    expect(configuration.bucket).toBe(bucketArnOf("primary-state-bucket").replace(/\.arn\}$/, ".bucket}"));
    const rule = (id: string, priority: number, prefix: string) => ({
      id,
      priority,
      status: "Enabled",
      filter: { prefix },
      delete_marker_replication: { status: "Enabled" },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
      destination: { bucket: bucketArnOf("dr-state-bucket"), encryption_configuration: { replica_kms_key_id: keyOf("dr-state") } },
    });
    expect(configuration.rule).toEqual([
      rule("replicate-1", 1, "acme/prod/network.tfstate"),
      rule("replicate-2", 2, "acme/prod/desktops.tfstate"),
      rule("replicate-3", 3, "acme/prod/desktops-"),
    ]);
    expect(configuration.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_s3_bucket_versioning\.primary-bucket_versioning/),
        expect.stringMatching(/^aws_s3_bucket_versioning\.dr-bucket_versioning/),
        expect.stringMatching(/^aws_iam_role_policy\./),
      ]),
    );
  });

  it("gives S3 a role that reads only the replicated states' versions and writes only their replicas", () => {
    const role = resourcesOf(json, "aws_iam_role")[0];
    expect(role.name).toBe("acme-prod-state-replication");
    const trust = dataOf(json, "aws_iam_policy_document").find((document) => document.statement[0].actions?.includes("sts:AssumeRole"))!;
    expect(trust.statement[0].principals).toEqual([{ type: "Service", identifiers: ["s3.amazonaws.com"] }]);
    const bySid = Object.fromEntries(statementsOf(json).map((statement) => [statement.sid, statement]));
    expect(Object.keys(bySid).sort()).toEqual([
      "DecryptSourceState",
      "EncryptReplicas",
      "ReadReplicationConfiguration",
      "ReadStateVersions",
      "WriteReplicas",
    ]);
    expect(bySid.ReadReplicationConfiguration.resources).toEqual([bucketArnOf("primary-state-bucket")]);
    expect(bySid.ReadStateVersions).toMatchObject({
      actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"],
      resources: [
        `${bucketArnOf("primary-state-bucket")}/acme/prod/network.tfstate*`,
        `${bucketArnOf("primary-state-bucket")}/acme/prod/desktops.tfstate*`,
        `${bucketArnOf("primary-state-bucket")}/acme/prod/desktops-*`,
      ],
    });
    expect(bySid.WriteReplicas).toMatchObject({
      actions: ["s3:ReplicateObject", "s3:ReplicateDelete"],
      resources: [
        `${bucketArnOf("dr-state-bucket")}/acme/prod/network.tfstate*`,
        `${bucketArnOf("dr-state-bucket")}/acme/prod/desktops.tfstate*`,
        `${bucketArnOf("dr-state-bucket")}/acme/prod/desktops-*`,
      ],
    });
    for (const statement of Object.values<any>(bySid)) expect(JSON.stringify(statement)).not.toContain('"*"');
  });

  it("lets the role use each key only through S3 of its Region and for its bucket (S3 Bucket Keys: the bucket ARN is the context)", () => {
    const bySid = Object.fromEntries(statementsOf(json).map((statement) => [statement.sid, statement]));
    expect(bySid.DecryptSourceState).toEqual({
      sid: "DecryptSourceState",
      actions: ["kms:Decrypt"],
      resources: [keyOf("primary-state")],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: ["s3.us-east-1.amazonaws.com"] },
        { test: "StringEquals", variable: "kms:EncryptionContext:aws:s3:arn", values: [bucketArnOf("primary-state-bucket")] },
      ],
    });
    expect(bySid.EncryptReplicas).toEqual({
      sid: "EncryptReplicas",
      actions: ["kms:Encrypt", "kms:Decrypt"],
      resources: [keyOf("dr-state")],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: ["s3.us-west-2.amazonaws.com"] },
        { test: "StringEquals", variable: "kms:EncryptionContext:aws:s3:arn", values: [bucketArnOf("dr-state-bucket")] },
      ],
    });
  });
});

describe("StateBucket and EncryptionKey in another Region", () => {
  const { json } = replicatedBuckets();

  it("put the DR bucket, everything attached to it and its key in that Region, and leave the others to the provider", () => {
    const regionsBy = (owner: string) =>
      Object.fromEntries(
        Object.entries(json.resource!).flatMap(([type, byName]) =>
          Object.entries<any>(byName)
            .filter(([name]) => name.startsWith(`${owner}-`))
            .map(([name, body]) => [`${type}.${name.split("_")[0]}`, body.region ?? "provider"]),
        ),
      );
    const primary = regionsBy("primary");
    const dr = regionsBy("dr");
    // The same resources at both ends (bucket, its protections, key and alias)...
    expect(Object.keys(dr).map((address) => address.replace(".dr-", "."))).toEqual(
      Object.keys(primary).map((address) => address.replace(".primary-", ".")),
    );
    expect(Object.keys(dr)).toContain("aws_s3_bucket_policy.dr-bucket");
    // ...each in the DR Region at its end, and in the provider's at the other.
    expect(new Set(Object.values(dr))).toEqual(new Set(["us-west-2"]));
    expect(new Set(Object.values(primary))).toEqual(new Set(["provider"]));
  });
});
