import inspector from "node:inspector";

/**
 * Runs `fn` with the debugger set to pause on every exception, caught or not, and returns how
 * many were thrown meanwhile (with the script of the top frame of each). The debugger is this
 * process's own inspector session, so nothing else is needed; it is resumed at once each time.
 */
export async function countThrows<T>(fn: () => Promise<T>): Promise<{ value: T; throws: string[] }> {
  const session = new inspector.Session();
  session.connect();
  const throws: string[] = [];
  session.on("Debugger.paused", (message) => {
    const { reason, callFrames } = message.params;
    if (reason === "exception" || reason === "promiseRejection") throws.push(callFrames[0]?.url || "(native)");
    session.post("Debugger.resume");
  });
  session.post("Debugger.enable");
  session.post("Debugger.setPauseOnExceptions", { state: "all" });
  try {
    return { value: await fn(), throws };
  } finally {
    session.post("Debugger.setPauseOnExceptions", { state: "none" });
    session.post("Debugger.disable");
    session.disconnect();
  }
}
