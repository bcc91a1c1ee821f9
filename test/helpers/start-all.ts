/** Something a test starts and must stop again. */
interface Stoppable {
  stop(): Promise<unknown> | void;
}

/**
 * Awaits every start together; when one fails, stops the ones that started (a failed `beforeAll`
 * would otherwise leave them running for the rest of the run) and rethrows the first failure.
 */
export async function startAll<T extends readonly Promise<Stoppable>[]>(starts: readonly [...T]): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(starts);
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (!failure) return settled.map((result) => (result as PromiseFulfilledResult<Stoppable>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
  await Promise.all(settled.map((result) => (result.status === "fulfilled" ? result.value.stop() : undefined)));
  throw failure.reason;
}
