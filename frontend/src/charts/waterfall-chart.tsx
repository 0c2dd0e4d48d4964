import type { Waterfall } from '../lib/waterfall.ts';
import { extent, linearScale, niceTicks } from './scale.ts';

interface Props {
  data: Waterfall;
  format: (n: number) => string;
  labels: { base: string; final: string; other: string };
  title: string;
}

const ROW = 24;
const LABEL = 190;
const WIDTH = 640;
const RIGHT = 80;

/**
 * A SHAP waterfall: the base value, one bar per feature from where the previous one ended
 * (red pushes up, blue down), and the final value. Each bar carries its numbers in data-*
 * attributes, so what is drawn can be checked against what was explained.
 */
export function WaterfallChart({ data, format, labels, title }: Props) {
  const ends = data.bars.flatMap((b) => [b.start, b.end]);
  const [lo, hi] = extent(ends, [data.base, data.final]);
  const pad = (hi - lo) * 0.05 || 1;
  const x = linearScale([lo - pad, hi + pad], [LABEL, WIDTH - RIGHT]);
  const rows = data.bars.length + 2;
  const height = rows * ROW + 28;
  const marker = (value: number, y: number, label: string, cls: string) => (
    <g class={cls} transform={`translate(0 ${y})`} data-value={value}>
      <text x={LABEL - 6} y={ROW / 2 + 4} text-anchor="end" class="label">
        {label}
      </text>
      <line x1={x(value)} x2={x(value)} y1={2} y2={ROW - 2} class="marker" />
      <text x={x(value) + 5} y={ROW / 2 + 4} class="value">
        {format(value)}
      </text>
    </g>
  );
  return (
    <svg class="chart waterfall" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} data-base={data.base} data-final={data.final}>
      <title>{title}</title>
      {marker(data.base, 0, labels.base, 'base')}
      {data.bars.map((b, i) => {
        const left = Math.min(x(b.start), x(b.end));
        const label = b.feature === '' ? labels.other : b.value === null || b.value === undefined ? b.feature : `${b.feature} = ${b.value}`;
        return (
          <g key={b.feature || 'other'} class="step" transform={`translate(0 ${(i + 1) * ROW})`} data-feature={b.feature} data-shap={b.shap} data-start={b.start} data-end={b.end}>
            <text x={LABEL - 6} y={ROW / 2 + 4} text-anchor="end" class="label">
              {label}
            </text>
            <rect x={left} y={3} width={Math.max(1, Math.abs(x(b.end) - x(b.start)))} height={ROW - 6} class={b.shap >= 0 ? 'up' : 'down'} />
            <text x={Math.max(x(b.start), x(b.end)) + 4} y={ROW / 2 + 4} class="value">
              {b.shap >= 0 ? '+' : '−'}
              {format(Math.abs(b.shap))}
            </text>
          </g>
        );
      })}
      {marker(data.final, (data.bars.length + 1) * ROW, labels.final, 'final')}
      {niceTicks(lo - pad, hi + pad, 5).map((t) => (
        <text key={t} x={x(t)} y={height - 8} text-anchor="middle" class="tick">
          {format(t)}
        </text>
      ))}
    </svg>
  );
}
