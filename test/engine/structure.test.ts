// The engine's shape (issue 13): rooms by concern, no module over 400 lines of code, no import cycle. ESLint checks
// the line and function sizes too (max-lines, max-lines-per-function); this test also sees the import graph,
// dynamic imports included.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ENGINE = join(root, "src", "engine");
const MAX_CODE_LINES = 400;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** Relative module specifiers of static imports, re-exports, side-effect imports and dynamic import() calls. */
export function relativeImports(source: string): string[] {
  const specs: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']*)["']/gm;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) specs.push(m[1]);
  return specs;
}

function resolveModule(fromFile: string, spec: string): string | null {
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every cycle's nodes in order (one per strongly connected component with an edge inside it), by Tarjan. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) cycles.push(component.reverse());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Lines that are neither blank nor only comment (as ESLint's max-lines with skipBlankLines and skipComments). */
export function codeLines(source: string): number {
  const withoutBlockComments = source.replace(/\/\*[\s\S]*?\*\//g, (c) => "\n".repeat(c.split("\n").length - 1));
  return withoutBlockComments.split("\n").filter((line) => {
    const t = line.trim();
    return t !== "" && !t.startsWith("//");
  }).length;
}

function engineGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of walk(ENGINE)) {
    const targets = relativeImports(readFileSync(file, "utf8"))
      .map((spec) => resolveModule(file, spec))
      .filter((t): t is string => t !== null && t.startsWith(ENGINE));
    graph.set(relative(root, file), targets.map((t) => relative(root, t)));
  }
  return graph;
}

test("the cycle detector finds cycles, self-imports included, and passes a graph without any", () => {
  const acyclic = new Map([
    ["a", ["b", "c"]],
    ["b", ["c"]],
    ["c", []],
  ]);
  assert.deepEqual(findCycles(acyclic), []);
  const cyclic = new Map([
    ["auto", ["registry", "types"]],
    ["registry", ["auto"]],
    ["types", []],
    ["x", ["y"]],
    ["y", ["z"]],
    ["z", ["x"]],
    ["self", ["self"]],
  ]);
  const found = findCycles(cyclic).map((c) => [...c].sort().join(","));
  assert.deepEqual(found.sort(), ["auto,registry", "self", "x,y,z"]);
});

test("the import parser sees static, side-effect, re-export and dynamic imports, and only relative ones", () => {
  const source = [
    'import { a } from "./a";',
    'import type { B } from "../b";',
    'import "./side-effect";',
    'export { c } from "./c";',
    'const { d } = await import("./d");',
    'import * as tf from "@tensorflow/tfjs";',
  ].join("\n");
  assert.deepEqual(relativeImports(source), ["./a", "../b", "./side-effect", "./c", "./d"]);
  assert.equal(codeLines("/**\n * doc\n */\nconst a = 1;\n\n// note\nconst b = 2; // trailing\n"), 2);
});

test("the engine has no import cycle", () => {
  const graph = engineGraph();
  assert.ok(graph.size > 20, `only ${graph.size} engine modules found`);
  const cycles = findCycles(graph);
  assert.deepEqual(cycles, [], `import cycles: ${cycles.map((c) => c.join(" -> ")).join("; ")}`);
});

test(`no engine module has more than ${MAX_CODE_LINES} lines of code`, () => {
  const tooLong = walk(ENGINE)
    .map((file) => ({ file: relative(root, file), lines: codeLines(readFileSync(file, "utf8")) }))
    .filter((f) => f.lines > MAX_CODE_LINES);
  assert.deepEqual(tooLong, []);
});

test("the engine's folders follow the data flow: ingest, forecast, evaluate, restock", () => {
  const rooms = readdirSync(ENGINE).filter((name) => statSync(join(ENGINE, name)).isDirectory()).sort();
  assert.deepEqual(rooms, ["evaluate", "forecast", "ingest", "restock"]);
});
