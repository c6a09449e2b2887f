/**
 * The `trendcast` command: dispatches to forecast, backtest, simulate and demo. Usage errors exit with code 2 and a
 * message saying what to do; data errors exit with code 1 and say where the problem is. No stack traces.
 */
import { describeFailure, EXIT_CODES_HELP } from "./args";
import { BACKTEST_HELP, runBacktestCommand } from "./backtest";
import { DEMO_HELP, runDemoCommand } from "./demo";
import { FORECAST_HELP, runForecastCommand } from "./forecast";
import { runSimulate, SIMULATE_HELP } from "./simulate";

export const MAIN_HELP = `Trendcast: probabilistic sales forecasts and restock suggestions for retail.

Usage: trendcast <command> [options]      (npm run trendcast -- <command> ...)

Commands:
  forecast <file.xlsx|file.csv>   forecast every SKU; writes Forecast, Restock and Model sheets
  backtest <long.csv>             rolling-origin backtest; writes series_id,cutoff,date,q0.1..q0.9
  simulate ...                    replay restock suggestions against history
  demo                            forecast the bundled sample workbook and print a backtest table

Run \`trendcast <command> --help\` for the options of each command.

Outputs: no command ever writes over one of its input files; an existing output file is replaced only with
--force (demo replaces its own earlier output); every output is written to a temporary file and renamed, so a
failed run leaves the old file or none, never half a file. CSV outputs never start a text cell with = + - @.

${EXIT_CODES_HELP}`;

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; help?: string }> = {
  forecast: { run: runForecastCommand, help: FORECAST_HELP },
  backtest: { run: runBacktestCommand, help: BACKTEST_HELP },
  simulate: { run: (argv) => runSimulate(argv), help: SIMULATE_HELP },
  demo: { run: runDemoCommand, help: DEMO_HELP },
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    process.stderr.write(`trendcast: unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(", ")}. Run trendcast --help.\n`);
    return 2;
  }
  try {
    return await entry.run(rest);
  } catch (e) {
    const failure = describeFailure(command, e);
    process.stderr.write(failure.message);
    return failure.code;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /main\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`trendcast: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
