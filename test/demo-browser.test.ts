import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium, screenshot, warnNoBrowser } from "./helpers/browser";
import { startDemo, type DemoServer } from "./helpers/demo-server";

if (!CHROMIUM) warnNoBrowser();

/** Waits for the page to satisfy `check` (evaluated in the page), up to 15 s. */
const until = (page: Page, check: string) => page.waitForFunction(check, undefined, { timeout: 15_000, polling: 50 });
const cartCount = (page: Page) => page.locator("#cart-count").innerText();

describe.skipIf(!CHROMIUM)("the demo in a real browser (Chromium)", { timeout: 60_000 }, () => {
  let dir: string;
  let demo: DemoServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    contexts.push(context);
    return context;
  };
  const sid = async (context: BrowserContext) => (await context.cookies(demo.url)).find((cookie) => cookie.name === "sid");
  const signIn = async (page: Page, name: string, remember = false) => {
    await page.goto(demo.url);
    await page.fill('input[name="name"]', name);
    if (remember) await page.check('input[name="remember"]');
    await page.click('form[action="/signin"] button');
    await page.waitForSelector("#user"); // the signed-in page, not the form page before it
  };

  beforeAll(async () => {
    // No SESSION_STORAGE, no SESSION_SECRET: exactly what `npm start` does on a fresh clone.
    dir = mkdtempSync(join(tmpdir(), "sessionkit-demo-"));
    demo = await startDemo({ cwd: dir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await demo?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("starts with the embedded file storage and says which storage and secret it uses", () => {
    expect(demo.output()).toContain(`sessionkit demo: ${demo.url}`);
    expect(demo.output()).toContain("storage: file:./.data/sessions");
    expect(demo.output()).toMatch(/SESSION_SECRET is not set: using a development secret/);
  });

  it("keeps the anonymous cart in an HttpOnly cookie that survives a reload and a server restart", async () => {
    const page = await (await newContext()).newPage();
    await page.goto(demo.url);
    await screenshot(page, "01-shop-empty");
    await page.click('[data-add="tea"]');
    await page.click('[data-add="mug"]');
    await page.click('[data-add="tea"]');
    await until(page, 'document.getElementById("cart-count")?.textContent === "3"');

    const cookie = await sid(page.context());
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(await page.evaluate(() => document.cookie)).not.toContain(cookie!.value);
    expect(await page.evaluate(() => document.cookie)).not.toContain("sid=");

    await page.reload();
    expect(await cartCount(page)).toBe("3");
    await demo.restart(); // fs storage and the development secret are both on disk
    await page.reload();
    expect(await cartCount(page)).toBe("3");
    await expect(page.locator('#cart-lines li[data-product="tea"]').innerText()).resolves.toContain("2 × Green tea");
    await screenshot(page, "02-shop-cart-after-restart");
  });

  it("signs in with a new cookie value, keeps the cart, flashes once, and remembers for 30 days on request", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(demo.url);
    for (const product of ["socks", "tea", "tea"]) await page.click(`[data-add="${product}"]`);
    await until(page, 'document.getElementById("cart-count")?.textContent === "3"');
    const before = (await sid(context))!;

    await signIn(page, "Ada Lovelace", true);
    const after = (await sid(context))!;
    expect(after.value).not.toBe(before.value);
    expect(after.expires).toBeGreaterThan(Date.now() / 1000 + 29 * 24 * 3600); // remember me: 30 days
    await expect(page.locator("#notice").innerText()).resolves.toBe("Welcome, Ada Lovelace! Your cart came with you.");
    await expect(page.locator("#user").innerText()).resolves.toBe("Ada Lovelace");
    expect(await cartCount(page)).toBe("3");
    await screenshot(page, "03-signed-in");

    await page.reload();
    expect(await page.locator("#notice").count()).toBe(0); // a flash shows once
  });

  it("escapes a hostile name everywhere, and without 'remember me' the cookie ends with the browser", async () => {
    const context = await newContext();
    const page = await context.newPage();
    const name = '<img src=x onerror="window.pwned=1">Eve';
    await signIn(page, name);
    expect((await sid(context))!.expires).toBe(-1);
    await expect(page.locator("#notice").innerText()).resolves.toContain(`Welcome, ${name}!`);
    await expect(page.locator("#user").innerText()).resolves.toBe(name);
    await page.goto(`${demo.url}/sessions`);
    await screenshot(page, "04-hostile-name-as-text");
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  });

  it("signs out: the cookie is cleared and the page says so", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await signIn(page, "Linus");
    expect(await sid(context)).toBeDefined();
    await page.click('form[action="/signout"] button');
    await page.waitForURL(/signed-out/);
    expect(await sid(context)).toBeUndefined();
    await expect(page.locator("#notice").innerText()).resolves.toContain("You are signed out");
    await expect(page.locator(".who").innerText()).resolves.toContain("Not signed in");
    await screenshot(page, "05-signed-out");
  });

  it("per-tab mode: two tabs keep separate carts, each survives a reload, and no cookie is set", async () => {
    const context = await newContext();
    const [one, two] = [await context.newPage(), await context.newPage()];
    for (const page of [one, two]) {
      await page.goto(`${demo.url}/tab`);
      await until(page, 'document.getElementById("tab-cart").dataset.ready === "true"');
    }
    await one.click('[data-add="tea"]');
    await until(one, 'document.getElementById("cart-count").textContent === "1"');
    await one.click('[data-add="tea"]');
    await until(one, 'document.getElementById("cart-count").textContent === "2"');
    await two.click('[data-add="notebook"]');
    await until(two, 'document.getElementById("cart-count").textContent === "1"');

    for (const page of [one, two]) {
      await page.reload();
      await until(page, 'document.getElementById("tab-cart").dataset.ready === "true"');
    }
    await expect(one.locator("#cart-lines").innerText()).resolves.toBe("2 × Green tea");
    await expect(two.locator("#cart-lines").innerText()).resolves.toBe("1 × Dot notebook");
    const [first, second] = await Promise.all([one.locator("#tab-session").innerText(), two.locator("#tab-session").innerText()]);
    expect(first).not.toBe(second);
    expect(await sid(context)).toBeUndefined(); // the token lives in sessionStorage, not in a cookie
    expect(await one.evaluate(() => sessionStorage.getItem("sessionkit:token"))).toBeTruthy();
    await screenshot(one, "06-tab-one");
    await screenshot(two, "07-tab-two");
  });

  it("live: a change in one tab shows in the other within a second, without a reload", async () => {
    const context = await newContext();
    const [writer, watcher] = [await context.newPage(), await context.newPage()];
    await writer.goto(demo.url);
    await writer.click('[data-add="mug"]'); // the session exists from here
    await until(writer, 'document.getElementById("cart-count")?.textContent === "1"');
    await watcher.goto(demo.url);
    await until(watcher, 'document.body.dataset.live === "ready"');
    await watcher.evaluate(() => ((window as { marker?: number }).marker = 1)); // gone if the page reloads
    await until(watcher, 'document.getElementById("cart-count")?.textContent === "1"');

    await writer.click('[data-add="notebook"]');
    await until(watcher, 'document.getElementById("cart-count").textContent === "2"');
    await writer.click('[data-add="notebook"]');
    await until(watcher, 'document.getElementById("cart-count").textContent === "3"');
    expect(await watcher.evaluate(() => (window as { marker?: number }).marker)).toBe(1);
    await screenshot(watcher, "08-live-watcher");
  });

  it("fits a 390 × 844 phone screen: no page scrolls sideways, signed out or in", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    contexts.push(context);
    const page = await context.newPage();
    const width = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
    const widths: Record<string, number> = {};
    await page.goto(demo.url);
    await page.click('[data-add="tea"]');
    await until(page, 'document.getElementById("cart-count")?.textContent === "1"');
    widths["/"] = await width();
    await screenshot(page, "12-phone-shop");
    await page.goto(`${demo.url}/tab`);
    await until(page, 'document.getElementById("tab-cart").dataset.ready === "true"');
    widths["/tab"] = await width();
    await signIn(page, "Ada Lovelace-Byron of Ockham");
    widths["/ signed in"] = await width();
    await screenshot(page, "13-phone-signed-in");
    await page.goto(`${demo.url}/sessions`);
    widths["/sessions"] = await width();
    await screenshot(page, "14-phone-sessions");
    expect(widths).toEqual({ "/": 390, "/tab": 390, "/ signed in": 390, "/sessions": 390 });
  });

  it("'sign out everywhere else' ends another browser's session, live, and keeps this one", async () => {
    const laptop = await (await newContext()).newPage();
    const phone = await (await newContext()).newPage();
    await signIn(laptop, "Margaret");
    await signIn(phone, "margaret"); // the same user: names are matched without case
    await phone.goto(demo.url);
    await until(phone, 'document.body.dataset.live === "ready"');

    await laptop.goto(`${demo.url}/sessions`);
    await expect(laptop.locator("#session-count").innerText()).resolves.toBe("2");
    await expect(laptop.locator("tbody tr .badge").innerText()).resolves.toBe("this browser");
    await screenshot(laptop, "09-sessions");

    await laptop.click("#revoke-others");
    await laptop.waitForSelector("#notice");
    await expect(laptop.locator("#notice").innerText()).resolves.toContain("Signed out 1 other session.");
    await expect(laptop.locator("#session-count").innerText()).resolves.toBe("1");
    await screenshot(laptop, "10-sessions-after-revoke");

    await phone.evaluate(() => ((window as { marker?: number }).marker = 1)); // gone if the page reloads
    await until(phone, '!document.getElementById("ended").hidden'); // told at once, over the event stream
    await until(phone, 'document.getElementById("who").textContent.includes("Not signed in")'); // no "Signed in" left behind
    expect(await phone.evaluate(() => (window as { marker?: number }).marker)).toBe(1);
    expect(await phone.locator("#user").count()).toBe(0);
    await screenshot(phone, "11-revoked-live");
    await phone.reload();
    await expect(phone.locator(".who").innerText()).resolves.toContain("Not signed in");
    await laptop.goto(demo.url);
    await expect(laptop.locator("#user").innerText()).resolves.toBe("Margaret");
  });
});
