// "Your sessions": every session of the signed-in user, and a way to end the others.
import { html } from "hono/html";

const when = (ms) => new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";

/**
 * The sessions table with a sign-out button per other session and "sign out everywhere else".
 * @param {import("sessionkit").OwnedSession[]} owned
 */
export function sessionsBody(owned) {
  const others = owned.filter((entry) => !entry.current).length;
  return html`<section class="card">
    <h2>Your sessions <span class="badge" id="session-count">${owned.length}</span></h2>
    <div class="scroll-x"><table>
      <thead><tr><th>Session</th><th>Device</th><th>Started</th><th>Last seen</th><th></th></tr></thead>
      <tbody>
        ${owned.map(
          (entry) => html`<tr data-handle="${entry.handle}">
            <td><code>${entry.handle.slice(0, 10)}…</code> ${entry.current ? html`<span class="badge">this browser</span>` : ""}</td>
            <td class="device">${typeof entry.device === "string" ? entry.device : "Unknown device"}</td>
            <td>${when(entry.createdAt)}</td>
            <td>${when(entry.lastSeenAt)}</td>
            <td>${entry.current
              ? ""
              : html`<form method="post" action="/sessions/revoke">
                  <input type="hidden" name="handle" value="${entry.handle}" />
                  <button class="quiet">Sign out</button>
                </form>`}</td>
          </tr>`,
        )}
      </tbody>
    </table></div>
    <div style="margin-top: 1rem">
      <form method="post" action="/sessions/revoke-others">
        <button id="revoke-others" ${others === 0 ? "disabled" : ""}>Sign out everywhere else</button>
      </form>
    </div>
    <p class="muted">Handles are opaque references (a hash of the session id), never tokens. "Last seen" moves at most
      once per refresh interval, so reading this page costs no write.</p>
  </section>`;
}

/**
 * "Confirm it's you": the sign-in again that a sensitive action asks for once the last one is
 * older than the sudo window. The demo signs in with a name, so the name stands in for a password.
 * @param {number} seconds  the sudo window
 */
export function confirmBody(seconds) {
  const minutes = Math.round(seconds / 60);
  return html`<section class="card" aria-labelledby="confirm-title">
    <h2 id="confirm-title">Confirm it's you</h2>
    <p>Signing out your other sessions needs a sign-in from the last ${minutes >= 1 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${seconds} seconds`}.</p>
    <form method="post" action="/sessions/revoke-others" class="stack">
      <label>Your name (the demo's stand-in for a password) <input type="text" name="name" autocomplete="off" required /></label>
      <button id="confirm-revoke-others">Confirm and sign out everywhere else</button>
    </form>
  </section>`;
}
