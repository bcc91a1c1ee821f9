import type { StandardSchemaV1 } from "./standard-schema";
import type { SessionContext } from "./context";
import { SessionValidationError, summarizeIssues } from "./errors";
import { plain } from "./record";
import type { SessionData } from "./types";

/** The outcome of validating session data. */
export type SchemaResult = { ok: true; value: SessionData } | { ok: false; issues: ReadonlyArray<StandardSchemaV1.Issue> };

/** Validates `data` with any Standard Schema (sync or async). Without a schema, passes it through. */
export function validate(schema: StandardSchemaV1 | undefined, data: SessionData): SchemaResult | Promise<SchemaResult> {
  if (!schema) return { ok: true, value: data };
  const result = schema["~standard"].validate(data);
  return result instanceof Promise ? result.then(toResult) : toResult(result);
}

/**
 * Checks the data a commit is about to store. sessionkit stores (and `get` returns) the data
 * as the app set it — the schema's *input* — so that the next load can check it again whatever
 * the schema transforms; the schema's output only tells which keys it knows. Keys it does not
 * know are dropped before storing and reported (`unknown-keys`, names only). Throws
 * `SessionValidationError` (no values in it) when the data does not fit.
 */
export async function checkWrite(ctx: SessionContext, data: SessionData): Promise<SessionData> {
  if (!ctx.schema) return data;
  const checked = await validate(ctx.schema, data);
  if (!checked.ok) throw new SessionValidationError(checked.issues);
  const unknown = Object.keys(data).filter((key) => !Object.hasOwn(checked.value, key));
  if (unknown.length === 0) return data;
  ctx.emit({ type: "unknown-keys", keys: unknown });
  const kept = plain(data);
  for (const key of unknown) delete kept[key];
  return kept;
}

/** What checking stored data gave: the data to use (migrated if it had to be), or the issues. */
export type StoredCheck = { ok: true; data: SessionData; migrated: boolean } | { ok: false; issues: string };

/**
 * Checks stored data against the schema on load. Data that fails — or that carries keys the
 * schema no longer knows (a field renamed or split: valibot's `object` passes them and strips
 * them) — is handed to `migrate` (if configured) and checked again; migrated data is written
 * back on this request's commit. Data that fails and cannot be migrated is given up; data
 * that only has unknown keys is kept as it is when the migration does not produce data that
 * fits (the next write drops those keys, see {@link checkWrite}).
 */
export async function checkStored(ctx: SessionContext, data: SessionData): Promise<StoredCheck> {
  const checked = await validate(ctx.schema, data);
  if (checked.ok && (!ctx.migrate || knowsEveryKey(checked.value, data))) return { ok: true, data, migrated: false };
  if (ctx.migrate) {
    let migrated: unknown;
    try {
      migrated = ctx.migrate({ ...data });
    } catch {
      migrated = undefined; // a migration that throws gives the data up, as a mismatch
    }
    if (isData(migrated)) {
      const again = await validate(ctx.schema, migrated);
      if (again.ok) return { ok: true, data: plain(migrated), migrated: true };
    }
  }
  if (checked.ok) return { ok: true, data, migrated: false };
  return { ok: false, issues: summarizeIssues(checked.issues) };
}

/** Whether the schema's output kept every key of the data (no key it does not know). */
function knowsEveryKey(output: SessionData, data: SessionData): boolean {
  for (const key of Object.keys(data)) if (!Object.hasOwn(output, key)) return false;
  return true;
}

function isData(value: unknown): value is SessionData {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toResult(result: StandardSchemaV1.Result<unknown>): SchemaResult {
  // Check `issues`, never `value`: some validators return a value with their failures.
  if (result.issues) return { ok: false, issues: result.issues };
  const value = result.value;
  if (!isData(value)) return { ok: false, issues: [{ message: "the schema must describe an object" }] };
  return { ok: true, value: value as SessionData };
}
