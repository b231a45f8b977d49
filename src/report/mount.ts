/**
 * Draws a {@link ChartConfig} on a canvas with Chart.js (tree-shaken: line, scatter and matrix charts only).
 * Browser-only (needs a DOM). Works under a Content-Security-Policy of `'self'` (plus `'wasm-unsafe-eval'`):
 * Chart.js 4 evaluates no strings and sets canvas styles through the CSSOM, never through style attributes
 * or injected `<style>` elements.
 */
import { Chart, type ChartType, Filler, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Title, Tooltip } from "chart.js";
import { MatrixController, MatrixElement } from "chartjs-chart-matrix";
import type { ChartConfig } from "./charts.js";

let registered = false;

/** Registers the controllers, elements, scales and plugins the report uses (once). */
export function registerCharts(): void {
  if (registered) return;
  Chart.register(LineController, ScatterController, MatrixController, LineElement, PointElement, MatrixElement, LinearScale, LogarithmicScale, Filler, Legend, Title, Tooltip);
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  Chart.defaults.font.size = 12;
  Chart.defaults.color = "#222222";
  registered = true;
}

/** Draws `config` on `canvas` (replacing any chart already there) and returns the chart. */
export function mountChart(canvas: HTMLCanvasElement, config: ChartConfig): Chart<ChartType, unknown, unknown> {
  registerCharts();
  Chart.getChart(canvas)?.destroy();
  // The union of configurations is one Chart.js configuration of some registered type.
  return new Chart(canvas, config as ConstructorParameters<typeof Chart>[1]);
}
