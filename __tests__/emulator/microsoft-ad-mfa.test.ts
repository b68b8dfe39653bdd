import { join } from "node:path";
import { describeEmulatorRun } from "./describe-emulator-run";

describeEmulatorRun(join(__dirname, "..", "..", "config", "examples", "microsoft-ad-mfa.yaml"));
