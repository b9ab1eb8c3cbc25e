/** Driving a Fluent combobox in a real browser: the site filters and the Plan's pin pickers. */
import type { Locator, Page } from 'playwright-core';

/**
 * Types into the combobox and clicks the first option whose name starts with `name`, then waits for
 * the list to close with a value shown.
 */
export async function pick(page: Page, input: Locator, typed: string, name: string): Promise<void> {
  // A click opens the list (typing keys would too; fill() sends none).
  await input.click();
  await input.fill(typed);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const option = page.getByRole('option', { name: new RegExp(`^${escaped}`) }).first();
  await option.waitFor({ timeout: 15_000 });
  await option.click();
  await page.waitForFunction((el) => (el as HTMLInputElement).value !== '' && (el as HTMLElement).getAttribute('aria-expanded') !== 'true', await input.elementHandle(), { timeout: 15_000 });
}
