// Part (b) of `npm run stress`: the memory store under a million sessions, through the real
// createSessionHandler → set → commit path. Needs `node --expose-gc`.
import { defineSessions } from "sessionkit";

const SECRET = "stress-secret-stress-secret-stress-secret";
const IDLE_SECONDS = 3600;
const MiB = 1024 * 1024;

/** Heap in use after a full collection, in MiB. */
function settledHeap() {
  if (typeof globalThis.gc !== "function") throw new Error("run node with --expose-gc");
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed / MiB;
}

/** A toolkit on `storage` whose clock the caller moves. */
function clocked(storage) {
  const clock = { ms: Date.now() };
  const sessions = defineSessions({ secrets: SECRET, storage, idleTimeout: IDLE_SECONDS, now: () => clock.ms });
  return { sessions, clock };
}

/**
 * Creates `total` sessions in batches of `batch` concurrent requests, each `set("n", i)` and
 * committed; returns the tokens of the first and last one and the highest heap seen (unsettled).
 */
async function createMany(sessions, total, batch) {
  let first;
  let last;
  let peakSampled = 0;
  for (let start = 0; start < total; start += batch) {
    const size = Math.min(batch, total - start);
    const tokens = await Promise.all(
      Array.from({ length: size }, async (_, offset) => {
        const { session, commit } = sessions.createSessionHandler(new Request("http://127.0.0.1/"));
        session.set("n", start + offset);
        const response = await commit(new Response("ok"));
        const line = response.headers.getSetCookie()[0];
        if (!line?.startsWith("sid=")) throw new Error("a new session got no cookie");
        return line.slice(4, line.indexOf(";"));
      }),
    );
    first ??= tokens[0];
    last = tokens[tokens.length - 1];
    peakSampled = Math.max(peakSampled, process.memoryUsage().heapUsed / MiB);
  }
  return { first, last, peakSampled };
}

/** `get("n")` of the session a token names, as a fresh request sees it. */
async function readN(sessions, token) {
  const { session } = sessions.createSessionHandler(new Request("http://127.0.0.1/", { headers: { cookie: `sid=${token}` } }));
  return session.get("n");
}

/**
 * 1,000,000 sessions created, expired (the injected clock moved past idleTimeout) and swept:
 * the settled heap must come back within 10 % of where it started (after a warm-up round, so
 * the baseline already holds the compiled code).
 */
export async function sweepMillion({ total = 1_000_000, batch = 10_000 } = {}) {
  const { sessions, clock } = clocked(`memory:?max=${total * 2}`);
  await createMany(sessions, 10_000, batch); // warm-up
  clock.ms += (IDLE_SECONDS + 1) * 1000;
  await sessions.sweep();
  const before = settledHeap();
  const started = performance.now();
  const { first, last, peakSampled } = await createMany(sessions, total, batch);
  const createSeconds = (performance.now() - started) / 1000;
  const held = settledHeap();
  const readable = (await readN(sessions, first)) === 0 && (await readN(sessions, last)) === total - 1;
  clock.ms += (IDLE_SECONDS + 1) * 1000;
  const sweepStarted = performance.now();
  const swept = await sessions.sweep();
  const sweepSeconds = (performance.now() - sweepStarted) / 1000;
  const goneAfter = (await readN(sessions, last)) === undefined;
  const after = settledHeap();
  await sessions.close();
  return {
    sessions: total,
    createSeconds: round(createSeconds, 1),
    commitsPerSec: Math.round(total / createSeconds),
    heapBeforeMiB: round(before),
    heapPeakMiB: round(Math.max(peakSampled, held)),
    heapHeldMiB: round(held),
    bytesPerSession: Math.round(((held - before) * MiB) / total),
    swept,
    sweepSeconds: round(sweepSeconds, 2),
    heapAfterMiB: round(after),
    afterVsBefore: round(after / before, 3),
    withinTenPercent: after <= before * 1.1,
    readableBeforeExpiry: readable,
    goneAfterSweep: goneAfter,
  };
}

/**
 * 4 × `max` sessions into `memory:?max=…`: the store keeps at most `max` records (the oldest
 * evicted, the newest readable) and the heap stops growing once it is full.
 */
export async function lruBound({ max = 50_000, total = 200_000, batch = 10_000 } = {}) {
  const { sessions, clock } = clocked(`memory:?max=${max}`);
  const before = settledHeap();
  const full = await createMany(sessions, max, batch);
  const heapAtMax = settledHeap();
  const rest = await createMany(sessions, total - max, batch);
  const heapAtTotal = settledHeap();
  const oldestEvicted = (await readN(sessions, full.first)) === undefined;
  const newestKept = (await readN(sessions, rest.last)) === total - max - 1;
  clock.ms += (IDLE_SECONDS + 1) * 1000;
  const records = await sessions.sweep(); // everything is expired now: sweep counts what was held
  await sessions.close();
  return {
    max,
    created: total,
    recordsHeld: records,
    heapBeforeMiB: round(before),
    heapAtMaxMiB: round(heapAtMax),
    heapAtTotalMiB: round(heapAtTotal),
    growthAfterFullPercent: round(((heapAtTotal - heapAtMax) / (heapAtMax - before)) * 100, 1),
    oldestEvicted,
    newestKept,
    bounded: records <= max && oldestEvicted && newestKept,
  };
}

function round(value, digits = 1) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
