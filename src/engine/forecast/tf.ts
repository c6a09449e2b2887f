/**
 * The engine's one door to TensorFlow.js: tfjs-core's ops, plus the registrations that tfjs-core leaves to its
 * caller (the gradients that training needs and the chained tensor methods such as `x.matMul(y)`).
 *
 * Where those registrations come from depends on the runtime, through package.json's `#tfjs-register` import:
 * - bundled for the browser (task pane, worker): tfjs-core's own registration modules, so the pane ships tfjs-core
 *   and the backends and nothing else of TensorFlow.js (no layers, converter or data);
 * - Node (CLI, tests, benchmarks): tfjs-core's registration modules are ES modules with directory imports that
 *   Node cannot load, so Node takes them from the `@tensorflow/tfjs` package's CommonJS build, which registers them
 *   on the same tfjs-core instance.
 */
export * from "@tensorflow/tfjs-core";
import "#tfjs-register";
