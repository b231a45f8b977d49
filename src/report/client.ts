/**
 * The script inside a report page: reads the embedded report and units, and draws every
 * `<canvas data-chart="ID">` with the configuration {@link planCharts} gives for that id. Bundled by
 * scripts/build-report.mjs (with Chart.js) into one inline script; no network, no eval.
 */
import { planCharts } from "./charts.js";
import { decodeJson, decodeReport } from "./data.js";
import { mountChart } from "./mount.js";
import type { SystemUnits } from "./units.js";

function text(id: string): string {
  const el = document.getElementById(id);
  if (!el) throw new Error(`report page: element #${id} is missing`);
  return el.textContent ?? "";
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const report = decodeReport(text("glassbox-report"), text("glassbox-report-special"));
  const units = decodeJson<SystemUnits[]>(text("glassbox-units"));
  const specs = new Map(planCharts(report, units).map((s) => [s.id, s]));
  document.body.dataset.prepareMs = (performance.now() - t0).toFixed(1);
  let drawn = 0;
  let failed = 0;
  for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>("canvas[data-chart]"))) {
    const id = canvas.dataset.chart ?? "";
    try {
      const spec = specs.get(id);
      if (!spec) throw new Error(`no chart "${id}" in this report`);
      const t1 = performance.now();
      mountChart(canvas, spec.build());
      canvas.dataset.drawn = "true";
      // Drawing time, for tests and for anyone wondering why a page is slow.
      canvas.dataset.ms = (performance.now() - t1).toFixed(1);
      drawn++;
    } catch (e) {
      failed++;
      const msg = document.createElement("p");
      msg.className = "chart-error";
      msg.textContent = `This plot could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
      canvas.replaceWith(msg);
      console.error(`glassbox report: chart ${id}:`, e);
    }
    // Yield between charts so the page paints and scrolls while the rest are drawn.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  document.body.dataset.charts = `${drawn}`;
  document.body.dataset.chartErrors = `${failed}`;
}

function start(): void {
  main().catch((e: unknown) => console.error("glassbox report:", e));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
