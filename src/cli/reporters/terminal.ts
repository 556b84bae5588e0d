/**
 * What the terminal allows: live redraws, raw-mode keys and spinners only on a real terminal,
 * never in CI or on TERM=dumb, so piped output stays plain and machine-readable.
 */

/** CI is set to something other than an explicit "false"/"0". */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** True when stdout (and stdin, for keys) are terminals, outside CI, and TERM is not dumb. */
export function isInteractive(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.stdout.isTTY === true && process.stdin.isTTY === true && !inCi(env) && env['TERM'] !== 'dumb';
}

export interface Spinner {
  /** Stops and clears the spinner (a no-op when it never showed). */
  stop(): void;
}

const NO_SPINNER: Spinner = { stop: () => undefined };

/**
 * A spinner on stderr for a wait that may be long. It appears only after `delayMs` (so fast
 * commands never flash one) and only when stderr is a terminal outside CI; stdout is untouched.
 * ora is imported only when the spinner is due.
 */
export function startSpinner(text: string, delayMs = 100): Spinner {
  if (process.stderr.isTTY !== true || inCi() || process.env['TERM'] === 'dumb') return NO_SPINNER;
  let stopped = false;
  let spinner: { stop(): unknown } | undefined;
  const timer = setTimeout(() => {
    void import('ora').then(({ default: ora }) => {
      if (stopped) return;
      spinner = ora({ text, stream: process.stderr, discardStdin: false }).start();
    });
  }, delayMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      spinner?.stop();
    },
  };
}

/** Runs `work` with a spinner (after the usual delay, on a TTY only) and stops it however it ends. */
export async function withSpinner<T>(text: string, work: () => Promise<T>): Promise<T> {
  const spinner = startSpinner(text);
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}
