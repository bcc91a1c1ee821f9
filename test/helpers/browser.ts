import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium, or `CHROMIUM_PATH`; `undefined` when neither exists. */
export const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((path) => path && existsSync(path));

/** Where the tests' screenshots go (gitignored). */
export const SCREENSHOTS = join(process.cwd(), "test-results", "screenshots");

/** Launches headless Chromium with the flags it needs as root in a container, on loopback only. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Says loudly that browser tests are skipped, and why. */
export function warnNoBrowser(): void {
  console.warn(
    "\n" + "!".repeat(78) + "\n!! No Chromium at /usr/bin/chromium (or CHROMIUM_PATH): the demo's BROWSER TESTS ARE SKIPPED.\n" +
      "!! Install it (apt-get install chromium). .ci/run installs it.\n" + "!".repeat(78) + "\n",
  );
}
