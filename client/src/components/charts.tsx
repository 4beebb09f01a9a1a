import { formatNumber } from '../lib/format';
import { locale } from '../i18n';

/** Round numbers for an axis from `lo` to `hi` (about `count` steps of 1, 2 or 5 × 10ⁿ). */
function ticks(lo: number, hi: number, count = 4): number[] {
  if (hi === lo) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step / 1e6; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const shortDate = (ms: number) => new Intl.DateTimeFormat(locale.value, { day: 'numeric', month: 'short' }).format(new Date(ms));

const W = 640;
const H = 240;
const PAD = { left: 76, right: 16, top: 14, bottom: 34 };

/**
 * Values over time as a line with dots (plain SVG). `threshold` draws a dashed line at a value (e.g. where the next
 * preventive maintenance is due). The accessible name says what it shows; the numbers are in the caller's table.
 */
export function LineChart({ points, label, threshold, testId }: { points: { at: string; value: number }[]; label: string; threshold?: number | null | undefined; testId?: string }) {
  if (points.length === 0) return null;
  const xs = points.map((p) => Date.parse(p.at));
  const ys = points.map((p) => p.value);
  const withLimit = threshold !== null && threshold !== undefined ? [...ys, threshold] : ys;
  let [yLo, yHi] = [Math.min(...withLimit), Math.max(...withLimit)];
  if (yLo === yHi) [yLo, yHi] = [yLo - 1, yHi + 1];
  const pad = (yHi - yLo) * 0.08;
  yLo -= pad;
  yHi += pad;
  let [xLo, xHi] = [Math.min(...xs), Math.max(...xs)];
  if (xLo === xHi) [xLo, xHi] = [xLo - 43_200_000, xHi + 43_200_000];
  const x = (v: number) => PAD.left + ((v - xLo) / (xHi - xLo)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - ((v - yLo) / (yHi - yLo)) * (H - PAD.top - PAD.bottom);
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(xs[i]!).toFixed(1)} ${y(p.value).toFixed(1)}`).join('');
  const xTicks = xLo === xHi ? [xLo] : [xLo, (xLo + xHi) / 2, xHi];
  return (
    <svg class="chart chart--line" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid={testId}>
      <title>{label}</title>
      {ticks(yLo, yHi).map((v) => (
        <g key={v}>
          <line class="chart__grid" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
          <text class="chart__text" x={PAD.left - 8} y={y(v) + 4} text-anchor="end">
            {formatNumber(v)}
          </text>
        </g>
      ))}
      {xTicks.map((v, i) => (
        <text key={v} class="chart__text" x={x(v)} y={H - 8} text-anchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}>
          {shortDate(v)}
        </text>
      ))}
      {threshold !== null && threshold !== undefined ? <line class="chart__threshold" x1={PAD.left} x2={W - PAD.right} y1={y(threshold)} y2={y(threshold)} /> : null}
      <path class="chart__line" d={line} />
      {points.map((p, i) => (
        <circle key={p.at + i} class="chart__dot" cx={x(xs[i]!)} cy={y(p.value)} r={3.5} />
      ))}
    </svg>
  );
}

type Tone = 'primary' | 'good' | 'warn' | 'bad';

/** Vertical bars with their value above and their label below (plain SVG). */
export function BarChart({ bars, label, format = formatNumber, testId }: { bars: { label: string; value: number; tone?: Tone }[]; label: string; format?: (v: number) => string; testId?: string }) {
  // About 120 units per bar, so labels keep a readable size whatever the card's width.
  const w = 16 + 120 * Math.max(1, bars.length);
  const h = 220;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (w - 16) / Math.max(1, bars.length);
  const barW = Math.min(72, slot * 0.6);
  const base = h - 34;
  const top = 30;
  return (
    <svg class="chart chart--bars" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label} data-testid={testId}>
      <title>{label}</title>
      <line class="chart__grid" x1={8} x2={w - 8} y1={base} y2={base} />
      {bars.map((b, i) => {
        const bh = (b.value / max) * (base - top);
        const cx = 8 + slot * i + slot / 2;
        return (
          <g key={b.label}>
            <rect class={`chart__bar chart__bar--${b.tone ?? 'primary'}`} x={cx - barW / 2} y={base - bh} width={barW} height={Math.max(bh, 0)} rx={4} />
            <text class="chart__value" x={cx} y={base - bh - 8} text-anchor="middle">
              {format(b.value)}
            </text>
            <text class="chart__text chart__text--label" x={cx} y={h - 10} text-anchor="middle">
              {b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
