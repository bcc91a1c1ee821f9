// The lines that type `event.locals.session` everywhere (loads, actions, endpoints, hooks).
import type { Session } from "sessionkit";

declare global {
  namespace App {
    interface Locals {
      session: Session<{ count?: number; user?: string; notice?: string; [key: string]: unknown }>;
    }
  }
}

export {};
