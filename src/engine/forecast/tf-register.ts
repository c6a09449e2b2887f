/**
 * tfjs-core's gradient and chained-op registrations, for bundled builds (see tf.ts). Node resolves
 * `#tfjs-register` to the `@tensorflow/tfjs` package instead.
 */
// tfjs-core first: its index registers the environment flags that the gradient modules read as they load.
import "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops";
