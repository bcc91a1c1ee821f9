/**
 * Polls `check` every 20 ms until it holds; past `timeoutMs` it throws "timed out waiting for
 * <what>" (`what` may be a function, to describe the state at the moment of failure).
 */
export async function eventually(what: string | (() => string), check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === "function" ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
