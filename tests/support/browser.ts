/**
 * Headless Chromium for the tab's browser tests: where it is, the flags that keep it from reaching
 * the network, and a failure that says how to install it - the browser tests are part of the
 * product's suite, not an optional extra.
 */
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags that keep Chromium from phoning home (updates, sync, QUIC probes) and let it run as root in CI.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Throws with the install instruction when there is no Chromium at CHROMIUM. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. Install it with \`sudo apt-get install chromium\` ` +
        '(Debian/Ubuntu), or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
  }
}
