// Copies the front-end files the app serves from node_modules into the Django static tree.
// The output is committed, so the demo and production need no Node; CI rebuilds it from the
// lock file and fails when the committed copy differs.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "src/samenspel/static/vendor");
const files = {
  "@utrecht/component-library-css/dist/index.css": "utrecht/component-library.css",
  "@utrecht/component-library-css/LICENSE.md": "utrecht/LICENSE-component-library.md",
  "@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css": "nlds/voorbeeld-theme.css",
  "@nl-design-system-unstable/voorbeeld-design-tokens/LICENSE.md": "nlds/LICENSE-voorbeeld-theme.md",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "htmx.org/LICENSE": "htmx/LICENSE",
};

rmSync(vendor, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  const target = join(vendor, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, "node_modules", from), target);
}
console.log(`assets: ${Object.keys(files).length} files into ${vendor}`);
