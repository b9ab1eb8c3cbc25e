/**
 * Waits for an element to be drawn: a grid read again draws its rows anew once their page answers,
 * so what was there before (the row's button, the scroll height) is back only some time later.
 */

/** How long to wait for the rows of a grid read again before giving up. */
const WAIT_MS = 15_000;

/**
 * Calls `act` with what `find` finds under `root`, now or as soon as the DOM under it changes so that
 * it is there (within WAIT_MS). Returns a cancel.
 */
export function whenShown<E>(root: HTMLElement | null, find: () => E | null | undefined, act: (found: E) => void): () => void {
  const now = find();
  if (now) {
    act(now);
    return () => undefined;
  }
  if (!root) return () => undefined;
  const observer = new MutationObserver(() => {
    const found = find();
    if (!found) return;
    stop();
    act(found);
  });
  const timer = setTimeout(() => stop(), WAIT_MS);
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
  };
  // The grid sets its rows' height and position in style attributes; its rows come and go as children.
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['style'] });
  return stop;
}
