// What the demo shop sells.

/** @typedef {{ id: string, name: string, price: number, color: string }} Product */

/** @type {readonly Product[]} */
export const PRODUCTS = Object.freeze([
  { id: "tea", name: "Green tea", price: 4.5, color: "#7bb661" },
  { id: "mug", name: "Enamel mug", price: 12, color: "#4f7cac" },
  { id: "socks", name: "Wool socks", price: 9, color: "#c0504d" },
  { id: "notebook", name: "Dot notebook", price: 7.25, color: "#e0a526" },
]);

/** The product with this id, or `undefined` (form input is never trusted). */
export function findProduct(id) {
  return PRODUCTS.find((product) => product.id === id);
}

/**
 * A cart (a list of product ids, one per unit) as lines with quantities, in catalog order.
 * @param {readonly string[] | undefined} cart
 */
export function cartLines(cart = []) {
  const lines = [];
  for (const product of PRODUCTS) {
    const quantity = cart.filter((id) => id === product.id).length;
    if (quantity > 0) lines.push({ product, quantity, total: quantity * product.price });
  }
  return { lines, count: cart.length, total: lines.reduce((sum, line) => sum + line.total, 0) };
}

/** A cart without one unit of `id`. */
export function withoutOne(cart = [], id) {
  const index = cart.indexOf(id);
  return index === -1 ? cart : [...cart.slice(0, index), ...cart.slice(index + 1)];
}
