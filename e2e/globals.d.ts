// What the page exposes for checking chart data (renderer/src/charts/chart-registry.ts).
interface Window {
  virtlabCharts?: {
    ids(): string[];
    seriesData(id: string): Array<{ name: string; data: unknown[] }> | null;
    markLineX(id: string): number[];
  };
}
