import { Construct } from "constructs";
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
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
}

/** A customer-managed symmetric KMS key with yearly rotation and an alias. */
export class EncryptionKey extends Construct {
  readonly arn: string;
  readonly keyId: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const account = accountOf(this);

    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        {
          sid: "AccountAdministersKeyThroughIam",
          principals: [{ type: "AWS", identifiers: [`arn:${account.partition}:iam::${account.accountId}:root`] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        ...(props.serviceStatements?.(account) ?? []),
      ],
    });

    const key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policy.json,
    });
    const alias = new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: key.keyId });

    this.arn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
  }
}

/** Lets CloudWatch Logs in `region` encrypt log groups of this account with the key. */
export function cloudWatchLogsStatement(region: string, account: AccountFacts): DataAwsIamPolicyDocumentStatement {
  return {
    sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
    principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
    actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    resources: ["*"],
    condition: [
      {
        test: "ArnLike",
        variable: "kms:EncryptionContext:aws:logs:arn",
        values: [`arn:${account.partition}:logs:${region}:${account.accountId}:log-group:*`],
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
