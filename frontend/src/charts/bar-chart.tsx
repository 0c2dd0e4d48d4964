import { linearScale } from './scale.ts';

interface Props {
  items: ReadonlyArray<{ label: string; value: number }>;
  format: (n: number) => string;
  title: string;
}

const ROW = 22;
const LABEL = 150;
const WIDTH = 520;

/** Horizontal bars from zero, one row per item, values written at the bar's end. */
export function BarChart({ items, format, title }: Props) {
  const max = Math.max(0, ...items.map((i) => i.value));
  const x = linearScale([0, max || 1], [LABEL, WIDTH - 70]);
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${items.length * ROW + 8}`} role="img" aria-label={title}>
      <title>{title}</title>
      {items.map((item, i) => (
        <g key={item.label} transform={`translate(0 ${i * ROW + 4})`}>
          <text x={LABEL - 6} y={ROW / 2 + 4} text-anchor="end" class="label">
            {item.label}
          </text>
          <rect x={LABEL} y={3} width={Math.max(1, x(item.value) - LABEL)} height={ROW - 6} class="bar" />
          <text x={x(item.value) + 4} y={ROW / 2 + 4} class="value">
            {format(item.value)}
          </text>
        </g>
      ))}
    </svg>
  );
}
