// The live cart: listens to /events and swaps in the fresh cart when the session changes.
const cart = document.getElementById("live-cart");
const ended = document.getElementById("ended");
const source = new EventSource("/events");

/** The state of the stream, for people (and tests) to see. */
const mark = (state) => {
  document.body.dataset.live = state;
  if (cart) cart.dataset.live = state;
};

async function refresh() {
  if (!cart) return;
  const response = await fetch("/cart", { headers: { accept: "text/html" } });
  if (response.ok) cart.innerHTML = await response.text(); // rendered and escaped by the server
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
