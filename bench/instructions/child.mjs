// One measured process of bench/instructions.mjs: sets up one peer (asserting every scenario
// first), then runs one scenario `count` times. Run under callgrind by the parent.
//   node bench/instructions/child.mjs <peer> <store> <scenario> <count>
import floors from "../floor.mjs";
import remix from "../peers/remix.mjs";
import sessionkit from "../peers/sessionkit.mjs";
import { webBaseline } from "../scenarios.mjs";

const [name, store, scenario, count] = process.argv.slice(2);
let run = webBaseline;
if (scenario !== "baseline") {
  const peer = [...sessionkit, ...floors, ...remix].find((p) => p.name === name && p.store === store);
  if (!peer) throw new Error(`no peer ${name} (${store})`);
  const scenarios = await peer.setup();
  if ("skip" in scenarios) throw new Error(scenarios.skip);
  await scenarios.assert();
  run = scenarios[scenario];
  if (!run) throw new Error(`${name} (${store}) has no ${scenario} scenario`);
}
for (let i = 0; i < Number(count); i++) await run();
