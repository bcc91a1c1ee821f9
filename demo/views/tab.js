// The per-tab page: a shell that /static/tab.js fills through the header-transport API.
import { html } from "hono/html";
import { PRODUCTS } from "../catalog.js";

/** The per-tab page: products with buttons (enabled by its script) and an empty cart card. */
export function tabBody() {
  return html`<div class="grid">
    <section aria-labelledby="products">
      <h2 id="products">One cart per tab</h2>
      <p class="muted">
        This page keeps no cookie: its token lives in this tab's <code>sessionStorage</code> and travels in the
        <code>x-session-id</code> header. Open a second tab: it starts its own cart. A reload keeps each.
      </p>
      <div class="products">
        ${PRODUCTS.map(
          (product) => html`<article class="card">
            <div class="swatch" style="background:${product.color}"></div>
            <h3>${product.name}</h3>
            <button data-add="${product.id}" disabled>Add to this tab</button>
          </article>`,
        )}
      </div>
    </section>
    <aside>
      <section class="card" id="tab-cart" data-ready="false">
        <h2>This tab's cart <span class="badge" id="cart-count">0</span></h2>
        <ul class="lines" id="cart-lines"></ul>
        <p class="muted">Tab session <code id="tab-session">none yet</code></p>
      </section>
    </aside>
  </div>`;
}
