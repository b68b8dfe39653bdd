import { error, type Finding, type PolicyRule } from "./rule";
import { isReference } from "./terraform-json";
import { instancesOf } from "../synthesis/resource-instances";

/** Argument names that carry secret values and therefore must be references. */
const SECRET_ARGUMENT = /(^|_)(password|secret_string|shared_secret|secret)$/;

export const noSecretLiterals = {
  id: "no-secret-literals",
  description: "passwords and secrets come from generated or referenced secrets, never literals",
  everyResource: (resource, _, scope) => {
    const found: Finding[] = [];
    const visit = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${index}]`));
      else if (value !== null && typeof value === "object") {
        for (const [key, inner] of Object.entries(value)) {
          if (key === "//") continue;
          const innerPath = path ? `${path}.${key}` : key;
          if (SECRET_ARGUMENT.test(key) && typeof inner === "string" && !isReference(inner)) {
            found.push(error(`${innerPath} is a literal; use a generated or Secrets Manager secret`));
          } else visit(inner, innerPath);
        }
      }
    };
    // Each instance's arguments as Terraform sees them: values a `for_each` resource reads from a local count too.
    // An argument whose value is the one of the first instance (shared by every desktop of a fleet) is visited once.
    const instances = instancesOf(scope.stacks[scope.stackName], resource.body);
    instances.forEach(({ arguments: args }, index) => {
      for (const [name, value] of Object.entries(args)) if (index === 0 || value !== instances[0].arguments[name]) visit({ [name]: value }, "");
    });
    return [...new Map(found.map((finding) => [finding.message, finding])).values()];
  },
} satisfies PolicyRule;
