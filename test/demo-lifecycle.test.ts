import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { startDemo, type DemoServer } from "./helpers/demo-server";

const LAPTOP_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
const PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
/** The demo's sudo window in this test (SUDO_SECONDS): short, so the test can outwait it in real time. */
const SUDO_SECONDS = 1;

/** A browser stand-in: one cookie, one User-Agent, form posts from the demo's origin. */
function browser(server: DemoServer, userAgent: string) {
  let cookie = "";
  const send = async (path: string, form?: Record<string, string>) => {
    const headers: Record<string, string> = { "user-agent": userAgent, origin: server.url };
    if (cookie) headers.cookie = cookie;
    if (form) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(`${server.url}${path}`, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers,
      body: form ? new URLSearchParams(form) : undefined,
    });
    const set = response.headers.getSetCookie().find((line) => line.startsWith("sid="));
    if (set) cookie = /Max-Age=0/i.test(set) ? "" : set.split(";")[0]!;
    return { status: response.status, location: response.headers.get("location"), text: await response.text() };
  };
  return { send, signedIn: async () => !(await send("/")).text.includes("Not signed in") };
}

describe("demo: devices on 'your sessions' and sudo mode before 'sign out everywhere else'", () => {
  let demo: DemoServer;
  let cwd: string;
  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), "sessionkit-demo-lifecycle-"));
    demo = await startDemo({ cwd, env: { SESSION_SECRET: "demo-lifecycle-secret-0123456789abcdef", SUDO_SECONDS: String(SUDO_SECONDS) } });
  });
  afterAll(async () => {
    await demo?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it("shows each session's device and last seen, recorded at sign-in", async () => {
    const laptop = browser(demo, LAPTOP_UA);
    const phone = browser(demo, PHONE_UA);
    expect((await laptop.send("/signin", { name: "Grace" })).status).toBe(303);
    expect((await phone.send("/signin", { name: "grace" })).status).toBe(303);
    const { text } = await laptop.send("/sessions");
    const devices = [...text.matchAll(/<td class="device">([^<]*)<\/td>/g)].map((match) => match[1]);
    expect(devices.sort()).toEqual(["Firefox on Linux", "Safari on iOS"]);
    expect(text).toContain("<th>Last seen</th>");
    expect(text.match(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/g)!.length).toBe(4); // started + last seen, per session
  });

  it("signs out the other sessions at once right after sign-in, but asks for the sign-in again once it is older", async () => {
    // It answered 500 once in a loaded full run: say what the demo printed.
    onTestFailed(() => console.error(`demo output (last 3000 characters):\n${demo.output().slice(-3000)}`));
    const laptop = browser(demo, LAPTOP_UA);
    const phone = browser(demo, PHONE_UA);
    await laptop.send("/signin", { name: "Ada" });
    await phone.send("/signin", { name: "ada" });

    // Fresh sign-in: inside the sudo window.
    const now = await laptop.send("/sessions/revoke-others", {});
    expect(now).toMatchObject({ status: 303, location: "/sessions" });
    expect(await phone.signedIn()).toBe(false);

    await phone.send("/signin", { name: "Ada" });
    await new Promise((resolve) => setTimeout(resolve, SUDO_SECONDS * 1000 + 200));
    const asked = await laptop.send("/sessions/revoke-others", {});
    expect(asked.status).toBe(401);
    expect(asked.text).toContain("Confirm it's you");
    expect(await phone.signedIn()).toBe(true);

    const wrong = await laptop.send("/sessions/revoke-others", { name: "Eve" });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("That is not the name you signed in with.");
    expect(await phone.signedIn()).toBe(true);

    const confirmed = await laptop.send("/sessions/revoke-others", { name: "ADA" });
    expect(confirmed).toMatchObject({ status: 303, location: "/sessions" });
    expect(await phone.signedIn()).toBe(false);
    expect((await laptop.send("/sessions")).text).toContain("Signed out 1 other session.");
    expect(await laptop.signedIn()).toBe(true);
  });
});
