/** Synthesized Terraform JSON of one stack, as cdktf writes it (cdk.tf.json). */
export type StackJson = Record<string, any>;

/**
 * Arguments the stacks use that the AWS provider added in 6.x, removed from test copies when the provider
 * Terraform runs with is 5.x (the machines' offline mirror is 5.100.0, the bindings are 6.25). An explicit list,
 * never "drop what the schema lacks": a misspelled argument must still fail validation.
 */
export const ARGUMENTS_ADDED_IN_PROVIDER_6: readonly {
  readonly block: "resource" | "data";
  readonly type: string;
  readonly argument: string;
  readonly why: string;
}[] = [
  {
    block: "resource",
    type: "aws_directory_service_region",
    argument: "region",
    why: "per-resource region, AWS provider 6.0.0 CHANGELOG 'Enhanced Region Support' (the DR replica is managed from the primary Region)",
  },
  // The bootstrap's DR Region state bucket and its key (modules/state-bucket.ts, modules/encryption-key.ts).
  ...[
    "aws_kms_key",
    "aws_kms_alias",
    "aws_s3_bucket",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_policy",
  ].map((type) => ({
    block: "resource" as const,
    type,
    argument: "region",
    why: "per-resource region, AWS provider 6.0.0 CHANGELOG 'Enhanced Region Support' (the DR Region's state bucket and key)",
  })),
];

export interface TestCopyOptions {
  /** The AWS provider version Terraform will run with. */
  readonly awsProviderVersion: string;
}

/**
 * The stack as Terraform can run it in a test: the AWS provider pinned to the version at hand, 6.x-only arguments
 * removed when that version is 5.x, no backend (tests keep state locally or in memory) and no `prevent_destroy`
 * (a test's teardown destroys everything). Everything else is the synthesized JSON, untouched.
 */
export function testCopy(stack: StackJson, options: TestCopyOptions): StackJson {
  const copy: StackJson = structuredClone(stack);
  copy.terraform.required_providers.aws.version = options.awsProviderVersion;
  delete copy.terraform.backend;
  const major = Number(options.awsProviderVersion.split(".")[0]);
  if (major < 6) {
    for (const { block, type, argument } of ARGUMENTS_ADDED_IN_PROVIDER_6) {
      for (const body of Object.values<any>(copy[block]?.[type] ?? {})) delete body[argument];
    }
  }
  for (const byName of Object.values<any>(copy.resource ?? {})) {
    for (const body of Object.values<any>(byName)) {
      if (body.lifecycle?.prevent_destroy) delete body.lifecycle.prevent_destroy;
    }
  }
  return copy;
}

/** The version of the AWS provider a synthesized stack pins (the bindings' provider). */
export function pinnedAwsVersion(stack: StackJson): string {
  return stack.terraform.required_providers.aws.version;
}
