// The one jest setup (setupFilesAfterEnv): cdktf's matchers (toHaveResource…) at run time, and their types
// for every test file, since this file is part of the type-checked program.
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";

Testing.setupJest();
