import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { ServicePrincipalRole } from "./service-principal-role";

/** One end of the replication: a versioned bucket encrypted by default with a KMS key (with an S3 Bucket Key). */
export interface ReplicatedBucket {
  /** The bucket's name. */
  readonly bucketName: string;
  /** The bucket's ARN (the encryption context of its S3 Bucket Key). */
  readonly bucketArn: string;
  /** The bucket's versioning: replication needs it on at both ends. */
  readonly versioning: ITerraformDependable;
  /** The key that encrypts the bucket's objects by default. */
  readonly kmsKeyArn: string;
  /** The bucket's Region (S3 uses the key through that Region's endpoint). */
  readonly region: string;
}

export interface StateReplicationProps {
  /** The bucket the states are written to (the primary state bucket). */
  readonly source: ReplicatedBucket;
  /** The bucket that receives the replicas (the DR Region's state bucket). */
  readonly destination: ReplicatedBucket;
  /**
   * The S3 key prefixes replicated, one rule each, in a fixed order (rule IDs and priorities are positional): a state
   * file's key also covers its lock file, `<key>.tflock`; a shorter prefix covers every state under it, present or future
   * (the role's ARNs are `<prefix>*` alike). No two may overlap: S3 would apply only the higher-priority rule.
   */
  readonly keyPrefixes: readonly string[];
  /** The replication role's name (IAM names are account-wide: include the deployment's prefix). */
  readonly roleName: string;
}

/**
 * S3 Cross-Region Replication of Terraform state: every version written under the given key prefixes in the source bucket is
 * copied to the same key in the destination bucket, re-encrypted with the destination's own key, so that the
 * destination Region can read it while the source Region is unreachable.
 *
 * The configuration and the role's permissions follow the S3 User Guide, "Replicating encrypted objects"
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html: SseKmsEncryptedObjects and
 * ReplicaKmsKeyID; kms:Decrypt of the source key and kms:Encrypt of the destination key, restricted by kms:ViaService
 * and the encryption context; with S3 Bucket Keys the context is the bucket ARN, and the destination key also needs
 * kms:Decrypt) and "Setting up permissions" (setting-repl-config-perm-overview.html: the trust policy and the S3
 * actions).
 */
export class StateReplication extends Construct {
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: StateReplicationProps) {
    super(scope, id);
    const { source, destination } = props;
    const objects = (bucket: ReplicatedBucket) => props.keyPrefixes.map((prefix) => `${bucket.bucketArn}/${prefix}*`);
    // Both buckets use an S3 Bucket Key: S3 asks KMS with the bucket's ARN as encryption context, not the object's.
    const throughS3Of = (bucket: ReplicatedBucket) => [
      { test: "StringEquals", variable: "kms:ViaService", values: [`s3.${bucket.region}.amazonaws.com`] },
      { test: "StringEquals", variable: "kms:EncryptionContext:aws:s3:arn", values: [bucket.bucketArn] },
    ];
    const role = new ServicePrincipalRole(this, "role", {
      name: props.roleName,
      service: "s3.amazonaws.com",
      statements: [
        { sid: "ReadReplicationConfiguration", actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"], resources: [source.bucketArn] },
        // No s3:GetObjectVersionTagging / s3:ReplicateTags: Terraform does not tag state objects.
        { sid: "ReadStateVersions", actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"], resources: objects(source) },
        // ReplicateDelete carries delete markers: the lock files Terraform deletes after each run must not linger in the copy.
        { sid: "WriteReplicas", actions: ["s3:ReplicateObject", "s3:ReplicateDelete"], resources: objects(destination) },
        { sid: "DecryptSourceState", actions: ["kms:Decrypt"], resources: [source.kmsKeyArn], condition: throughS3Of(source) },
        {
          sid: "EncryptReplicas",
          // kms:Decrypt: S3 verifies the destination's Bucket Key with it before use.
          actions: ["kms:Encrypt", "kms:Decrypt"],
          resources: [destination.kmsKeyArn],
          condition: throughS3Of(destination),
        },
      ],
    });
    new S3BucketReplicationConfigurationA(this, "configuration", {
      bucket: source.bucketName,
      role: role.arn,
      // Rules that share a destination need distinct priorities.
      rule: props.keyPrefixes.map((prefix, index) => ({
        id: `replicate-${index + 1}`,
        priority: index + 1,
        status: "Enabled",
        filter: { prefix },
        deleteMarkerReplication: { status: "Enabled" },
        // S3 replicates SSE-KMS objects only when asked to, and then needs the key for the replicas.
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: { bucket: destination.bucketArn, encryptionConfiguration: { replicaKmsKeyId: destination.kmsKeyArn } },
      })),
      // S3 refuses a replication configuration until both buckets are versioned; the role must hold its permissions first.
      dependsOn: [source.versioning, destination.versioning, role.policy],
    });
    this.roleArn = role.arn;
  }
}
