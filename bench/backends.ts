/**
 * Training speed (samples/s) and forecast latency (ms per series) of the attention model's real training step on
 * each tfjs backend in headless Chromium, for the default model (28,758 parameters) and a larger one (twice the width: 90,102 parameters, 3.1x), at batch
 * sizes 64 / 256 / 1024; then the probe chooseBackend() runs, how long it takes and which backend it picks.
 *
 *   npm run bench:backends
 *   TRENDCAST_BENCH_BACKENDS=webgl,wasm TRENDCAST_BENCH_CAP_S=60 npm run bench:backends
 *
 * Configurations whose estimated time exceeds the per-backend cap (default 150 s) are reported as not run.
 */
import { openLab } from "../test/browser/backends-lab/harness";
import { reportTo } from "./report";

reportTo("backends"); // --write-docs: this run's output goes into docs/benchmarks.md

type Row = { backend: string; scale: number; batch: number; parameters: number; samplesPerSec: number; steps: number; firstStepMs: number; msPerSeries: number };
type Info = { name: string; available: boolean; detail: string };
type Choice = { backend: string; measured: { backend: string; samplesPerSec: number; ms: number; error?: string }[]; probeMs: number };

const backends = (process.env.TRENDCAST_BENCH_BACKENDS ?? "webgpu,webgl,wasm,cpu").split(",").map((s) => s.trim());
const capS = Number(process.env.TRENDCAST_BENCH_CAP_S ?? 150);
const BATCHES = [64, 256, 1024];

async function main(): Promise<void> {
  const lab = await openLab();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = <T>(fn: string, ...args: unknown[]): Promise<T> => lab.page.evaluate(([f, a]) => (globalThis as any).lab[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;
  try {
    const detected = await call<Info[]>("detect");
    const lines: string[] = [];
    lines.push(`Headless Chromium (${process.env.CHROMIUM_PATH ?? "@sparticuz/chromium"}), no GPU: WebGL and WebGPU run on SwiftShader (software).`);
    for (const d of detected) lines.push(`- ${d.name}: ${d.available ? "available" : "not available"}, ${d.detail}`);
    console.log(lines.join("\n") + "\n");
    console.log("| backend | model (parameters) | batch | training samples/s | first step ms (compile) | forecast ms per series |");
    console.log("|---|---|---|---|---|---|");
    for (const backend of backends) {
      if (!detected.find((d) => d.name === backend)?.available) {
        console.log(`| ${backend} | - | - | not available | - | - |`);
        continue;
      }
      let spent = 0;
      for (const scale of [1, 2]) {
        let lastStepS = 0;
        let lastBatch = 0;
        for (const batch of BATCHES) {
          const estimate = lastBatch ? (lastStepS * batch) / lastBatch * 3 : 0;
          if (spent + estimate > capS) {
            console.log(`| ${backend} | ${scale === 1 ? "default" : "2x width"} | ${batch} | not run (about ${Math.round(estimate)} s, over the ${capS} s cap) | - | - |`);
            continue;
          }
          const t = Date.now();
          const r = await call<Row>("bench", backend, scale, batch, 4000);
          spent += (Date.now() - t) / 1000;
          lastStepS = batch / r.samplesPerSec;
          lastBatch = batch;
          console.log(
            `| ${backend} | ${scale === 1 ? "default" : "2x width"} (${r.parameters.toLocaleString("en")}) | ${batch} | ${r.samplesPerSec.toFixed(0)} | ${r.firstStepMs.toFixed(0)} | ${r.msPerSeries.toFixed(2)} |`,
          );
        }
      }
    }
    const candidates = backends.filter((b) => detected.find((d) => d.name === b)?.available);
    const choice = await call<Choice>("choose", true, candidates);
    console.log(`\nProbe (chooseBackend, batch 16, 3 timed steps per backend) over ${candidates.join(", ")}: ${(choice.probeMs / 1000).toFixed(1)} s in all, picked **${choice.backend}**`);
    for (const m of choice.measured) console.log(`- ${m.backend}: ${m.samplesPerSec.toFixed(0)} samples/s, ${(m.ms / 1000).toFixed(1)} s${m.error ? ` (${m.error})` : ""}`);
    const again = await call<Choice & { fromStorage: boolean; wallMs: number }>("choose", false, candidates);
    console.log(`Second start on this machine: remembered choice ${again.backend} (from storage: ${again.fromStorage}) in ${again.wallMs.toFixed(0)} ms`);
  } finally {
    await lab.close();
  }
}

await main();
