// The per-tab cart: every request goes through createSessionFetch, which keeps this tab's
// token in sessionStorage and sends it in the x-session-id header. No cookie is involved.
import { createSessionFetch } from "/static/sessionkit-client.js";

const sessionFetch = createSessionFetch({ header: "x-session-id", storage: sessionStorage });
const box = document.getElementById("tab-cart");
const list = document.getElementById("cart-lines");

function render({ lines, count, session }) {
  document.getElementById("cart-count").textContent = String(count);
  document.getElementById("tab-session").textContent = session ?? "none yet";
  list.replaceChildren(
    ...lines.map(({ id, name, quantity }) => {
      const item = document.createElement("li");
      item.dataset.product = id;
      item.textContent = `${quantity} × ${name}`;
      return item;
    }),
  );
}

async function send(path, init) {
  const response = await sessionFetch(path, init);
  if (response.ok) render(await response.json());
}

for (const button of document.querySelectorAll("[data-add]")) {
  button.disabled = false;
  button.addEventListener("click", () =>
    send("/tab/api/cart", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ add: button.dataset.add }) }),
  );
}

await send("/tab/api/cart");
box.dataset.ready = "true";
