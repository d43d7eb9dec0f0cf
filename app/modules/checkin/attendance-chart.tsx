import { useEffect, useRef } from "react";

export interface ChartBar {
  label: string;
  value: number;
  capacity: number | null;
}

/**
 * Attendance against capacity as a bar chart (Chart.js, loaded in the browser only). The chart is
 * a picture of the table next to it, which stays the accessible version of the same figures.
 */
export function AttendanceChart({ bars, labels }: { bars: ChartBar[]; labels: { attendance: string; capacity: string; title: string } }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<import("chart.js").Chart | null>(null);
  const key = JSON.stringify(bars);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } = await import("chart.js");
      if (cancelled || !canvasRef.current) return;
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
      const data = {
        labels: bars.map((b) => b.label),
        datasets: [
          { label: labels.attendance, data: bars.map((b) => b.value), backgroundColor: "#0969da" },
          { label: labels.capacity, data: bars.map((b) => b.capacity ?? 0), backgroundColor: "#d0d7de" },
        ],
      };
      if (chartRef.current) {
        chartRef.current.data = data;
        chartRef.current.update("none");
        return;
      }
      chartRef.current = new Chart(canvasRef.current, {
        type: "bar",
        data,
        options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      });
    })();
    return () => {
      cancelled = true;
    };
    // Redraw when the figures change, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(
    () => () => {
      chartRef.current?.destroy();
      chartRef.current = null;
    },
    [],
  );

  return (
    <div style={{ position: "relative", blockSize: "18rem" }}>
      <canvas ref={canvasRef} role="img" aria-label={labels.title} data-testid="attendance-chart" />
    </div>
  );
}
