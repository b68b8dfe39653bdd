import { BOOTSTRAP_STACK } from "../topology";
import type { PolicyRule } from "./rule";

export const stateBackend = {
  id: "state-backend",
  description: "every stack keeps its state in S3, encrypted with the state key (not SSE-S3), with locking",
  stack: (stackName, stack) => {
    // The bootstrap stack creates the bucket, so it cannot keep its state there; its state holds no secret.
    if (stackName === BOOTSTRAP_STACK) return [];
    const s3 = stack.terraform?.backend?.s3;
    if (!s3) return [{ severity: "error", where: stackName, message: "state is not kept in the S3 backend" }];
    const problems = [
      ...(s3.encrypt === true ? [] : ["not encrypted"]),
      // Without a key the backend writes SSE-S3 (AES256), overriding the bucket's default KMS encryption.
      ...(s3.encrypt === true && typeof s3.kms_key_id !== "string" ? ["encrypted with SSE-S3 instead of the state key (no kms_key_id)"] : []),
      ...(s3.use_lockfile === true || typeof s3.dynamodb_table === "string" ? [] : ["not locked"]),
    ];
    return problems.map((problem) => ({ severity: "error", where: stackName, message: `the S3 state is ${problem}` }));
  },
} satisfies PolicyRule;
