// The live page: listens to /events and swaps in the fresh cart, and who is signed in, when the
// session changes or ends.
const cart = document.getElementById("live-cart");
const ended = document.getElementById("ended");
const who = document.getElementById("who");
const source = new EventSource("/events");

/** The state of the stream, for people (and tests) to see. */
const mark = (state) => {
  document.body.dataset.live = state;
  if (cart) cart.dataset.live = state;
};

/** Swaps in a fragment the server rendered (and escaped). */
async function swap(element, path) {
  if (!element) return;
  const response = await fetch(path, { headers: { accept: "text/html" } });
  if (response.ok) element.innerHTML = await response.text();
}

/** The cart, and who is signed in: a sign-out or revocation elsewhere shows here at once. */
async function refresh() {
  await Promise.all([swap(cart, "/cart"), swap(who, "/who")]);
}

source.addEventListener("ready", () => {
  mark("ready");
  void refresh(); // catch up on anything that changed while connecting
});
source.addEventListener("idle", () => mark("idle"));
source.addEventListener("changed", () => void refresh());
source.addEventListener("destroyed", () => {
  // Signed out, revoked, or moved to a new id (a sign-in) in another tab or device.
  if (ended) ended.hidden = false;
  mark("ended");
  void refresh();
});
source.addEventListener("error", () => mark("reconnecting"));
