import type { StandardSchemaV1 } from "./standard-schema";
import type { SessionData } from "./types";

/** The outcome of validating session data. */
export type SchemaResult = { ok: true; value: SessionData } | { ok: false; issues: ReadonlyArray<StandardSchemaV1.Issue> };

/** Validates `data` with any Standard Schema (sync or async). Without a schema, passes it through. */
export function validate(schema: StandardSchemaV1 | undefined, data: SessionData): SchemaResult | Promise<SchemaResult> {
  if (!schema) return { ok: true, value: data };
  const result = schema["~standard"].validate(data);
  return result instanceof Promise ? result.then(toResult) : toResult(result);
}

function toResult(result: StandardSchemaV1.Result<unknown>): SchemaResult {
  // Check `issues`, never `value`: some validators return a value with their failures.
  if (result.issues) return { ok: false, issues: result.issues };
  const value = result.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, issues: [{ message: "the schema must describe an object" }] };
  }
  return { ok: true, value: value as SessionData };
}
