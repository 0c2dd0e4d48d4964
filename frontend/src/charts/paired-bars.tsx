import { Legend } from './legend.tsx';
import { linearScale } from './scale.ts';

interface Props {
  items: ReadonlyArray<{ value: string; reference: number; current: number }>;
  labels: { reference: string; current: string };
  format: (n: number) => string;
  title: string;
}

const ROW = 26;
const LABEL = 140;
const WIDTH = 560;

/** Category shares of two samples, one pair of bars per category. */
export function PairedBars({ items, labels, format, title }: Props) {
  const max = Math.max(0.01, ...items.flatMap((i) => [i.reference, i.current]));
  const x = linearScale([0, max], [LABEL, WIDTH - 60]);
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${WIDTH} ${items.length * ROW + 4}`} role="img" aria-label={title}>
        <title>{title}</title>
        {items.map((item, i) => (
          <g key={item.value} transform={`translate(0 ${i * ROW})`}>
            <text x={LABEL - 6} y={ROW / 2 + 4} text-anchor="end" class="label">
              {item.value}
            </text>
            <rect x={LABEL} y={3} width={Math.max(1, x(item.reference) - LABEL)} height={9} class="swatch-ref" />
            <rect x={LABEL} y={13} width={Math.max(1, x(item.current) - LABEL)} height={9} class="swatch-cur" />
            <text x={Math.max(x(item.reference), x(item.current)) + 4} y={ROW / 2 + 4} class="value">
              {format(item.reference)} → {format(item.current)}
            </text>
          </g>
        ))}
      </svg>
      <Legend reference={labels.reference} current={labels.current} />
    </figure>
  );
}
