import type { VdiConfig } from "./schema";

/** The AWS documentation's example account ID, used in the shipped configurations' bucket names. */
export const PLACEHOLDER_ACCOUNT_ID = "123456789012";

/**
 * Values of the shipped configurations that synthesize anywhere but must be replaced before anything is
 * created: S3 bucket names are global, so every user of the default would ask for the same bucket.
 */
export function placeholderProblems(config: VdiConfig): string[] {
  return config.state.bucket.includes(PLACEHOLDER_ACCOUNT_ID)
    ? [
        `state.bucket "${config.state.bucket}" still holds the placeholder account ID ${PLACEHOLDER_ACCOUNT_ID}: ` +
          "S3 bucket names are global, so put your own account ID (or another unique suffix) in its place",
      ]
    : [];
}
