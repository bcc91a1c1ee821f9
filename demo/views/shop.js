// The shop page: products, the account card and the live cart.
import { html } from "hono/html";
import { cartLines, PRODUCTS } from "../catalog.js";

const money = (amount) => `$${amount.toFixed(2)}`;

/**
 * The products grid, the sign-in card (when signed out) and the live cart.
 * @param {{ user?: string, cart?: string[] }} state
 */
export function shopBody({ user, cart }) {
  return html`<div class="grid">
    <section aria-labelledby="products">
      <h2 id="products">Products</h2>
      <div class="products">
        ${PRODUCTS.map(
          (product) => html`<article class="card">
            <div class="swatch" style="background:${product.color}"></div>
            <h3>${product.name}</h3>
            <p class="muted">${money(product.price)}</p>
            <form method="post" action="/cart/add">
              <input type="hidden" name="product" value="${product.id}" />
              <button data-add="${product.id}">Add to cart</button>
            </form>
          </article>`,
        )}
      </div>
    </section>
    <aside>
      ${user ? "" : signInCard()}
      <div id="live-cart" data-live="connecting">${cartCard(cart)}</div>
    </aside>
  </div>`;
}

/** The cart card; also served alone at GET /cart for the live page to swap in. */
export function cartCard(cart) {
  const { lines, count, total } = cartLines(cart);
  return html`<section class="card" aria-labelledby="cart-title">
    <h2 id="cart-title">Cart <span class="badge" id="cart-count">${count}</span></h2>
    ${lines.length === 0
      ? html`<p class="muted" id="cart-empty">Your cart is empty.</p>`
      : html`<ul class="lines" id="cart-lines">
          ${lines.map(
            ({ product, quantity, total }) => html`<li data-product="${product.id}">
              <span>${quantity} × ${product.name}</span>
              <span>${money(total)}
                <form method="post" action="/cart/remove">
                  <input type="hidden" name="product" value="${product.id}" />
                  <button class="quiet" aria-label="Remove one ${product.name}">−</button>
                </form>
              </span>
            </li>`,
          )}
        </ul>
        <p><strong>Total ${money(total)}</strong></p>`}
    <p class="muted">Open this page in a second tab: changes show there at once.</p>
  </section>`;
}

function signInCard() {
  return html`<section class="card" aria-labelledby="signin-title">
    <h2 id="signin-title">Sign in</h2>
    <form method="post" action="/signin" class="stack">
      <label>Name <input type="text" name="name" required maxlength="40" autocomplete="username" /></label>
      <label><input type="checkbox" name="remember" /> Remember me for 30 days</label>
      <button>Sign in</button>
    </form>
    <p class="muted">Any name works. Your cart comes with you.</p>
  </section>`;
}
