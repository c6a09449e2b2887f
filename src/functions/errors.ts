/**
 * Formula errors. In Excel, `CustomFunctions.Error` puts `#VALUE!` / `#N/A` in the cell with our message as the
 * tooltip. In Node (tests, benchmarks) that global does not exist, so the same code and message travel on a
 * `FormulaError`. Callers only ever see `FormulaErrorLike` and never the difference.
 */

/** The Excel error codes our functions give (the string values of `CustomFunctions.ErrorCode`). */
export type FormulaErrorCode = "#VALUE!" | "#N/A" | "#NUM!";

export type FormulaErrorLike = Error & { code: FormulaErrorCode | string; message: string };

/** Node stand-in for `CustomFunctions.Error`: same `code` and `message`. */
export class FormulaError extends Error {
  constructor(
    readonly code: FormulaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "FormulaError";
  }
}

type CustomFunctionsGlobal = { Error?: new (code: CustomFunctions.ErrorCode, message?: string) => Error };

function customFunctionsGlobal(): CustomFunctionsGlobal | undefined {
  return (globalThis as unknown as { CustomFunctions?: CustomFunctionsGlobal }).CustomFunctions;
}

/** An error Excel shows as `code` with `message`. Excel trims messages; keep them short and specific. */
export function formulaError(code: FormulaErrorCode, message: string): FormulaErrorLike {
  const cf = customFunctionsGlobal();
  if (cf?.Error) return new cf.Error(code as CustomFunctions.ErrorCode, message) as FormulaErrorLike;
  return new FormulaError(code, message);
}

/** `#VALUE!`: an argument is wrong (text where a number belongs, lengths differ, out of range). */
export function invalidValue(message: string): FormulaErrorLike {
  return formulaError("#VALUE!", message);
}

/** `#N/A`: the arguments are fine but there is not enough history to answer. */
export function notAvailable(message: string): FormulaErrorLike {
  return formulaError("#N/A", message);
}

/** True for an error made by `formulaError` (either flavour). */
export function isFormulaError(e: unknown): e is FormulaErrorLike {
  if (e instanceof FormulaError) return true;
  const cf = customFunctionsGlobal();
  return !!cf?.Error && e instanceof cf.Error;
}
