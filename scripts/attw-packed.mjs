// `npm run lint:package`'s types check: packs the package into a temporary directory and runs
// Are the Types Wrong? on that tarball. (`attw --pack .` packs into the repository root and
// deletes `sessionkit-<version>.tgz` there afterwards, a tarball someone put there included.)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const destination = mkdtempSync(join(tmpdir(), "sessionkit-attw-"));
let status = 1;
try {
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", destination], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }),
  );
  const attw = join(root, "node_modules", ".bin", "attw");
  status = spawnSync(attw, [join(destination, packed.filename), ...process.argv.slice(2)], { stdio: "inherit" }).status ?? 1;
} finally {
  rmSync(destination, { recursive: true, force: true });
}
process.exit(status);
