/** Shadow books of the level search: the order-up-to policy at candidate cycle levels, costed side by side. */

/**
 * Books of the order-up-to policy at several candidate levels, kept side by side over the same demand (opening
 * stock: the sales of the protection interval before the first period), to compare their costs so far.
 */
export class ShadowBooks {
  private readonly onHand: number[][];
  private readonly arrivals: number[][][];
  private readonly costs: number[];

  constructor(
    private readonly levels: readonly number[],
    private readonly demand: readonly number[][],
    private readonly first: number,
    length: number,
    protection: number,
    private readonly lead: number,
    private readonly holding: number,
    private readonly shortage: number,
  ) {
    const opening = demand.map((y) => {
      let s = 0;
      for (let t = Math.max(0, first - protection); t < first; t++) s += y[t];
      return s;
    });
    this.onHand = levels.map(() => opening.slice());
    this.arrivals = levels.map(() => demand.map(() => new Array<number>(Math.max(0, length)).fill(0)));
    this.costs = levels.map(() => 0);
  }

  /** Each candidate orders up to its level for series i at period t. */
  order(t: number, i: number, upTo: readonly number[]): void {
    const k = t - this.first;
    this.levels.forEach((_, c) => {
      const due = this.arrivals[c][i];
      let position = this.onHand[c][i];
      for (let j = k; j < due.length; j++) position += due[j];
      if (k + this.lead < due.length) due[k + this.lead] += Math.max(0, Math.ceil(upTo[c] - position - 1e-9));
    });
  }

  /** Receipts, demand and cost of period t for every candidate. */
  step(t: number): void {
    const k = t - this.first;
    this.levels.forEach((_, c) => {
      for (let i = 0; i < this.demand.length; i++) {
        this.onHand[c][i] += this.arrivals[c][i][k] ?? 0;
        const want = this.demand[i][t];
        const sold = Math.min(this.onHand[c][i], want);
        this.onHand[c][i] -= sold;
        this.costs[c] += this.holding * this.onHand[c][i] + this.shortage * (want - sold);
      }
    });
  }

  /** The level with the lowest cost so far (ties: the one nearest the target). */
  best(target: number): number {
    let best = -1;
    for (let c = 0; c < this.levels.length; c++) {
      const better = best < 0 || this.costs[c] < this.costs[best] - 1e-9;
      const tie = best >= 0 && Math.abs(this.costs[c] - this.costs[best]) <= 1e-9 && Math.abs(this.levels[c] - target) < Math.abs(this.levels[best] - target);
      if (better || tie) best = c;
    }
    return best < 0 ? target : this.levels[best];
  }
}

export const logit = (p: number): number => Math.log(p / (1 - p));
export const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
