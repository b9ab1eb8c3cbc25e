/**
 * Which waves a list shows when a plan has more than fit: the Overview's timeline list and progress
 * chart, the Coexistence page's per-wave files. Dates are yyyy-mm-dd; waves are in date order.
 */

/**
 * The waves a list or chart names: up to `most` from the next cutover on (the last ones when every wave
 * is past), so it stays a few lines long for any plan. `before`: how many of the waves just past come
 * first (a progress chart shows the last cutovers too).
 */
export function wavesToList<T extends { date: string }>(waves: readonly T[], today: string, most: number, before = 0): T[] {
  if (waves.length <= most) return [...waves];
  const nextIndex = waves.findIndex((w) => w.date >= today);
  const start = nextIndex === -1 ? waves.length - most : Math.max(0, Math.min(nextIndex - before, waves.length - most));
  return waves.slice(start, start + most);
}

/** Up to `most` waves from the one numbered `first` (the last `most` when it is near the end). */
export function wavesFrom<T extends { number: number }>(waves: readonly T[], first: number, most: number): T[] {
  const index = Math.max(0, waves.findIndex((w) => w.number === first));
  const start = Math.max(0, Math.min(index, waves.length - most));
  return waves.slice(start, start + most);
}
