/**
 * WorkSpaces' CloudWatch metrics, named once for the constructs (alarms, dashboards) and the functions that read
 * them. Plain constants: runtime code imports this file too and stays free of cdktf.
 * Source: WorkSpaces Administration Guide, "Monitor your WorkSpaces using CloudWatch metrics" (namespace
 * AWS/WorkSpaces; dimensions DirectoryId, WorkspaceId).
 */
export const WORKSPACES_NAMESPACE = "AWS/WorkSpaces";

export const WorkspacesMetric = {
  Available: "Available",
  Unhealthy: "Unhealthy",
  ConnectionAttempt: "ConnectionAttempt",
  ConnectionSuccess: "ConnectionSuccess",
  ConnectionFailure: "ConnectionFailure",
  SessionLaunchTime: "SessionLaunchTime",
  InSessionLatency: "InSessionLatency",
  UserConnected: "UserConnected",
  Stopped: "Stopped",
  CPUUsage: "CPUUsage",
  MemoryUsage: "MemoryUsage",
  RootVolumeDiskUsage: "RootVolumeDiskUsage",
  UserVolumeDiskUsage: "UserVolumeDiskUsage",
  UDPPacketLossRate: "UDPPacketLossRate",
  GPUUsage: "GPUUsage",
} as const;

export type WorkspacesMetricName = (typeof WorkspacesMetric)[keyof typeof WorkspacesMetric];
