import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { VdiConfig } from "../config/schema";
import { ConnectionAlias } from "../modules/connection-alias";
import { EncryptionKey } from "../modules/encryption-key";
import { FailoverDns } from "../modules/failover-dns";
import type { DesktopsOutputs } from "./desktops-stack";
import type { DrDesktopsOutputs } from "./dr-desktops-stack";
import { REDIRECTION_STACK } from "../topology";
import { VdiStack } from "./vdi-stack";

/**
 * Cross-Region redirection, in the primary Region: the connection alias associated with the primary directory,
 * and with `dns` the Route 53 failover records (PRIMARY with the health check, SECONDARY with the DR Region's
 * connection identifier). A stack of its own, so that adding disaster recovery changes no existing stack.
 */
export class DrRedirectionStack extends VdiStack {
  constructor(scope: Construct, config: VdiConfig, primary: DesktopsOutputs, secondary: DrDesktopsOutputs) {
    super(scope, REDIRECTION_STACK, config);
    const dr = config.disasterRecovery!;
    const logsKey = new EncryptionKey(this, "logs-key", {
      alias: `${this.prefix}-redirection-logs`,
      description: `${this.prefix}: encrypts the logs of the connection alias association function`,
      cloudWatchLogsRegion: this.region,
    });
    const alias = new ConnectionAlias(this, "connection-alias", {
      connectionString: dr.connectionAlias,
      directoryId: primary.directoryId,
      region: this.region,
      // IAM role names are account-wide: the DR Region's association function has `<prefix>-connection-alias`.
      functionName: `${this.prefix}-primary-connection-alias`,
      logRetentionDays: config.monitoring.logRetentionDays,
      logKey: logsKey,
    });
    new TerraformOutput(this, "connection_alias", {
      value: dr.connectionAlias,
      description: "Users enter this in the WorkSpaces client instead of a registration code",
    });
    new TerraformOutput(this, "connection_identifier", {
      value: alias.connectionIdentifier,
      description: "The primary Region's PRIMARY TXT record value",
    });
    if (dr.dns) {
      const dns = new FailoverDns(this, "failover-dns", {
        name: this.prefix,
        hostedZoneId: dr.dns.hostedZoneId,
        recordName: dr.connectionAlias,
        primaryConnectionIdentifier: alias.connectionIdentifier,
        secondaryConnectionIdentifier: secondary.connectionIdentifier,
        primaryRegion: this.region,
        primaryDirectoryId: primary.directoryId,
        connectionFailureThreshold: config.monitoring.connectionFailureThreshold,
      });
      new TerraformOutput(this, "health_check_id", { value: dns.healthCheckId, description: "Route 53 health check of the primary Region" });
      new TerraformOutput(this, "failover_alarm_name", { value: dns.alarmName, description: "CloudWatch alarm whose state drives the DNS failover" });
    }
  }
}
