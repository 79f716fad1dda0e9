/** Races a promise against a timer; the loser keeps running, so callers must tolerate late work. */
export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** `timeoutError` builds the rejection (a caller's own named error); TimeoutError by default. */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  timeoutError: (ms: number) => Error = (n) => new TimeoutError(n),
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // A late rejection must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(ms)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
