// The README is a front door (issue 13 §4): under 12 KB, every relative link in README.md and docs/*.md leads to a
// file (and heading) that exists, and the README's headline figures are the ones the benchmarks wrote.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const README_LIMIT = 12 * 1024;

/** Markdown with fenced code blocks and inline code spans blanked out (links there are examples, not links). */
export function withoutCode(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "")
    .replace(/(`+)[\s\S]*?\1/g, "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2, ... */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  for (const m of text.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const plain = m[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/`/g, "")
      .replace(/<[^>]+>/g, "");
    const base = plain.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative link and image targets of a markdown page (outside code). */
export function relativeLinks(markdown: string): string[] {
  const links: string[] = [];
  for (const m of withoutCode(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, ...
    links.push(target);
  }
  return links;
}

function pages(): string[] {
  const docs = join(root, "docs");
  return [join(root, "README.md"), ...readdirSync(docs).filter((f) => f.endsWith(".md")).map((f) => join(docs, f))];
}

test("README.md is under 12 KB", () => {
  const size = statSync(join(root, "README.md")).size;
  assert.ok(size < README_LIMIT, `README.md is ${size} bytes; keep it under ${README_LIMIT} and move details into docs/`);
});

test("every relative link in README.md and docs/*.md resolves to a file and, with #, to a heading", () => {
  const problems: string[] = [];
  for (const page of pages()) {
    const text = readFileSync(page, "utf8");
    for (const link of relativeLinks(text)) {
      const [path, hash] = link.split("#", 2);
      const target = path === "" ? page : resolve(dirname(page), decodeURIComponent(path));
      const where = `${relative(root, page)}: ${link}`;
      if (!existsSync(target)) {
        problems.push(`${where} (no file ${relative(root, target)})`);
        continue;
      }
      if (hash !== undefined && hash !== "") {
        if (!target.endsWith(".md")) problems.push(`${where} (an anchor into a file that is not markdown)`);
        else if (!anchors(readFileSync(target, "utf8")).has(hash)) problems.push(`${where} (no heading #${hash} in ${relative(root, target)})`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test("the link checker sees links, skips code and makes GitHub's anchors", () => {
  const md = "# A `code` title (x)\n## Same\n## Same\n[a](b.md#c) ![i](img/p.png) `[not](x.md)` [web](https://e.com)\n```\n[no](y.md)\n```\n";
  assert.deepEqual(relativeLinks(md), ["b.md#c", "img/p.png"]);
  assert.deepEqual([...anchors(md)], ["a-code-title-x", "same", "same-1"]);
});

/** The text of section `id` of docs/benchmarks.md (between its markers). */
function benchSection(id: string): string {
  const text = readFileSync(join(root, "docs", "benchmarks.md"), "utf8");
  const start = text.indexOf(`<!-- bench:${id}:start -->`);
  const end = text.indexOf(`<!-- bench:${id}:end -->`);
  return start >= 0 && end > start ? text.slice(start, end) : "";
}

test("every bold figure in the README's headline rows is in the benchmark section its command writes", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Headline figures"));
  assert.ok(section, "README.md has a Headline figures section");
  const problems: string[] = [];
  let rows = 0;
  for (const row of section.split("\n").filter((l) => l.startsWith("|"))) {
    const bench = /`npm run bench:([a-z-]+)/.exec(row)?.[1];
    if (!bench) continue;
    rows++;
    const generated = benchSection(bench);
    if (!generated) problems.push(`bench:${bench}: docs/benchmarks.md has no section "${bench}"`);
    for (const m of row.matchAll(/\*\*([^*]+)\*\*/g)) {
      if (!generated.includes(m[1])) problems.push(`bench:${bench}: the README says **${m[1]}**, the generated section does not`);
    }
  }
  assert.ok(rows >= 3, "the headline rows name the command that measured them (`npm run bench:...`)");
  assert.deepEqual(problems, []);
});
