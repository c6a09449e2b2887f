/**
 * Entry of the built command line (bin/trendcast.js, made by `npm run build:cli`): runs `main` and exits with its
 * code. Kept apart from main.ts so importing main (tests, other tools) never exits the process.
 */
import { main } from "./main";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`trendcast: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
