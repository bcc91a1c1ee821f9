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
      <thead><tr><th>Session</th><th>Started</th><th>Last seen</th><th></th></tr></thead>
      <tbody>
        ${owned.map(
          (entry) => html`<tr data-handle="${entry.handle}">
            <td><code>${entry.handle.slice(0, 10)}…</code> ${entry.current ? html`<span class="badge">this browser</span>` : ""}</td>
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
    <p class="muted">Handles are opaque references (a hash of the session id), never tokens.</p>
  </section>`;
}
