import { describeEmulatorRun } from "./describe-emulator-run";

describeEmulatorRun(undefined);
