/** One bar of the wait chart: a step's mean wait (minutes) and its 95% confidence interval. */
export interface WaitRow {
  id: string;
  label: string;
  mean: number;
  low: number;
  high: number;
  colour: string;
}
