// The Cookie header reader through the public surface: the right cookie among look-alikes, and
// hostile headers of empty segments (16 KB, 128 KB) read in one pass (see bench: cookie parsing).
import { describe, expect, it } from "vitest";
import { defineSessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

describe("Cookie header reading", async () => {
  const agent = createAgent(defineSessions({ secrets: SECRET }));
  await agent.request((s) => s.set("user", "alice"));
  const token = agent.jar.get("sid")!;
  const read = async (cookie: string) => (await agent.request(async (s) => s.get("user"), { cookie })).value;

  it("finds the session cookie among look-alike names, quoted values and whitespace", async () => {
    expect(await read(`sidx=1; xsid=2; sid=${token}`)).toBe("alice");
    expect(await read(`a=1;sid=${token};b=2`)).toBe("alice");
    expect(await read(`a=1;   \tsid="${token}"`)).toBe("alice");
    expect(await read(`sid`)).toBeUndefined();
    expect(await read(`sid;=${token}`)).toBeUndefined();
    expect(await read(`si=${token}`)).toBeUndefined();
    expect(await read(`sid =${token}`)).toBeUndefined();
  });

  it("takes the first of two session cookies, as browsers send the most specific path first", async () => {
    expect(await read(`sid=${token}; sid=garbage`)).toBe("alice");
    expect(await read(`sid=garbage; sid=${token}`)).toBeUndefined();
  });

  it.each([16 * 1024, 128 * 1024])("reads past %i bytes of empty segments and spaces", async (size) => {
    expect(await read(`${";".repeat(size)}sid=${token}`)).toBe("alice");
    expect(await read(`${"; ".repeat(size / 2)}sid=${token}`)).toBe("alice");
    expect(await read(`${"a=;".repeat(size / 3)}sid=${token}`)).toBe("alice");
  });
});
