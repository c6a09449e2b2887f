// Builds dist/: the task pane page (which also hosts the custom functions: shared runtime),
// the training worker, functions.json generated from JSDoc, the tfjs wasm binaries, icons, the manifest and the
// static hosts' configuration (staticwebapp.config.json, web.config: headers, MIME types; docs/hosting.md).
// Every script name carries a content hash (Office webviews cache hard); taskpane.html, functions.json and
// manifest.xml keep fixed names and are served no-cache.
import path from "node:path";
import { fileURLToPath } from "node:url";
import HtmlWebpackPlugin from "html-webpack-plugin";
import CopyWebpackPlugin from "copy-webpack-plugin";
import CustomFunctionsMetadataPlugin from "custom-functions-metadata-plugin";
import webpack from "webpack";
import { DEV_URL, productionId, productionManifest, productionUrl, staticWebAppConfig, webConfig } from "./scripts/hosting.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Emits the static hosts' configuration files into dist/. */
class HostingFilesPlugin {
  constructor(base) {
    this.base = base;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("HostingFilesPlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "HostingFilesPlugin", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.emitAsset("staticwebapp.config.json", new webpack.sources.RawSource(staticWebAppConfig(this.base)));
        compilation.emitAsset("web.config", new webpack.sources.RawSource(webConfig()));
      });
    });
  }
}

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
  // Where the production build is hosted: TRENDCAST_URL=https://your.host/path/ npm run build (required, checked).
  const base = dev ? DEV_URL : productionUrl(process.env.TRENDCAST_URL);
  const addinId = dev ? null : productionId(process.env.TRENDCAST_ADDIN_ID);
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      taskpane: "./src/taskpane/index.tsx",
    },
    output: {
      path: path.resolve(here, "dist"),
      filename: "[name].[contenthash:8].js",
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
              // Production: page URLs get the production base, the AppDomain its origin, the add-in its own Id.
              return dev ? content : productionManifest(content.toString(), base, addinId);
            },
          },
        ],
      }),
      new HostingFilesPlugin(base),
    ],
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: env.WEBPACK_SERVE ? await httpsOptions() : {} },
      port: 3000,
      static: { directory: path.resolve(here, "dist") },
    },
  };
};
