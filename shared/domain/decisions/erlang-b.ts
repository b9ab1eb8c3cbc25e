/**
 * Erlang B: the probability that a call finds every channel busy, and the channels needed to keep it
 * at or under a grade of service. The recursive form is used because it is numerically stable for
 * thousands of channels, where the factorial formula overflows.
 */

/** B(A, N): blocking probability for `erlangs` offered traffic on `channels` channels. */
export function erlangB(erlangs: number, channels: number): number {
  if (!(erlangs >= 0) || !Number.isFinite(erlangs)) throw new RangeError(`traffic must be a finite number >= 0, got ${erlangs}`);
  if (!Number.isInteger(channels) || channels < 0) throw new RangeError(`channels must be an integer >= 0, got ${channels}`);
  let b = 1;
  for (let m = 1; m <= channels; m++) b = (erlangs * b) / (m + erlangs * b);
  return b;
}

/**
 * The smallest number of channels whose blocking is at or under `gradeOfService` (e.g. 0.01): the figure
 * for an SBC's -MaxConcurrentSessions. No traffic needs no channel.
 */
export function channelsFor(erlangs: number, gradeOfService: number): number {
  if (!(erlangs >= 0) || !Number.isFinite(erlangs)) throw new RangeError(`traffic must be a finite number >= 0, got ${erlangs}`);
  if (!(gradeOfService > 0 && gradeOfService < 1)) throw new RangeError(`grade of service must be between 0 and 1, got ${gradeOfService}`);
  if (erlangs === 0) return 0;
  let b = 1;
  let m = 0;
  // Blocking falls monotonically with m and reaches any GoS > 0 within a few times A + a constant.
  while (b > gradeOfService) {
    m++;
    b = (erlangs * b) / (m + erlangs * b);
  }
  return m;
}
