import { Construct } from "constructs";
import type { EncryptionKey } from "./encryption-key";
import { WorkspacesConnectionAlias } from "@cdktf/provider-aws/lib/workspaces-connection-alias";
import { accountOf } from "./account";
import { AwsApiCall } from "./aws-api-call";
import { LambdaFunction } from "./lambda-function";

export interface ConnectionAliasProps {
  /** The FQDN users enter in the client. Reserved for the AWS account forever once created, even after deletion. */
  readonly connectionString: string;
  /** The registered directory of this Region the alias is associated with. */
  readonly directoryId: string;
  /** The stack's Region (the alias, its association and the function live there). */
  readonly region: string;
  /** Name of the association function, its role and log group. */
  readonly functionName: string;
  /** Days the log group keeps the function's log. */
  readonly logRetentionDays: number;
  /** The key of the function's log group; it must admit CloudWatch Logs in the function's Region. */
  readonly logKey: EncryptionKey;
}

/**
 * A cross-Region redirection connection alias in one Region, associated with that Region's directory. The
 * provider has no association resource: AssociateConnectionAlias is called through an `AwsApiCall`, and answers
 * the connection identifier that this Region's DNS TXT record must hold.
 */
export class ConnectionAlias extends Construct {
  readonly aliasId: string;
  /** The identifier of this Region's association, for the failover TXT record. */
  readonly connectionIdentifier: string;

  constructor(scope: Construct, id: string, props: ConnectionAliasProps) {
    super(scope, id);
    const alias = new WorkspacesConnectionAlias(this, "alias", { connectionString: props.connectionString });
    const account = accountOf(this);
    const arn = (resource: string) => `arn:${account.partition}:workspaces:${props.region}:${account.accountId}:${resource}`;
    const association = new LambdaFunction(this, "associate", {
      functionName: props.functionName,
      runtimeName: "connection-alias-association",
      description: `Associates connection alias ${props.connectionString} with the WorkSpaces directory (Terraform-managed)`,
      statements: [
        // Describe actions take no resource: they list.
        { sid: "ReadAliasState", actions: ["workspaces:DescribeConnectionAliases"], resources: ["*"] },
        {
          sid: "AssociateThisAliasWithThisDirectory",
          actions: ["workspaces:AssociateConnectionAlias", "workspaces:DisassociateConnectionAlias"],
          resources: [arn(`connectionalias/${alias.id}`), arn(`directory/${props.directoryId}`)],
        },
      ],
      logRetentionDays: props.logRetentionDays,
      logKey: props.logKey,
    });
    const call = new AwsApiCall(this, "association", {
      functionName: association.functionName,
      input: { aliasId: alias.id, directoryId: props.directoryId },
    });
    this.aliasId = alias.id;
    this.connectionIdentifier = call.result("connectionIdentifier");
  }
}
