/**
 * The order in which a day's patients arrive, for the event loop to take them from (src/sim/office/day.ts,
 * and the benchmark's hand-written yardstick bench/bareOffice.ts): a natural merge sort of patient indices
 * by arrival time, reusing its buffers from day to day.
 */
export class ArrivalOrder {
  private order = new Int32Array(64);
  /** The merge sort's second buffer and its run starts. */
  private spare = new Int32Array(64);
  private runs = new Int32Array(65);

  /**
   * Patients 0…n−1 in arrival order (ties: patient order), by a natural merge sort: the booked patients come
   * provider by provider, each provider's in nearly sorted runs, and the walk-ins sorted; merging the
   * ascending runs pairwise (left run first on ties, so the sort is stable) moves each patient a few times,
   * where an insertion sort moved a provider's patients past every earlier provider's. The result is valid
   * until the next call.
   * @param t arrival times by patient; @param n number of patients.
   */
  sort(t: Float64Array, n: number): Int32Array {
    if (this.order.length < n) {
      const cap = Math.max(n, this.order.length * 2);
      this.order = new Int32Array(cap);
      this.spare = new Int32Array(cap);
      this.runs = new Int32Array(cap + 1);
    }
    const runs = this.runs;
    let src = this.order;
    let dst = this.spare;
    let nRuns = 0;
    for (let i = 0; i < n; i++) {
      src[i] = i;
      if (i === 0 || t[i] < t[i - 1]) runs[nRuns++] = i;
    }
    runs[nRuns] = n;
    while (nRuns > 1) {
      let merged = 0;
      for (let r = 0; r < nRuns; r += 2) {
        const lo = runs[r];
        const mid = runs[r + 1];
        const hi = r + 2 <= nRuns ? runs[r + 2] : n;
        let i = lo;
        let j = mid;
        let k = lo;
        while (i < mid && j < hi) dst[k++] = t[src[j]] < t[src[i]] ? src[j++] : src[i++];
        while (i < mid) dst[k++] = src[i++];
        while (j < hi) dst[k++] = src[j++];
        runs[merged++] = lo;
      }
      nRuns = merged;
      runs[nRuns] = n;
      const done = dst;
      dst = src;
      src = done;
    }
    if (src !== this.order) {
      this.spare = this.order;
      this.order = src;
    }
    return src;
  }
}
