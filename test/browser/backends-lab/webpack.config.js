// Bundles the backends lab page (lab.ts) and its worker for test/browser/backends.test.ts and bench/backends.ts.
// Output goes to .tmp/backends-lab (git-ignored), with the tfjs wasm binaries under wasm/.
import path from "node:path";
import { fileURLToPath } from "node:url";
import CopyWebpackPlugin from "copy-webpack-plugin";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");

export const outputDir = path.resolve(root, ".tmp/backends-lab");

export default {
  mode: "development",
  devtool: false,
  context: root,
  entry: { lab: "./test/browser/backends-lab/lab.ts" },
  output: { path: outputDir, filename: "[name].js", chunkFilename: "[name].chunk.js", clean: true },
  resolve: {
    extensions: [".ts", ".js"],
    fallback: { fs: false, path: false, crypto: false, os: false, worker_threads: false, perf_hooks: false },
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { noEmit: false } } },
      },
    ],
  },
  performance: { hints: false },
  infrastructureLogging: { level: "error" },
  stats: "errors-only",
  plugins: [
    new CopyWebpackPlugin({
      patterns: [{ from: "node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm", to: "wasm/[name][ext]" }],
    }),
  ],
};
