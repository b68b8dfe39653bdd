import { encryptedWithKeyOfThisDeployment, type PolicyRule } from "./rule";

export const snsTopicEncryption = {
  id: "sns-topic-encryption",
  description: "SNS topics are encrypted with a customer-managed KMS key",
  resources: {
    aws_sns_topic: encryptedWithKeyOfThisDeployment("kms_master_key_id"),
  },
} satisfies PolicyRule;
