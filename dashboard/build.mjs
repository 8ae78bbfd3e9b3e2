// Bundles the dashboard into the API package (api/dashboard/, served at /dashboard and carried
// by the wheel as package data). Run by `make setup`.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

const out = "../api/dashboard";
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/main.js"],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  outfile: `${out}/app.js`,
  legalComments: "linked",
});
copyFileSync("src/index.html", `${out}/index.html`);
copyFileSync("src/style.css", `${out}/style.css`);
console.log(`dashboard built into ${out}/`);
