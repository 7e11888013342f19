/**
 * Exact M/M/c mean wait in line, from the Erlang C formula (A. K. Erlang 1917; Kleinrock, Queueing Systems
 * Vol. 1, 1975, §3.5): with offered load a = λ/μ and ρ = a/c < 1,
 * C(c, a) = [aᶜ/c! · 1/(1 − ρ)] / [Σₖ₌₀^{c−1} aᵏ/k! + aᶜ/c! · 1/(1 − ρ)] and Wq = C(c, a) / (cμ − λ).
 */

/**
 * @param arrivalsPerHour λ (> 0). @param meanServiceMinutes 1/μ (> 0). @param servers c (integer ≥ 1).
 * @returns Wq in minutes, and P(wait > 0) = C(c, a).
 * @throws RangeError when ρ ≥ 1 (no steady state).
 */
export function erlangC(arrivalsPerHour: number, meanServiceMinutes: number, servers: number): { waitMinutes: number; pWait: number } {
  const lambda = arrivalsPerHour / 60;
  const mu = 1 / meanServiceMinutes;
  const a = lambda / mu;
  const rho = a / servers;
  if (!(rho < 1)) throw new RangeError(`utilisation must be below 1 (got ${rho})`);
  let term = 1;
  let sum = 0;
  for (let k = 0; k < servers; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = term / (1 - rho);
  const pWait = last / (sum + last);
  return { waitMinutes: pWait / (servers * mu - lambda), pWait };
}
