// Lint: typescript-eslint recommended + the Office add-in rules (batching discipline: load before read,
// sync before read, no context.sync in loops) + import direction (engine stays pure; CLI uses only the engine).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";


export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "out/**", "test-artifacts/**", ".tmp/**", "bin/trendcast.js"] }, // bin/trendcast.js: built by npm run build:cli
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "office-addins": officeAddins },
    rules: {
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-context-sync-in-loop": "warn",
      "office-addins/no-empty-load": "warn",
      "office-addins/no-navigational-load": "warn",
      "office-addins/no-office-initialize": "warn",
      "office-addins/test-for-null-using-isNullObject": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@tensorflow/tfjs", message: "Import TensorFlow.js through src/engine/forecast/tf.ts (tfjs-core + registrations), not the umbrella package." }],
          patterns: [
            { group: ["react", "react-dom", "@fluentui/*"], message: "The engine is pure: no React." },
            { group: ["**/office/**", "**/taskpane/**", "**/functions/**", "**/commands/**", "**/cli/**"], message: "The engine imports nothing from the add-in or CLI." },
            { group: ["node:*", "fs", "path", "exceljs"], message: "The engine runs in a Web Worker: no Node modules." },
          ],
        },
      ],
      "no-restricted-globals": ["error", "document", "window", "Office", "Excel"],
      // Engine rooms stay small (issue 13): test/engine/structure.test.ts also checks file size and import cycles.
      "max-lines": ["error", { max: 400, skipBlankLines: true, skipComments: true }],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ["src/cli/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/office/**", "**/taskpane/**", "**/functions/**", "**/commands/**", "react", "@fluentui/*"], message: "The CLI imports only the engine." }] },
      ],
    },
  },
  {
    files: ["**/*.{js,mjs}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
