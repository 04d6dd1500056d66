// A ring filling up as a run goes: drawn with SVG, described for screen readers by its label.
export function ProgressRing({ fraction, label, size = 28 }: { fraction: number; label: string; size?: number }) {
  const r = size / 2 - 3;
  const circumference = 2 * Math.PI * r;
  const pct = Math.round(fraction * 100);
  return (
    <svg
      className="progress-ring"
      width={size}
      height={size}
      viewBox={`0 0 ${size} ${size}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <circle className="track" cx={size / 2} cy={size / 2} r={r} />
      <circle
        className="value"
        cx={size / 2}
        cy={size / 2}
        r={r}
        strokeDasharray={circumference}
        strokeDashoffset={circumference * (1 - fraction)}
        transform={`rotate(-90 ${size / 2} ${size / 2})`}
      />
    </svg>
  );
}
