// Chart.js, registered once with only what the progress charts use (tree-shaken).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip, Filler);
Chart.defaults.font.family = "'Noto Sans', 'Segoe UI', 'Roboto', 'Helvetica Neue', Arial, sans-serif";
Chart.defaults.font.size = 12;
Chart.defaults.color = '#52606d';
Chart.defaults.animation = false;

/** Colours of the stages (match the status chips of the home screen). */
export const COLORS = {
  keyed: '#1f4e79',
  accepted: '#2f7d4f',
  checked: '#5b8fbf',
  remaining: '#e4e7eb',
  expected: '#b42318',
  deadline: '#c46210',
  forecast: '#1f4e79',
};

/** Creates a chart, or nothing where canvas is not available (jsdom). */
export function makeChart(canvas: HTMLCanvasElement, config: ConstructorParameters<typeof Chart>[1]): Chart | null {
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = canvas.getContext('2d');
  } catch {
    ctx = null;
  }
  if (!ctx) return null;
  return new Chart(ctx, config) as unknown as Chart;
}

export { Chart };
