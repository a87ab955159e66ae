/**
 * Login attempts in flight, per account. Slowing logins by the failures already stored
 * is not enough: attempts sent in parallel all read the same count before any of them
 * fails. Here each attempt takes the next slot of its account: it counts the attempts
 * still in flight as failures-to-be, and answers no sooner than the previous attempt's
 * answer plus its own delay — so 50 guesses at once take as long as 50 in a row.
 * Per process; several instances each keep their own (docs/security.md).
 */
export class LoginThrottle {
  readonly #accounts = new Map<string, { inFlight: number; lastAnswerAt: number }>();

  /** Attempts the queue of one account may hold before further ones are turned away. */
  constructor(readonly maxWaitMs = 60_000) {}

  /**
   * Takes a slot for an attempt on `key` starting at `now` (ms, monotonic). `delayFor`
   * gives the attempt's own delay from how many attempts are ahead of it in flight.
   * Returns when it may answer and a release to call once it has, or null when the
   * account's queue is already longer than {@link maxWaitMs}.
   */
  enter(key: string, now: number, delayFor: (inFlightAhead: number) => number): { answerAt: number; release: () => void } | null {
    const account = this.#accounts.get(key) ?? { inFlight: 0, lastAnswerAt: 0 };
    const answerAt = Math.max(now, account.lastAnswerAt) + delayFor(account.inFlight);
    if (account.inFlight > 0 && answerAt - now > this.maxWaitMs) return null;
    account.inFlight += 1;
    account.lastAnswerAt = answerAt;
    this.#accounts.set(key, account);
    let released = false;
    return {
      answerAt,
      release: () => {
        if (released) return;
        released = true;
        account.inFlight -= 1;
        if (account.inFlight === 0) this.#accounts.delete(key);
      },
    };
  }

  /** Accounts with attempts in flight (for tests). */
  get size(): number {
    return this.#accounts.size;
  }
}
