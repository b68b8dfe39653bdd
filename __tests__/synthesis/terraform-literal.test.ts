import { terraformLiteral } from "../../synthesis/terraform-literal";
import { configWith, synthApp } from "../helpers";

/**
 * The template sequences Terraform would evaluate in a string: `${…}` and `%{…}` not written in
 * their literal forms `$${` / `%%{`.
 */
function liveSequences(text: string): string[] {
  const live: string[] = [];
  for (let index = 0; index < text.length; index++) {
    if (text.startsWith("$${", index) || text.startsWith("%%{", index)) index += 2;
    else if (text.startsWith("${", index) || text.startsWith("%{", index)) live.push(text.slice(index, text.indexOf("}", index) + 1));
  }
  return live;
}

/** Every string of a JSON value, object keys included (Terraform reads both as templates). */
function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsOf(inner)]);
}

describe("configuration text in the synthesized Terraform", () => {
  it("escapes ${ and %{ and leaves every other character alone", () => {
    expect(terraformLiteral('${file("/etc/passwd")}')).toBe('$${file("/etc/passwd")}');
    expect(terraformLiteral("%{ if true }x%{ endif }")).toBe("%%{ if true }x%%{ endif }");
    // Already literal text stays literal: `$${x}` reads as the four characters `$${x}`... escaped once more.
    expect(terraformLiteral("$${x}")).toBe("$$${x}");
    expect(terraformLiteral("cost $5 {a} 100%")).toBe("cost $5 {a} 100%");
  });

  it("never becomes a live interpolation, wherever the file puts it", () => {
    const hostile = {
      "directory.type": "MicrosoftAD",
      "directory.size": undefined,
      "directory.shortName": "A${uuid()}",
      "directory.radius": { servers: ["10.0.0.10"], sharedSecretId: "corp/radius", displayLabel: '${file("/etc/passwd")}' },
      "desktops.defaults.bundle": { owner: "%{if true}x%{endif}", name: '${file("/etc/hostname")}' },
      "desktops.users": [{ userName: "${path.cwd}" }, { userName: "%{endif}" }],
      "access.ipRules": [{ source: "203.0.113.0/24", description: '${data.aws_caller_identity.hostile.account_id} ${file("/etc/shadow")}' }],
    };
    const stacks = synthApp(configWith(hostile));
    const live = Object.values(stacks).flatMap((json) => stringsOf(json).flatMap(liveSequences));
    expect(live.length).toBeGreaterThan(0); // the project's own references stay live
    expect(live.filter((sequence) => /file\(|path\.cwd|uuid|hostile|%\{/.test(sequence))).toEqual([]);

    // And Terraform reads the literal forms back as exactly what the file said.
    const desktops = JSON.stringify(stacks.desktops);
    expect(desktops).toContain('"$${path.cwd}"');
    expect(desktops).toContain('"%%{endif}"');
    expect(JSON.stringify(stacks.identity)).toContain('"display_label":"$${file(\\"/etc/passwd\\")}"');
  });
});
