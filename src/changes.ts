import { assignOwn, plain, setOwn } from "./record";
import type { SessionData } from "./types";

/** One recorded write of a request; replayed onto the freshest record at commit. */
export type Change =
  | { op: "set"; key: string; value: unknown }
  | { op: "unset"; key: string }
  | { op: "update"; key: string; fn: (current: any) => unknown }
  | { op: "flash"; key: string; value: unknown }
  | { op: "consume"; key: string }
  | { op: "clear" };

/** Data and flash of a session as the changes see them: copies in which every key is a plain own key (see record.ts `plain`). */
export interface SessionView {
  data: SessionData;
  flash: SessionData;
}

/**
 * Applies one change to a view in place and returns the data key it touched (for change
 * notifications), or `"*"` for `clear`.
 */
export function applyChange(view: SessionView, change: Change): string {
  switch (change.op) {
    case "set":
      assignOwn(view.data, change.key, change.value);
      return change.key;
    case "unset":
      delete view.data[change.key];
      return change.key;
    case "update":
      assignOwn(view.data, change.key, change.fn(own(view.data, change.key)));
      return change.key;
    case "flash":
      setOwn(view.flash, change.key, change.value);
      return change.key;
    case "consume":
      delete view.flash[change.key];
      return change.key;
    case "clear":
      view.data = plain(undefined);
      view.flash = plain(undefined);
      return "*";
  }
}

/** A copy of data and flash that changes may mutate. */
export function copyView(data: SessionData | undefined, flash: SessionData | undefined): SessionView {
  return { data: plain(data), flash: plain(flash) };
}

/** Applies all changes to a fresh copy and returns it with the touched keys. */
export function replay(data: SessionData | undefined, flash: SessionData | undefined, changes: readonly Change[]) {
  const view = copyView(data, flash);
  const keys = new Set<string>();
  for (const change of changes) keys.add(applyChange(view, change));
  return { view, keys };
}

/** The own value of `key` (never an inherited one such as `toString`). */
export function own(object: SessionData | undefined, key: string): unknown {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}


