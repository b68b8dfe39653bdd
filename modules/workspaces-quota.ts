import { Construct } from "constructs";
import { Token, type ITerraformDependable } from "cdktf";
import { DataAwsServicequotasServiceQuota } from "@cdktf/provider-aws/lib/data-aws-servicequotas-service-quota";

/** Service Quotas' code of Amazon WorkSpaces (ListServices). */
export const WORKSPACES_SERVICE_CODE = "workspaces";

/**
 * The per-Region quota on WorkSpaces, as the WorkSpaces Administration Guide names it ("Amazon WorkSpaces quotas",
 * https://docs.aws.amazon.com/workspaces/latest/adminguide/workspaces-limits.html: "WorkSpaces — 1 — The maximum
 * number of WorkSpaces in this account in the current Region — adjustable"). Its `L-` quota code is not published in
 * AWS's documentation pages; `aws service-quotas list-service-quotas --service-code workspaces` shows it, and
 * `quota: { code }` selects the quota by it instead of by name.
 */
export const WORKSPACES_QUOTA_NAME = "WorkSpaces";

export interface WorkspacesQuotaCheckProps {
  /**
   * WorkSpaces this deployment keeps in the provider's Region (every desktop of every stack that creates them
   * there). The quota counts the account's other WorkSpaces in the Region too: they are not known here.
   */
  readonly desktops: number;
  /**
   * Which Service Quotas quota limits the number of WorkSpaces.
   * @default { name: WORKSPACES_QUOTA_NAME }
   */
  readonly quota?: { readonly code: string } | { readonly name: string };
}

/**
 * Fails the plan, before any desktop is created, when the account's WorkSpaces quota in the Region is below the
 * number of desktops: the quota defaults to 1, and without this check the apply fails after an hour with
 * ResourceLimitExceededException for every desktop over it. A data source postcondition: Service Quotas is read
 * at plan time (its arguments are known), so `terraform plan` reports the number to request. Resources that
 * depend on the check (`dependsOn`) are not planned when it fails.
 */
export class WorkspacesQuotaCheck extends Construct implements ITerraformDependable {
  /** The applied quota value (the default value where Service Quotas has none applied). */
  readonly quotaValue: number;
  /** The quota lookup's address, for `dependsOn`. */
  readonly fqn: string;

  constructor(scope: Construct, id: string, props: WorkspacesQuotaCheckProps) {
    super(scope, id);
    if (Token.isUnresolved(props.desktops) || !Number.isInteger(props.desktops) || props.desktops < 0) {
      throw new Error(
        `${this.node.path}: desktops is ${Token.isUnresolved(props.desktops) ? "a token" : props.desktops}: the check compares the quota with the number of desktops, so give a whole number known at synth time`,
      );
    }
    const quota = props.quota ?? { name: WORKSPACES_QUOTA_NAME };
    const selector = "code" in quota ? { quotaCode: quota.code } : { quotaName: quota.name };
    const lookup = new DataAwsServicequotasServiceQuota(this, "quota", {
      serviceCode: WORKSPACES_SERVICE_CODE,
      ...selector,
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.value >= ${props.desktops}}`,
            // Static text: Terraform 1.11 reports "no variable named self" for self in a data source's error_message
            // (measured with terraform test); the condition may use it.
            errorMessage:
              `The WorkSpaces quota of this account in this Region is below the ${props.desktops} WorkSpaces this deployment needs. ` +
              `Request an increase to at least ${props.desktops} plus the account's other WorkSpaces in the Region (Service Quotas, service ${WORKSPACES_SERVICE_CODE}, ${"code" in quota ? `quota ${quota.code}` : `quota "${quota.name}"`}) and plan again once it is approved.`,
          },
        ],
      },
    });
    this.quotaValue = lookup.value;
    this.fqn = lookup.fqn;
  }
}
