import type { SessionData } from "./types";

/** One recorded write of a request; replayed onto the freshest record at commit. */
export type Change =
  | { op: "set"; key: string; value: unknown }
  | { op: "unset"; key: string }
  | { op: "update"; key: string; fn: (current: any) => unknown }
  | { op: "flash"; key: string; value: unknown }
  | { op: "consume"; key: string }
  | { op: "clear" };

/** Data and flash of a session, as changes see them. */
export interface DataView {
  data: SessionData;
  flash: SessionData;
}

/**
 * Applies one change to a view in place and returns the data key it touched (for change
 * notifications), or `"*"` for `clear`.
 */
export function applyChange(view: DataView, change: Change): string {
  switch (change.op) {
    case "set":
      if (change.value === undefined) delete view.data[change.key];
      else view.data[change.key] = change.value;
      return change.key;
    case "unset":
      delete view.data[change.key];
      return change.key;
    case "update": {
      const value = change.fn(view.data[change.key]);
      if (value === undefined) delete view.data[change.key];
      else view.data[change.key] = value;
      return change.key;
    }
    case "flash":
      view.flash[change.key] = change.value;
      return change.key;
    case "consume":
      delete view.flash[change.key];
      return change.key;
    case "clear":
      view.data = {};
      view.flash = {};
      return "*";
  }
}

/** A copy of data and flash that changes may mutate. */
export function copyView(data: SessionData | undefined, flash: SessionData | undefined): DataView {
  return { data: { ...data }, flash: { ...flash } };
}

/** Applies all changes to a fresh copy and returns it with the touched keys. */
export function replay(data: SessionData | undefined, flash: SessionData | undefined, changes: readonly Change[]) {
  const view = copyView(data, flash);
  const keys = new Set<string>();
  for (const change of changes) keys.add(applyChange(view, change));
  return { view, keys };
}
