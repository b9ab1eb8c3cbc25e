/**
 * Sends per-item settings changes in parts no larger than one request holds, one after the other, so a
 * selection of any size can be saved; each part is its own settings version. On a failure (a conflict)
 * it stops: the parts before stay saved and the changes not saved yet are handed back, so "apply mine
 * again" can continue from there.
 */
import type { SettingsItemChangeView } from '../api-types';

export interface PartsOutcome<T> {
  /** The answer to the last part that was saved. */
  last?: T;
  /** How many changes were saved. */
  saved: number;
  /** The changes not saved (from the part that failed on); empty when all were. */
  rest: SettingsItemChangeView[];
  error?: unknown;
}

export async function sendInParts<T>(
  changes: readonly SettingsItemChangeView[],
  partSize: number,
  send: (part: SettingsItemChangeView[]) => Promise<T>,
  onProgress?: (saved: number) => void,
): Promise<PartsOutcome<T>> {
  let last: T | undefined;
  let saved = 0;
  while (saved < changes.length) {
    const part = changes.slice(saved, saved + partSize);
    try {
      last = await send(part);
    } catch (error) {
      return { last, saved, rest: changes.slice(saved), error };
    }
    saved += part.length;
    onProgress?.(saved);
  }
  return { last, saved, rest: [] };
}
