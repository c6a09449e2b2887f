// Builds dist/: the task pane page (which also hosts the custom functions: shared runtime),
// the training worker, functions.json generated from JSDoc, the tfjs wasm binaries, icons and the manifest.
import path from "node:path";
import { fileURLToPath } from "node:url";
import HtmlWebpackPlugin from "html-webpack-plugin";
import CopyWebpackPlugin from "copy-webpack-plugin";
import CustomFunctionsMetadataPlugin from "custom-functions-metadata-plugin";

const here = path.dirname(fileURLToPath(import.meta.url));
const urlDev = "https://localhost:3000/";
// Where the production build is hosted; override with TRENDCAST_URL=https://your.host/path/ npm run build
const urlProd = process.env.TRENDCAST_URL || "https://trendcast.example.com/";

async function httpsOptions() {
  try {
    const devCerts = await import("office-addin-dev-certs");
    const opts = await devCerts.getHttpsServerOptions();
    return { ca: opts.ca, key: opts.key, cert: opts.cert };
  } catch (e) {
    console.warn("office-addin-dev-certs unavailable, serving with a self-signed certificate:", e.message);
    return {};
  }
}

export default async (env, options) => {
  const dev = options.mode !== "production";
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      taskpane: "./src/taskpane/index.tsx",
    },
    output: {
      path: path.resolve(here, "dist"),
      filename: "[name].js",
      chunkFilename: "[name].[contenthash:8].js",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
      fallback: { fs: false, path: false, crypto: false, os: false, worker_threads: false, perf_hooks: false },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { noEmit: false } } },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: "functions.json",
        input: "./src/functions/functions.ts",
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/help.html", to: "help.html" },
          { from: "node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm", to: "wasm/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform(content) {
              if (dev) return content;
              // Page URLs get the production base; the AppDomain (an origin, no path) gets its origin.
              return content.toString().replaceAll(urlDev, urlProd).replaceAll(urlDev.slice(0, -1), new URL(urlProd).origin);
            },
          },
        ],
      }),
    ],
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: env.WEBPACK_SERVE ? await httpsOptions() : {} },
      port: 3000,
      static: { directory: path.resolve(here, "dist") },
    },
  };
};
