/**
 * The CPU budget of one plugin's timer callbacks. A handler runs when the host asks; a timer
 * runs when the plugin asks, as often as every 10 ms and up to 64 at once, so a per-call limit
 * alone lets a plugin take the whole host (measured: 64 intervals that busy-wait kept the
 * host's own 5 ms tick from running for 2 to 4 s). Each window of time gives a plugin's timers
 * a budget of sandbox time together; once it is spent, its timers wait for the next window.
 * A window in which the plugin overran (a callback hit its own limit, or the budget ran out)
 * is a strike; enough strikes in a row and the plugin is stopped.
 */
export interface TimerBudgetLimits {
  /** Length of one window, in ms. */
  windowMs: number;
  /** Sandbox time all timer callbacks of the plugin (and the promise jobs they queue) may take in one window, in ms. */
  budgetMs: number;
  /** Windows in a row with an overrun that stop the plugin. */
  strikes: number;
}

export const TIMER_BUDGET: TimerBudgetLimits = { windowMs: 1000, budgetMs: 100, strikes: 3 };

/** The most one timer callback may run, below the handler limit: the budget then holds to within one callback. */
export const TIMER_CALLBACK_MS = 50;

export class TimerBudget {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;
  /** Whether this window already counted as a strike. */
  private struck = false;
  private strikes = 0;

  constructor(readonly limits: TimerBudgetLimits = TIMER_BUDGET) {}

  /** Whether a timer may run now; false when this window's budget is spent. */
  mayRun(now: number): boolean {
    this.roll(now);
    return this.used < this.limits.budgetMs;
  }

  /** How long until the next window, when a timer that may not run now should try again. */
  msUntilNextWindow(now: number): number {
    return Math.max(1, this.windowStart + this.limits.windowMs - now);
  }

  /**
   * Charges `ms` of sandbox time to the current window; `overran` when the callback was stopped
   * at its own limit. Returns true when the plugin has now overrun in `strikes` windows in a row.
   */
  charge(ms: number, overran: boolean): boolean {
    this.used += ms;
    if ((overran || this.used >= this.limits.budgetMs) && !this.struck) {
      this.struck = true;
      this.strikes += 1;
    }
    return this.strikes >= this.limits.strikes;
  }

  private roll(now: number): void {
    const elapsed = now - this.windowStart;
    if (elapsed < this.limits.windowMs) return;
    // A window without an overrun, or a whole idle window, ends the run of strikes.
    if (!this.struck || elapsed >= 2 * this.limits.windowMs) this.strikes = 0;
    this.windowStart = now;
    this.used = 0;
    this.struck = false;
  }
}
