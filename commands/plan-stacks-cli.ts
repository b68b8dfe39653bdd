import { readDependencies } from "../synthesis/synthesize";
import { BOOTSTRAP_STACK } from "../topology";
import { stacksToPlan } from "./stack-order";

/**
 * The stacks the pull-request workflow plans (its job matrix), as a JSON list in deploy order, read from the manifest
 * of the synth just made (`npm run synth`; CDKTF_OUTDIR or cdktf.out).
 */
try {
  console.log(JSON.stringify(stacksToPlan(readDependencies(process.env.CDKTF_OUTDIR || "cdktf.out"), BOOTSTRAP_STACK)));
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
}
