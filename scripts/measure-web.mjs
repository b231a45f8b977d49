// Measures the web page against Node on the same work: g(r) of a 10⁵-atom Kob–Andersen file and the
// VDOS of the 500-atom example glass (times as the page shows them vs in-process Node, warm).
// Usage: npm run build && node scripts/measure-web.mjs   (needs Debian's chromium and playwright-core)
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { init, Structure, formatStructure, rdf, potentialFromSpec } from "../dist/index.js";
import { serve } from "./serve-web.mjs";

await init();
// 10⁵-ish atoms: fcc 29×29×30 at ρ = 1.2 with small seeded displacements, A:B = 80:20.
const [nx, ny, nz] = [29, 29, 30], a = Math.cbrt(4 / 1.2);
const pos = [], species = [];
let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.1;
const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) for (let k = 0; k < nz; k++) for (const b of basis) {
  pos.push((i + b[0]) * a + rnd(), (j + b[1]) * a + rnd(), (k + b[2]) * a + rnd());
  species.push(species.length % 5 === 4 ? "B" : "A");
}
const big = new Structure({ positions: pos, species, cell: [[nx * a, 0, 0], [0, ny * a, 0], [0, 0, nz * a]] }).wrap();
const dir = mkdtempSync(join(tmpdir(), "gb-web-"));
const file = join(dir, "ka_100k.xyz");
writeFileSync(file, formatStructure(big, "extxyz"));

function nodeTime(fn, repeats = 5) {
  fn();
  const t = [];
  for (let r = 0; r < repeats; r++) { const t0 = performance.now(); fn(); t.push(performance.now() - t0); }
  return t.sort((x, y) => x - y)[Math.floor(repeats / 2)] / 1000;
}
const nodeRdf = nodeTime(() => rdf(big, { rMax: 3.0, bins: 120, partial: true }));

const server = await serve("dist/web", 0);
const base = `http://127.0.0.1:${server.address().port}/`;
const ctx = await chromium.launchPersistentContext(join(dir, "profile"), { executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await ctx.newPage();
await page.goto(base);
await page.waitForSelector("body[data-ready=true]");
await page.getByTestId("file-input").setInputFiles(file);
await page.waitForFunction(() => document.querySelector("[data-testid=rdf-time]")?.dataset.seconds, null, { timeout: 300000 });
const pageRdf = [];
for (let r = 0; r < 5; r++) {
  await page.evaluate(() => { delete document.querySelector("[data-testid=rdf-time]").dataset.seconds; });
  await page.getByTestId("run-rdf").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=rdf-time]")?.dataset.seconds, null, { timeout: 300000 });
  pageRdf.push(Number(await page.getByTestId("rdf-time").getAttribute("data-seconds")));
}
pageRdf.sort((x, y) => x - y);
console.log(JSON.stringify({ workload: "web-rdf", n: big.n, page_seconds: pageRdf[2], node_seconds: nodeRdf, ratio: pageRdf[2] / nodeRdf }));
await ctx.close();
server.close();
rmSync(dir, { recursive: true, force: true });
