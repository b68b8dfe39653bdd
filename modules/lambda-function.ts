import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { LambdaFunction as LambdaFunctionResource } from "@cdktf/provider-aws/lib/lambda-function";
import { zipSync } from "fflate";
import type { EncryptionKey } from "./encryption-key";
import { EncryptedLogGroup } from "./log-group";
import { ServicePrincipalRole } from "./service-principal-role";

/**
 * The project root: this file runs from `modules/` (tests, tsc) or from the app bundle in `dist/`, both one
 * level below it.
 */
const ROOT = join(__dirname, "..");
/** Handlers live in `runtime/<function>/index.ts` and export `handler`. */
export const RUNTIME_DIR = join(ROOT, "runtime");
/** Where built archives are kept between synths (ignored by git, like the app bundle). */
const BUILD_DIR = join(ROOT, "dist", "lambda");
/** Zip entries carry this time, so that the same code gives the same archive (and no Lambda update) on every synth. */
const FIXED_ZIP_TIME = new Date("1980-01-01T00:00:00Z");

export interface LambdaArchive {
  /** The zip file, outside the output folder; the asset copies it in. */
  readonly path: string;
  /** Base64 SHA-256 of the zip: what Lambda reports as CodeSha256, so a plan shows an update only when the code changed. */
  readonly sha256: string;
}

const built = new Map<string, LambdaArchive>();

/**
 * Bundles `runtime/<name>/index.ts` with its pinned AWS SDK clients into one minified file with esbuild and zips
 * it reproducibly. esbuild is loaded only here, when a configuration has a Lambda function at all: configurations
 * without one never pay for it. Built once per process and function.
 */
export function buildRuntimeArchive(name: string): LambdaArchive {
  const cached = built.get(name);
  if (cached) return cached;
  // A runtime require that the app's own esbuild bundle leaves alone: esbuild's JS API cannot be bundled.
  const esbuild = createRequire(__filename)("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [join(RUNTIME_DIR, name, "index.ts")],
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "error",
  });
  const zip = zipSync({ "index.js": [result.outputFiles[0].contents, { mtime: FIXED_ZIP_TIME }] }, { level: 9 });
  const sha256 = createHash("sha256").update(zip).digest("base64");
  mkdirSync(BUILD_DIR, { recursive: true });
  const path = join(BUILD_DIR, `${name}-${createHash("sha256").update(zip).digest("hex").slice(0, 16)}.zip`);
  // Parallel synths (jest workers) each write their own file and rename it into place.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, zip);
  renameSync(temporary, path);
  const archive = { path, sha256 };
  built.set(name, archive);
  return archive;
}

export interface LambdaFunctionProps {
  /** Function name; also names its role and log group. Roles are account-wide: include the Region's prefix. */
  readonly functionName: string;
  /** The handler's folder under `runtime/`. */
  readonly runtimeName: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  /** Exactly what the handler calls, each on the resources it touches where the API allows. */
  readonly statements: DataAwsIamPolicyDocumentStatement[];
  /** Days the log group keeps the function's log. */
  readonly logRetentionDays: number;
  /** The key of the function's log group; it must admit CloudWatch Logs (`cloudWatchLogsRegion`). */
  readonly logKey: EncryptionKey;
  /** @default 900 seconds, Lambda's maximum: handlers wait for slow AWS operations to finish */
  readonly timeoutSeconds?: number;
  /** @default none */
  readonly environment?: Record<string, string>;
  /** @default 256 MB */
  readonly memoryMb?: number;
  /**
   * A topic told when an invocation fails (an alarm on the function's Errors metric), for functions nobody waits for.
   * @default none: the caller sees the failure (a Terraform invocation fails the apply)
   */
  readonly errorAlarmTopicArn?: string;
}

/**
 * A Lambda function built from `runtime/<name>/`, with a role that may do only what its statements say (plus
 * writing its own log group) and a log group with retention and encryption, created before the function so
 * that Lambda never creates an unencrypted one.
 */
export class LambdaFunction extends Construct {
  readonly functionName: string;
  readonly arn: string;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: LambdaFunctionProps) {
    super(scope, id);
    const archive = buildRuntimeArchive(props.runtimeName);
    const asset = new TerraformAsset(this, "code", { path: archive.path, type: AssetType.FILE });

    const logGroup = new EncryptedLogGroup(this, "log-group", {
      name: `/aws/lambda/${props.functionName}`,
      retentionDays: props.logRetentionDays,
      key: props.logKey,
    });
    const role = new ServicePrincipalRole(this, "role", {
      name: props.functionName,
      service: "lambda.amazonaws.com",
      statements: [
        { sid: "WriteOwnLogGroup", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroup.arn}:*`] },
        ...props.statements,
      ],
    });
    const policy = role.policy;

    const lambda = new LambdaFunctionResource(this, "function", {
      functionName: props.functionName,
      description: props.description,
      role: role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: archive.sha256,
      timeout: props.timeoutSeconds ?? 900,
      memorySize: props.memoryMb ?? 256,
      loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
      environment: props.environment ? { variables: props.environment } : undefined,
      // Invoked before its policy exists, the function would fail on its first call.
      dependsOn: [policy],
    });
    if (props.errorAlarmTopicArn !== undefined) {
      new CloudwatchMetricAlarm(this, "errors", {
        alarmName: `${props.functionName}-errors`,
        alarmDescription: `The ${props.functionName} function failed (see its log ${logGroup.name})`,
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: lambda.functionName },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [props.errorAlarmTopicArn],
        okActions: [props.errorAlarmTopicArn],
      });
    }
    this.functionName = lambda.functionName;
    this.arn = lambda.arn;
    this.logGroupName = logGroup.name;
  }
}
