/**
 * The appointment book's deterministic part: every provider's template places (slot × capacity) and the
 * booking policies that reshape it or add bookings on top. Which template places are actually booked (the
 * fill rate), visit types and no-shows are drawn per replication in patients.ts.
 *
 * Policies, per provider (rules written down in docs/model.md):
 * - Bailey-Welch: in each session the places keep their order, the first two share the first place's time
 *   and every later place takes the time of the place before it (Bailey 1952): same total, front-loaded.
 * - doubleBookFirstSlots k: one extra booking in each of the first k slots of each session.
 * - extraEveryKthSlot k: one extra booking in slots k, 2k, … numbered 1… across the whole day.
 * - extraPercent p: round(p% × template places) extra bookings, the i-th in slot ⌊(i + ½)·N/E⌋ (0-based,
 *   N slots, E extras): evenly spread over the day.
 * Extras are booked at their slot's own (template) time and take its visit types.
 */
import type { OfficeScenario } from '../scenario/schema';

/** One booking place: a patient may be booked here. */
export interface BookPlace {
  /** Provider index. */
  provider: number;
  /** Appointment time, minutes after opening. */
  time: number;
  /** Session index of the slot. */
  session: number;
  /** Session end (minutes after opening), for the late rule's "end of session". */
  sessionEnd: number;
  /** Slot number in the provider's day, 0-based. */
  slot: number;
  /** Visit types this slot takes (indices), or null for any. */
  visitTypes: Int32Array | null;
  /** True for a template place (subject to the fill rate), false for an extra booking from a policy. */
  template: boolean;
}

interface Slot {
  start: number;
  session: number;
  capacity: number;
  visitTypes: Int32Array | null;
}

/**
 * Every booking place of every provider, in patient-creation order: by provider, then appointment time,
 * template places before extras at the same time.
 * @param rel converts "HH:MM" to minutes after opening.
 */
export function buildBook(scenario: OfficeScenario, rel: (hhmm: string) => number): BookPlace[] {
  const vtIds = scenario.visitTypes.map((v) => v.id);
  const sessions = scenario.sessions.map((s) => ({ start: rel(s.start), end: rel(s.end) }));
  const policies = scenario.appointmentBook.policies;
  const places: BookPlace[] = [];
  scenario.providers.forEach((prov, provider) => {
    if (!prov.slotTemplate) return;
    const slots: Slot[] = [];
    for (const run of scenario.slotTemplates[prov.slotTemplate] ?? []) {
      const from = rel(run.from);
      const to = rel(run.to);
      const len = run.lengthMinutes ?? to - from;
      const visitTypes = run.visitTypes ? Int32Array.from(run.visitTypes, (id) => vtIds.indexOf(id)) : null;
      for (let t = from; t + len <= to; t += len) {
        const session = sessions.findIndex((s) => t >= s.start && t < s.end);
        slots.push({ start: t, session, capacity: run.capacity, visitTypes });
      }
    }
    slots.sort((a, b) => a.start - b.start);
    const mine: BookPlace[] = [];
    const place = (slot: Slot, index: number, template: boolean, time = slot.start): BookPlace => ({
      provider,
      time,
      session: slot.session,
      sessionEnd: sessions[slot.session].end,
      slot: index,
      visitTypes: slot.visitTypes,
      template,
    });
    slots.forEach((slot, i) => {
      for (let c = 0; c < slot.capacity; c++) mine.push(place(slot, i, true));
    });
    if (policies.some((p) => p.kind === 'baileyWelch')) {
      for (let s = 0; s < sessions.length; s++) {
        const inSession = mine.filter((p) => p.session === s);
        const times = inSession.map((p) => p.time);
        inSession.forEach((p, j) => {
          p.time = times[Math.max(0, j - 1)];
        });
      }
    }
    const templatePlaces = mine.length;
    for (const policy of policies) {
      switch (policy.kind) {
        case 'doubleBookFirstSlots':
          for (let s = 0; s < sessions.length; s++) {
            let taken = 0;
            slots.forEach((slot, i) => {
              if (slot.session === s && taken < policy.slots) {
                mine.push(place(slot, i, false));
                taken++;
              }
            });
          }
          break;
        case 'extraEveryKthSlot':
          for (let i = policy.k - 1; i < slots.length; i += policy.k) mine.push(place(slots[i], i, false));
          break;
        case 'extraPercent': {
          const extras = Math.round((policy.percent / 100) * templatePlaces);
          for (let e = 0; e < extras && slots.length > 0; e++) {
            const i = Math.floor(((e + 0.5) * slots.length) / extras);
            mine.push(place(slots[i], i, false));
          }
          break;
        }
        case 'baileyWelch':
          break;
      }
    }
    // Stable sort: template places (pushed first) stay ahead of extras at the same time.
    mine.sort((a, b) => a.time - b.time);
    places.push(...mine);
  });
  return places;
}
