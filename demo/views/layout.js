// The page frame: header, flash notice, one block of CSS. Every value goes through hono/html,
// which escapes strings, so names typed by users can never become markup.
import { html, raw } from "hono/html";

const STYLE = `
  :root { font-family: system-ui, sans-serif; color: #1d2330; background: #f4f5f7; }
  body { margin: 0; }
  header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
  header { display: flex; align-items: center; gap: 1.5rem; flex-wrap: wrap; }
  header h1 { font-size: 1.2rem; margin: 0; }
  nav { display: flex; gap: 1rem; }
  nav a { color: #3b5bdb; text-decoration: none; }
  nav a[aria-current] { font-weight: 600; text-decoration: underline; }
  .who { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
  .notice { background: #e6f4ea; border: 1px solid #9bd1a9; border-radius: .5rem; padding: .6rem 1rem; }
  .notice.warn { background: #fff4e5; border-color: #f0b86e; }
  .grid { display: grid; grid-template-columns: 2fr 1fr; gap: 1.5rem; align-items: start; }
  aside { display: grid; gap: 1rem; }
  .products { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 1rem; }
  .card { background: #fff; border: 1px solid #dde1e7; border-radius: .75rem; padding: 1rem; }
  .swatch { height: 4rem; border-radius: .5rem; margin-bottom: .6rem; }
  .card h3 { margin: 0 0 .3rem; font-size: 1rem; }
  .card h2 { margin-top: 0; font-size: 1.1rem; }
  ul.lines { list-style: none; padding: 0; margin: 0 0 .8rem; }
  ul.lines li { display: flex; justify-content: space-between; gap: .5rem; padding: .3rem 0; border-bottom: 1px solid #eef0f3; }
  form { display: inline; margin: 0; }
  form.stack { display: grid; gap: .5rem; }
  button { white-space: nowrap; font: inherit; border: 1px solid #3b5bdb; background: #3b5bdb; color: #fff; border-radius: .4rem; padding: .25rem .7rem; cursor: pointer; }
  button.quiet { background: #fff; color: #3b5bdb; }
  input[type=text] { font: inherit; padding: .3rem .5rem; border: 1px solid #c5cad3; border-radius: .4rem; }
  table { width: 100%; border-collapse: collapse; background: #fff; }
  th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #eef0f3; }
  code, .muted { color: #5c6577; font-size: .9em; }
  .badge { background: #3b5bdb; color: #fff; border-radius: 1rem; padding: 0 .5rem; font-size: .8rem; white-space: nowrap; }
  footer { color: #5c6577; font-size: .85rem; }
  /* Phones (390 px and up): one column, nothing wider than the screen. */
  .grid > *, .card { min-width: 0; }
  input[type=text] { max-width: 100%; box-sizing: border-box; }
  code { overflow-wrap: anywhere; }
  .scroll-x { overflow-x: auto; }
  @media (max-width: 48rem) {
    header, main, footer { padding: .75rem 1rem; }
    .grid { grid-template-columns: 1fr; }
    .who { margin-left: 0; }
    th, td { padding: .4rem .3rem; }
  }
`;

const NAV = [
  ["/", "Shop"],
  ["/tab", "Per-tab cart"],
  ["/sessions", "Your sessions"],
];

/**
 * A whole page.
 * @param {{ title: string, path: string, user?: string, notice?: string, storage: string, script?: string }} frame
 * @param {unknown} body  html`…` content
 */
export function page(frame, body) {
  const { title, path, user, notice, storage, script } = frame;
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · sessionkit demo</title>
    <style>${raw(STYLE)}</style>
    ${script ? html`<script type="module" src="${script}"></script>` : ""}
  </head>
  <body>
    <header>
      <h1>sessionkit shop</h1>
      <nav>${NAV.map(([href, label]) => html`<a href="${href}" ${href === path ? html`aria-current="page"` : ""}>${label}</a>`)}</nav>
      <div class="who" id="who">${whoBlock(user)}</div>
    </header>
    <main>
      ${notice ? html`<p class="notice" role="status" id="notice">${notice}</p>` : ""}
      <p class="notice warn" role="alert" id="ended" hidden>This session was ended or replaced elsewhere: a sign-in, a sign-out or a revocation. <a href="">Reload</a></p>
      ${body}
    </main>
    <footer>Sessions stored in <code>${storage}</code>. Cookie: <code>sid</code>, HttpOnly.</footer>
  </body>
</html>`;
}

/**
 * Who is signed in, or "Not signed in": the header's corner, also served alone at GET /who
 * so an open page can update it when its session ends elsewhere.
 * @param {string | undefined} user
 */
export function whoBlock(user) {
  return user ? signedIn(user) : html`<span class="muted">Not signed in</span>`;
}

function signedIn(user) {
  return html`<span>Signed in as <strong id="user">${user}</strong></span>
    <form method="post" action="/signout"><button class="quiet">Sign out</button></form>`;
}
