import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import MarkdownIt from "markdown-it";

/**
 * README.md is the front door and docs/ holds the topic guides: every relative link between them must reach
 * a file, and every #anchor a heading of its target, or a reader following the README lands nowhere.
 */
const ROOT = resolve(__dirname, "..");
const markdown = new MarkdownIt();
type Token = ReturnType<MarkdownIt["parse"]>[number];

/** The heading's text as GitHub sees it: inline code without its backticks, links by their text. */
const headingText = (inline: Token) =>
  (inline.children ?? [])
    .filter((child) => child.type === "text" || child.type === "code_inline")
    .map((child) => child.content)
    .join("");

/** GitHub's anchor for a heading: lower case, punctuation but - and _ removed, spaces to -. */
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, "")
    .replace(/ /g, "-");

/** The anchors of a Markdown file's headings; a repeated heading gets -1, -2… as on GitHub. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const tokens = markdown.parse(text, {});
  tokens.forEach((token, index) => {
    if (token.type !== "heading_open") return;
    const base = slug(headingText(tokens[index + 1]));
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  });
  return anchors;
}

/** Every link and image target of a Markdown file, code blocks and inline code left out by the parser. */
function targetsOf(text: string): string[] {
  const targets: string[] = [];
  for (const token of markdown.parse(text, {})) {
    for (const child of token.children ?? []) {
      if (child.type === "link_open") targets.push(child.attrGet("href") ?? "");
      if (child.type === "image") targets.push(child.attrGet("src") ?? "");
    }
  }
  return targets;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");

/** One line per link of `files` (absolute paths) that reaches no file, or no heading of its target. */
function brokenLinks(files: readonly string[], root: string): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const name = relative(root, file);
    for (const target of targetsOf(readFileSync(file, "utf8"))) {
      if (isExternal(target)) continue;
      const [pathPart, anchor] = target.split("#", 2).map((part) => decodeURIComponent(part));
      const destination = pathPart === "" ? file : resolve(dirname(file), pathPart);
      if (!existsSync(destination)) {
        problems.push(`${name}: ${target}: ${relative(root, destination)} does not exist`);
        continue;
      }
      if (anchor === undefined) continue;
      if (statSync(destination).isDirectory() || !destination.endsWith(".md")) {
        problems.push(`${name}: ${target}: an anchor into ${relative(root, destination)}, which has no headings`);
      } else if (!anchorsOf(readFileSync(destination, "utf8")).has(anchor)) {
        problems.push(`${name}: ${target}: ${relative(root, destination)} has no heading #${anchor}`);
      }
    }
  }
  return problems;
}

const documentation = (root: string) => [
  join(root, "README.md"),
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(root, "docs", name)),
];

describe("documentation links", () => {
  it("every relative link in README.md and docs/*.md reaches a file, and every anchor a heading", () => {
    expect(brokenLinks(documentation(ROOT), ROOT)).toEqual([]);
  });

  it("README.md links to every guide in docs/", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const linked = new Set(targetsOf(readme).map((target) => target.split("#")[0]));
    const guides = documentation(ROOT)
      .slice(1)
      .map((file) => relative(ROOT, file));
    expect(guides.filter((guide) => !linked.has(guide))).toEqual([]);
  });
});

describe("the link check", () => {
  const root = mkdtempSync(join(tmpdir(), "vdi-docs-links-"));
  mkdirSync(join(root, "docs"));
  writeFileSync(
    join(root, "docs", "guide.md"),
    [
      "# Guide",
      "## The estimate: `npm run cost`",
      "## Security scan (checkov)",
      "## Notes",
      "## Notes",
      "```sh",
      "# a shell comment, not a heading",
      "```",
    ].join("\n"),
  );

  const check = (readme: string) => {
    writeFileSync(join(root, "README.md"), readme);
    return brokenLinks(documentation(root), root);
  };

  it("follows GitHub's anchors: code without backticks, punctuation dropped, repeats numbered", () => {
    expect(anchorsOf(readFileSync(join(root, "docs", "guide.md"), "utf8"))).toEqual(
      new Set(["guide", "the-estimate-npm-run-cost", "security-scan-checkov", "notes", "notes-1"]),
    );
    const links = ["docs/guide.md#the-estimate-npm-run-cost", "docs/guide.md#security-scan-checkov", "docs/guide.md#notes-1", "#front-door"];
    expect(check(`# Front door\n\n${links.map((link) => `[x](${link})`).join(" ")}\n`)).toEqual([]);
  });

  it("reports a missing file, a missing heading and an anchor into a file without headings", () => {
    writeFileSync(join(root, "data.txt"), "text");
    const readme = [
      "# Front door",
      "[gone](docs/gone.md) [typo](docs/guide.md#security-scan) [code](docs/guide.md#a-shell-comment-not-a-heading)",
      "[text](data.txt#top) [web](https://example.com/#anything) `[code](docs/gone.md)`",
    ].join("\n\n");
    expect(check(readme)).toEqual([
      "README.md: docs/gone.md: docs/gone.md does not exist",
      "README.md: docs/guide.md#security-scan: docs/guide.md has no heading #security-scan",
      "README.md: docs/guide.md#a-shell-comment-not-a-heading: docs/guide.md has no heading #a-shell-comment-not-a-heading",
      "README.md: data.txt#top: an anchor into data.txt, which has no headings",
    ]);
  });
});
