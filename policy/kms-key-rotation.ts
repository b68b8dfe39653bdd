import { error, type PolicyRule } from "./rule";

export const kmsKeyRotation = {
  id: "kms-key-rotation",
  description: "customer-managed KMS keys rotate yearly",
  resources: {
    aws_kms_key: ({ body }) => (body.enable_key_rotation === true ? [] : [error("key rotation is off")]),
  },
} satisfies PolicyRule;
