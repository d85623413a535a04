import { CHART, type VersionChart as Chart } from "@/lib/fleet/view";

const FONT = "ui-sans-serif, system-ui, sans-serif";

/** Clients per blueprint version, stacked by status: SVG drawn on the server, no script. */
export function VersionChart({ chart }: { chart: Chart }) {
  const mid = CHART.barHeight / 2;
  return (
    <svg
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      width="100%"
      role="img"
      aria-label={`Clients per blueprint version and status: ${chart.summary}`}
      data-testid="fleet-chart"
      className="h-auto max-w-3xl"
    >
      <title>{chart.summary}</title>
      {chart.bars.map((bar) => (
        <g key={bar.key} transform={`translate(0 ${bar.y})`}>
          <text
            x={CHART.labelWidth - 10}
            y={mid}
            textAnchor="end"
            dominantBaseline="central"
            fontSize={12}
            fontFamily={FONT}
            fill="#0f172a"
          >
            <tspan fontWeight={600}>{bar.label}</tspan>
            {bar.current ? <tspan fill="#475569"> (current)</tspan> : null}
          </text>
          {bar.segments.map((s) => (
            <g key={s.status}>
              <rect x={s.x} y={0} width={Math.max(s.width, 1)} height={CHART.barHeight} fill={s.fill}>
                <title>{`${s.label}: ${s.count} on ${bar.label}`}</title>
              </rect>
              {s.showCount ? (
                <text
                  x={s.x + s.width / 2}
                  y={mid}
                  textAnchor="middle"
                  dominantBaseline="central"
                  fontSize={12}
                  fontFamily={FONT}
                  fill={s.text}
                >
                  {s.count}
                </text>
              ) : null}
            </g>
          ))}
          <text
            x={CHART.labelWidth + bar.segments.reduce((w, s) => w + s.width, 0) + 8}
            y={mid}
            dominantBaseline="central"
            fontSize={12}
            fontWeight={600}
            fontFamily={FONT}
            fill="#0f172a"
          >
            {bar.total}
          </text>
        </g>
      ))}
      {chart.legend.map((item) => (
        <g key={item.status} transform={`translate(${item.x} ${item.y})`}>
          <rect x={0} y={2} width={CHART.swatch} height={CHART.swatch} rx={2} fill={item.fill} />
          <text x={CHART.swatch + 6} y={2 + CHART.swatch / 2} dominantBaseline="central" fontSize={12} fontFamily={FONT} fill="#334155">
            {`${item.label} ${item.count}`}
          </text>
        </g>
      ))}
    </svg>
  );
}
