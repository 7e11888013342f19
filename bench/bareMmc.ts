/**
 * The yardstick: a bare, hand-written M/M/c event loop with no engine around it. A binary-heap calendar
 * over parallel typed arrays (Float64Array times, Int32Array kinds), the FIFO line as a Float64Array ring
 * buffer of arrival times, exponential draws by inverse transform from alea, each customer's wait stored
 * in a Float64Array and a Welford running mean. Everything the engine adds on top (general matching,
 * routing, per-patient tables, statistics for many metrics) is what the engine/bare ratio measures.
 */
import alea from 'seedrandom/lib/alea.js';

const ARRIVAL = 0;
const DEPARTURE = 1;

/** What one bare run returns. */
export interface BareResult {
  /** Customers served (all of them: the run continues until the building is empty). */
  customers: number;
  /** Events processed (arrivals + departures). */
  events: number;
  /** Mean wait in line over all customers (minutes), by Welford's update. */
  meanWaitMinutes: number;
  /** Each customer's wait in line (minutes), in order of service start (= arrival order: FIFO). */
  waits: Float64Array;
}

/**
 * Runs an M/M/c queue from empty until `customers` customers have arrived and all have left.
 * @param customers number of arrivals (integer ≥ 1).
 * @param servers c (integer ≥ 1).
 * @param arrivalsPerHour Poisson arrival rate (> 0).
 * @param meanServiceMinutes mean of the exponential service time (> 0).
 * @param seed stream seed; arrivals and service times use separate alea streams.
 */
export function bareMmc(customers: number, servers: number, arrivalsPerHour: number, meanServiceMinutes: number, seed: string): BareResult {
  const arrivalU = alea(`${seed}|arrivals`);
  const serviceU = alea(`${seed}|service`);
  const meanGap = 60 / arrivalsPerHour;
  const meanService = meanServiceMinutes;

  // Calendar: at most one pending arrival plus one departure per server.
  const cap = servers + 2;
  const hTime = new Float64Array(cap);
  const hKind = new Int32Array(cap);

  // Waiting line: arrival times in a ring buffer that doubles when full.
  let ring = new Float64Array(1024);
  let mask = ring.length - 1;
  let head = 0;
  let lineLength = 0;

  const waits = new Float64Array(customers);
  let served = 0;
  let mean = 0;
  let busy = 0;
  let arrived = 1;
  let events = 0;

  hTime[0] = -meanGap * Math.log1p(-arrivalU());
  hKind[0] = ARRIVAL;
  let size = 1;

  while (size > 0) {
    const now = hTime[0];
    const kind = hKind[0];
    events++;

    // The event (if any) that takes the popped root's place, and an extra one to push.
    let rTime = 0;
    let rKind = -1;
    let pTime = 0;
    let pKind = -1;
    let wait = -1;

    if (kind === ARRIVAL) {
      if (arrived < customers) {
        arrived++;
        rTime = now - meanGap * Math.log1p(-arrivalU());
        rKind = ARRIVAL;
      }
      if (busy < servers) {
        busy++;
        wait = 0;
        const t = now - meanService * Math.log1p(-serviceU());
        if (rKind < 0) {
          rTime = t;
          rKind = DEPARTURE;
        } else {
          pTime = t;
          pKind = DEPARTURE;
        }
      } else {
        if (lineLength === ring.length) {
          const bigger = new Float64Array(ring.length * 2);
          for (let i = 0; i < lineLength; i++) bigger[i] = ring[(head + i) & mask];
          ring = bigger;
          mask = ring.length - 1;
          head = 0;
        }
        ring[(head + lineLength) & mask] = now;
        lineLength++;
      }
    } else if (lineLength > 0) {
      wait = now - ring[head];
      head = (head + 1) & mask;
      lineLength--;
      rTime = now - meanService * Math.log1p(-serviceU());
      rKind = DEPARTURE;
    } else {
      busy--;
    }

    if (wait >= 0) {
      waits[served++] = wait;
      mean += (wait - mean) / served;
    }

    // Replace the root (by the new event, or else by the last entry) and sift it down.
    if (rKind < 0) {
      size--;
      rTime = hTime[size];
      rKind = hKind[size];
    }
    if (size > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && hTime[r] < hTime[l] ? r : l;
        if (hTime[c] >= rTime) break;
        hTime[i] = hTime[c];
        hKind[i] = hKind[c];
        i = c;
      }
      hTime[i] = rTime;
      hKind[i] = rKind;
    }

    // Push the extra event and sift it up.
    if (pKind >= 0) {
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (hTime[parent] <= pTime) break;
        hTime[i] = hTime[parent];
        hKind[i] = hKind[parent];
        i = parent;
      }
      hTime[i] = pTime;
      hKind[i] = pKind;
    }
  }
  return { customers: served, events, meanWaitMinutes: mean, waits };
}
