// The web page end to end in Debian's Chromium (headless, playwright-core), served with the strict CSP
// ('self' + 'wasm-unsafe-eval'): load a shipped example file, run g(r), the VDOS and a fit, and check that
// every number equals Node's for the same input bit for bit (SHA-256 of the Float64Arrays); a bad file shows
// an error; a generated structure is byte-identical; screenshots go to test-output/web/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { init } from "../../src/engine/wasm.js";
import { computeRdf, computeVdos, fitExample, generateExample, hashArray, loadStructureText } from "../../src/web/operations.js";
import { repoDir } from "../reference.js";

const outDir = join(repoDir, "test-output", "web");
const example = join(repoDir, "examples", "ka_glass.xyz");
let context: BrowserContext;
let profile: string;
let server: Server;
let base: string;
let page: Page;
const problems: string[] = [];

async function hashes(arrays: Record<string, Float64Array>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(arrays)) out[k] = await hashArray(v);
  return out;
}

/** Waits until the section's hashes appear or the page shows an error; fails fast with the error. */
async function settled(testid: string, timeout: number): Promise<void> {
  await expect
    .poll(async () => ((await page.getByTestId("error").isVisible()) ? "error" : ((await page.getByTestId(testid).getAttribute("data-hashes")) ?? "")), { timeout })
    .not.toBe("");
  if (await page.getByTestId("error").isVisible()) throw new Error(`the page shows an error: ${await page.getByTestId("error").textContent()}`);
}

async function pageHashes(testid: string): Promise<Record<string, string>> {
  const text = await page.getByTestId(testid).getAttribute("data-hashes");
  return JSON.parse(text ?? "{}");
}

beforeAll(async () => {
  await init();
  mkdirSync(outDir, { recursive: true });
  const { serve } = (await import(join(repoDir, "scripts", "serve-web.mjs"))) as { serve: (root: string, port: number) => Promise<Server> };
  server = await serve(join(repoDir, "dist", "web"), 0);
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  profile = mkdtempSync(join(tmpdir(), "glassbox-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: 1280, height: 1600 },
  });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(base);
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForSelector("body[data-ready=true]");
});

afterAll(async () => {
  await context?.close();
  await new Promise((ok) => server?.close(ok));
  rmSync(profile, { recursive: true, force: true });
});

describe("web page in Chromium", () => {
  it("loads the example file and computes g(r) identical to Node's, in the rdf --json shape", async () => {
    await page.getByTestId("file-input").setInputFiles(example);
    await expect.poll(async () => (await page.getByTestId("rdf-json").textContent())?.length ?? 0, { timeout: 60_000 }).toBeGreaterThan(100);
    const json = JSON.parse((await page.getByTestId("rdf-json").textContent())!);
    const node = computeRdf(loadStructureText(readFileSync(example, "utf8"), "ka_glass.xyz"), 3.0, 120);
    expect(Object.keys(json.g)).toEqual(["total", "A-A", "A-B", "B-B"]);
    expect(json).toEqual(JSON.parse(JSON.stringify(node.json)));
    expect(await pageHashes("rdf-hashes")).toEqual(await hashes(node.arrays));
    expect(problems).toEqual([]);
  });

  it("computes the VDOS of the 500-atom glass bit-identically to Node, without freezing the page", async () => {
    await page.getByTestId("run-vdos").click();
    // The main thread stays responsive while the worker diagonalises the 1500×1500 dynamical matrix.
    const t0 = Date.now();
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(Date.now() - t0).toBeLessThan(2000);
    await settled("vdos-hashes", 500_000);
    const v = computeVdos(loadStructureText(readFileSync(example, "utf8"), "ka_glass.xyz"));
    expect(await pageHashes("vdos-hashes")).toEqual(await hashes({ eigenvalues: v.eigenvalues, dos: v.dos, participation: v.participation }));
    const pageSeconds = Number(await page.getByTestId("vdos-time").getAttribute("data-seconds"));
    console.log(`VDOS of 500 atoms: page ${pageSeconds.toFixed(2)} s`);
    expect(await page.getByTestId("vdos-info").textContent()).toMatch(/imaginary modes: 0/);
  }, 600_000);

  it("generates a structure and fits a model with byte-identical structure, features, spectra and weights", async () => {
    await page.getByTestId("gen-system").selectOption("kob-andersen-2d");
    await page.locator("#gen-seed").fill("3");
    await page.locator("#gen-atoms").fill("60");
    await page.getByTestId("generate").click();
    await expect.poll(async () => (await page.getByTestId("summary").textContent()) ?? "", { timeout: 60_000 }).toMatch(/seed 3/);
    const g = generateExample("kob-andersen-2d", 3, 60);
    await expect.poll(async () => (await page.getByTestId("rdf-hashes").getAttribute("data-hashes")) ?? "", { timeout: 60_000 }).toContain(await hashArray(computeRdf(g, 3.0, 120).arrays.total!));

    await page.getByTestId("fit-count").fill("10");
    await page.getByTestId("fit-atoms").fill("40");
    await page.getByTestId("fit-seed").fill("11");
    await page.getByTestId("run-fit").click();
    await settled("fit-hashes", 500_000);
    const f = fitExample("kob-andersen-2d", 10, 11, 40);
    expect(await pageHashes("fit-hashes")).toEqual(await hashes({ features: f.features, targets: f.targets, coef: f.coef, prediction: f.prediction }));
    await page.screenshot({ path: join(outDir, "page.png"), fullPage: true });
    expect(problems).toEqual([]);
  }, 600_000);

  it("cancels a long computation and keeps working with the same structure", async () => {
    await page.getByTestId("fit-count").fill("500");
    await page.getByTestId("run-fit").click();
    await expect.poll(async () => await page.getByTestId("cancel").isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId("cancel").click();
    await expect.poll(async () => (await page.getByTestId("status").textContent()) ?? "", { timeout: 30_000 }).toMatch(/cancelled/i);
    expect(await page.getByTestId("error").isVisible()).toBe(false);
    // The fresh worker got the structure back: g(r) runs again and gives the same numbers.
    const before = await pageHashes("rdf-hashes");
    await page.getByTestId("rdf-hashes").evaluate((e) => delete (e as HTMLElement).dataset.hashes);
    await page.getByTestId("run-rdf").click();
    await settled("rdf-hashes", 60_000);
    expect(await pageHashes("rdf-hashes")).toEqual(before);
  }, 120_000);

  it("shows a plain error for a bad file, and keeps working", async () => {
    const bad = join(outDir, "bad.xyz");
    writeFileSync(bad, "3\nLattice=\"1 0 0 0 1 0 0 0 1\" Properties=species:S:1:pos:R:3\nA 0 0 0\nA 0.5 x 0\n");
    await page.getByTestId("file-input").setInputFiles(bad);
    const error = page.getByTestId("error");
    await expect.poll(async () => (await error.isVisible()) && ((await error.textContent()) ?? ""), { timeout: 30_000 }).toMatch(/bad\.xyz/);
    await page.screenshot({ path: join(outDir, "error.png") });
    await page.getByTestId("file-input").setInputFiles(example);
    await expect.poll(async () => await error.isVisible(), { timeout: 30_000 }).toBe(false);
  });
});
