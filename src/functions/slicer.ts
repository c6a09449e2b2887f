/**
 * Keeps the shared runtime's thread responsive during a recalculation. Excel starts every formula of a sheet at
 * once; without this, 1,000 classical fits (about 15 ms each) would run back to back in one task of 10+ s, and
 * Office restarts an add-in's runtime after about 5 s without a response (Windows, Mac). Every fit or model batch
 * goes through one queue that runs jobs in order inside a task of at most `budgetMs` (plus the last job's own
 * length) and then yields to the event loop, so Excel's messages, the pane and other work get in between.
 */

/** Schedules `resume` as a new task (macrotask), not a microtask: only a new task lets the event loop breathe. */
export type YieldFn = (resume: () => void) => void;

function defaultYield(): YieldFn {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  // Node (tests, CLI, benchmarks): setImmediate. Browsers: a MessageChannel message (no 4 ms setTimeout clamp).
  if (typeof g.setImmediate === "function") return (resume) => void g.setImmediate!(resume);
  if (typeof g.MessageChannel === "function") {
    const channel = new g.MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return (resume) => {
      waiting.push(resume);
      channel.port2.postMessage(0);
    };
  }
  return (resume) => void setTimeout(resume, 0);
}

export class TimeSlicer {
  private readonly queue: (() => void)[] = [];
  private scheduled = false;
  private yieldFn: YieldFn | null;
  /** Tasks the queue has run (for tests and the benchmark). */
  tasks = 0;

  constructor(
    readonly budgetMs = 40,
    yieldFn?: YieldFn,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.yieldFn = yieldFn ?? null;
  }

  /** Runs `job` in a later task, after the jobs queued before it; the promise settles with its result or error. */
  run<T>(job: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        try {
          resolve(job());
        } catch (e) {
          reject(e);
        }
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.yieldFn ??= defaultYield();
    this.yieldFn(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    this.tasks++;
    const start = this.now();
    while (this.queue.length > 0) {
      this.queue.shift()!();
      if (this.now() - start >= this.budgetMs) break;
    }
    if (this.queue.length > 0) this.schedule();
  }
}
