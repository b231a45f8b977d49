// The HTML report in Debian's Chromium (headless, via playwright-core): opened from disk with no network,
// it draws every chart under its own strict Content-Security-Policy with no console errors, every canvas has
// drawn pixels, and screenshots go to test-output/report/ for humans to look at.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../../src/report/index.js";
import { fixtureReport } from "../report/fixture.js";
import { repoDir } from "../reference.js";

const outDir = join(repoDir, "test-output", "report");
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), "glassbox-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
});

afterAll(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

describe("report in Chromium", () => {
  it("draws every chart offline, under its CSP, with no console errors", async () => {
    const file = join(outDir, "report.html");
    writeFileSync(file, renderReport(fixtureReport()));
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    const url = pathToFileURL(file).href;
    await page.goto(url);
    await page.waitForSelector("body[data-charts]", { timeout: 30_000 });

    const state = await page.evaluate(() => {
      const canvases = Array.from(document.querySelectorAll<HTMLCanvasElement>("canvas[data-chart]"));
      return {
        charts: Number(document.body.dataset.charts),
        errors: Number(document.body.dataset.chartErrors),
        canvases: canvases.map((c) => {
          const ctx = c.getContext("2d")!;
          const { data } = ctx.getImageData(0, 0, c.width, c.height);
          let inked = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
          return { id: c.dataset.chart!, drawn: c.dataset.drawn === "true", width: c.width, height: c.height, inked: inked / (c.width * c.height), kind: c.closest("figure")!.dataset.kind! };
        }),
      };
    });
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(state.errors).toBe(0);
    expect(state.canvases.length).toBeGreaterThan(20);
    expect(state.charts).toBe(state.canvases.length);
    for (const c of state.canvases) {
      expect(c.drawn, c.id).toBe(true);
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.height, c.id).toBeGreaterThan(200);
      // Axes, labels and data leave ink; a heatmap fills most of its plot area.
      expect(c.inked, c.id).toBeGreaterThan(c.kind === "weights" ? 0.4 : 0.02);
    }

    // For humans: the whole page, and one target section at full resolution.
    await page.screenshot({ path: join(outDir, "report.png"), fullPage: true });
    await page.locator("#sys-0-t-0").screenshot({ path: join(outDir, "target-vdos.png") });
    await page.close();
  });
});
