import { Construct } from "constructs";
import { Lazy, Token } from "cdktf";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { accountOf, type AccountFacts } from "./account";

export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix, e.g. `acme-dev-logs`. */
  readonly alias: string;
  /** What the key encrypts, shown in the KMS console. */
  readonly description: string;
  /**
   * Statements that let AWS services use the key (CloudWatch Logs, SNS, WorkSpaces…), each scoped
   * by the caller. The account itself always administers the key through IAM.
   * @default none
   */
  readonly serviceStatements?: (account: AccountFacts) => DataAwsIamPolicyDocumentStatement[];
  /** @default 30 days, the longest window to cancel an accidental deletion */
  readonly deletionWindowInDays?: number;
  /**
   * The Region whose CloudWatch Logs may use the key, for the log groups that name it (see `EncryptedLogGroup`).
   * @default none: no log group may use the key
   */
  readonly cloudWatchLogsRegion?: string;
  /**
   * The key's Region, when not the provider's (AWS provider 6's per-resource Region).
   * @default the provider's Region
   */
  readonly region?: string;
}

/** A customer-managed symmetric KMS key with yearly rotation and an alias. */
export class EncryptionKey extends Construct {
  readonly arn: string;
  readonly keyId: string;
  readonly aliasName: string;
  private readonly logGroupNames: string[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EncryptionKeyProps,
  ) {
    super(scope, id);
    const deletionWindow = props.deletionWindowInDays;
    if (
      deletionWindow !== undefined &&
      !Token.isUnresolved(deletionWindow) &&
      !(Number.isInteger(deletionWindow) && deletionWindow >= 7 && deletionWindow <= 30)
    ) {
      throw new Error(
        `${this.node.path}: deletionWindowInDays is ${deletionWindow}: KMS waits 7 to 30 days before deleting a key; give a whole number of days in that range`,
      );
    }
    const account = accountOf(this);
    const logsRegion = props.cloudWatchLogsRegion;

    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      // Resolved at synth, once every log group that uses the key has named itself.
      statement: Lazy.anyValue({
        produce: () => [
          {
            sid: "AccountAdministersKeyThroughIam",
            principals: [{ type: "AWS", identifiers: [`arn:${account.partition}:iam::${account.accountId}:root`] }],
            actions: ["kms:*"],
            resources: ["*"],
          },
          ...(logsRegion !== undefined && this.logGroupNames.length > 0 ? [cloudWatchLogsStatement(logsRegion, account, this.logGroupNames)] : []),
          ...(props.serviceStatements?.(account) ?? []),
        ],
      }) as unknown as DataAwsIamPolicyDocumentStatement[],
    });

    const key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policy.json,
      region: props.region,
    });
    const alias = new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: key.keyId, region: props.region });

    this.arn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
  }

  /**
   * Lets CloudWatch Logs encrypt the log group `name` with the key: the key's policy names exactly the log groups
   * that asked, so no other log group of the account can use it.
   */
  allowLogGroup(name: string): void {
    if (this.props.cloudWatchLogsRegion === undefined) {
      throw new Error(`${this.node.path}: log group ${name} uses this key, but the key does not admit CloudWatch Logs: give it cloudWatchLogsRegion`);
    }
    this.logGroupNames.push(name);
  }
}

/**
 * Lets CloudWatch Logs in `region` encrypt the named log groups of this account with the key, and no other
 * log group: the encryption context names the log group on every request.
 */
export function cloudWatchLogsStatement(region: string, account: AccountFacts, logGroupNames: readonly string[]): DataAwsIamPolicyDocumentStatement {
  return {
    sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
    principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
    actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    resources: ["*"],
    condition: [
      {
        test: "ArnLike",
        variable: "kms:EncryptionContext:aws:logs:arn",
        values: logGroupNames.map((name) => `arn:${account.partition}:logs:${region}:${account.accountId}:log-group:${name}`),
      },
    ],
  };
}

/**
 * WorkSpaces encrypts volumes through grants made for the principal that creates the WorkSpace:
 * principals of this account may use the key, but only through WorkSpaces.
 */
export function workspacesVolumesStatement(region: string, account: AccountFacts): DataAwsIamPolicyDocumentStatement {
  return {
    sid: "AccountPrincipalsUseKeyThroughWorkSpaces",
    principals: [{ type: "AWS", identifiers: ["*"] }],
    actions: ["kms:CreateGrant", "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    resources: ["*"],
    condition: [
      { test: "StringEquals", variable: "kms:CallerAccount", values: [account.accountId] },
      { test: "StringEquals", variable: "kms:ViaService", values: [`workspaces.${region}.amazonaws.com`] },
    ],
  };
}

/**
 * CloudWatch alarms of this account publish to the encrypted alarm topic. The conditions keep the grant from
 * being used on behalf of another account's alarms (CloudWatch passes both keys to KMS; EventBridge, which does
 * not, delivers to the log group and needs no grant).
 */
export function alarmPublishersStatement(region: string, account: AccountFacts): DataAwsIamPolicyDocumentStatement {
  return {
    sid: "ThisAccountsAlarmsPublishToEncryptedTopic",
    principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
    actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
    resources: ["*"],
    condition: [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${account.partition}:cloudwatch:${region}:${account.accountId}:alarm:*`] },
    ],
  };
}
