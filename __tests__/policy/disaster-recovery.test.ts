import { loadConfig } from "../../config/load";
import { checkSecurityPolicy, type StackJson } from "../../policy";
import { summarizeStack } from "../../commands/plan-summary";
import { formatStatus } from "../../commands/status";
import { synthApp } from "../helpers";

const config = loadConfig("config/examples/disaster-recovery.yaml");

const synthStacks = (): Record<string, any> => synthApp(config).all;

const functionsOf = (stacks: Record<string, any>) => Object.values(stacks["dr-desktops"].resource.aws_lambda_function) as any[];
const findings = (stacks: Record<string, StackJson>) => checkSecurityPolicy(stacks, config).map((finding) => `${finding.rule}: ${finding.message}`);

test("the DR example passes the security policy, warnings included", () => {
  expect(checkSecurityPolicy(synthStacks(), config)).toEqual([]);
});

test("lambda-log-group: a function whose logs Lambda would put in a group of its own making is refused", () => {
  const stacks = synthStacks();
  delete functionsOf(stacks)[0].logging_config;
  expect(findings(stacks)).toEqual([expect.stringMatching(/^lambda-log-group: logging_config\.log_group is not a log group of this stack/)]);
});

test("volume-encryption: standby WorkSpaces with a key that is not this deployment's are refused", () => {
  const stacks = synthStacks();
  const standby = functionsOf(stacks).find((fn) => fn.environment);
  standby.environment.variables.VOLUME_ENCRYPTION_KEY_ARN = "alias/aws/workspaces";
  expect(findings(stacks)).toEqual([
    expect.stringMatching(
      /^volume-encryption: VOLUME_ENCRYPTION_KEY_ARN "alias\/aws\/workspaces" \(standby WorkSpaces\) is not a customer-managed key/,
    ),
  ]);
});

test("log-group-encryption covers the functions' log groups", () => {
  const stacks = synthStacks();
  const groups = Object.values(stacks["dr-redirection"].resource.aws_cloudwatch_log_group) as any[];
  delete groups.find((group) => group.name.startsWith("/aws/lambda/")).kms_key_id;
  expect(findings(stacks)).toEqual(["log-group-encryption: not encrypted with a customer-managed key"]);
});

test("npm run status shows the DR Region, the standby desktops and the alias users enter", () => {
  const text = formatStatus({
    desktops: { registration_code: "SLiad+ABC123", workspace_ids: { jane: "ws-1" }, dashboard_name: "d", alarm_topic_arn: "t" },
    "dr-network": { vpc_id: "vpc-dr", availability_zone_ids: ["usw2-az1", "usw2-az2"] },
    "dr-identity": { directory_id: "d-1234567890" },
    "dr-desktops": { directory_id: "d-1234567890", connection_identifier: "abc123", standby_workspace_ids: { jane: "ws-2" } },
    "dr-redirection": { connection_alias: "desktops.acme.example", connection_identifier: "def456", health_check_id: "hc-1" },
  });
  expect(text).toMatch(/^Disaster recovery$/m);
  expect(text).toMatch(/^ {2}DR VPC\s+vpc-dr in usw2-az1, usw2-az2$/m);
  expect(text).toMatch(/^ {2}Standby desktops\s+jane ws-2$/m);
  expect(text).toMatch(/^ {2}Connection alias\s+desktops\.acme\.example/m);
  expect(formatStatus({ "dr-network": { vpc_id: "vpc-dr", availability_zone_ids: [] } })).toMatch(/^ {2}dr-redirection\s+not deployed$/m);
  expect(formatStatus({ desktops: { workspace_ids: {} } })).not.toMatch(/Disaster recovery/);
});

test("the plan summary warns before standby WorkSpaces or the directory replica are destroyed", () => {
  const change = (type: string, address: string, before: Record<string, unknown>) => ({
    address,
    type,
    change: { actions: ["delete"], before, after: null },
  });
  const summary = summarizeStack("dr-desktops", {
    resource_changes: [
      change("aws_lambda_invocation", 'aws_lambda_invocation.standby_standby_invocation_1["jane.doe"]', {}),
      change("aws_directory_service_region", "aws_directory_service_region.replica_replica_1", { region_name: "us-west-2" }),
    ],
  });
  expect(summary.atRisk).toEqual([
    expect.stringMatching(/\*\*destroys\*\* the API call of a \*\*standby WorkSpace\*\* \(it is terminated with its data\)/),
    expect.stringMatching(/\*\*destroys\*\* the directory replica in `us-west-2`/),
  ]);
});
