import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";

export interface StateBucketProps {
  /** Globally unique S3 bucket name. */
  readonly bucketName: string;
  /** Customer-managed key for default encryption (state holds the directory password). */
  readonly kmsKeyArn: string;
  /** @default 90 — days a replaced state version stays recoverable */
  readonly noncurrentVersionDays?: number;
  /**
   * Let `terraform destroy` delete the bucket with the state files still in it.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * The Region of the bucket and of everything attached to it, when not the provider's (AWS provider 6's
   * per-resource Region): the disaster-recovery copy lives in the DR Region.
   * @default the provider's Region
   */
  readonly region?: string;
}

/**
 * The S3 bucket that holds Terraform state: versioned, KMS-encrypted by default, private,
 * reachable only over TLS, with old versions expiring.
 */
export class StateBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Replication needs versioning on: depend on this before replicating from or into the bucket. */
  readonly versioning: ITerraformDependable;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const region = props.region;
    const bucket = new S3Bucket(this, "bucket", { bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false, region });
    new S3BucketOwnershipControls(this, "ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" }, region });
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      region,
    });
    this.versioning = new S3BucketVersioningA(this, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" }, region });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
      region,
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 90, newerNoncurrentVersions: 10 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      region,
    });
    const tlsOnly = new DataAwsIamPolicyDocument(this, "tls-only", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [bucket.arn, `${bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new S3BucketPolicy(this, "policy", { bucket: bucket.id, policy: tlsOnly.json, dependsOn: [publicAccess], region });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
  }
}
