/**
 * Sales-funnel planner: how many orders, quotes, appointments, calls and prospect addresses a revenue
 * target takes, from the average order value and the hit rates of each step ("bepaling van het aantal
 * benodigde adressen"), and how to fill those addresses from the most attractive segment down.
 *
 * Every step is rounded up: half an order is an order, and a quote more is needed for it. Rates are
 * fractions (0.25 for 25%). A 4th rate, addresses to calls (how many addresses you reach), is 1 unless
 * given.
 *
 * @example
 * salesFunnel(100_000, 2_500, { callToAppointment: 0.2, appointmentToQuote: 0.5, quoteToOrder: 0.4 })
 * // { orders: 40, quotes: 100, appointments: 200, calls: 1000, addresses: 1000 }
 * fillAddresses(1000, [{ segment: "Bouw", available: 600 }, { segment: "Zorg", available: 900 }])
 * // [{ segment: "Bouw", addresses: 600 }, { segment: "Zorg", addresses: 400 }], shortfall 0
 */

export interface HitRates {
  callToAppointment: number;
  appointmentToQuote: number;
  quoteToOrder: number;
  /** Share of addresses that lead to a call (reached); 1 unless given. */
  addressToCall?: number;
}

export interface Funnel {
  orders: number;
  quotes: number;
  appointments: number;
  calls: number;
  addresses: number;
}

export class FunnelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FunnelError";
  }
}

/** Round up, but 500.00000000000006 (100 / 0.2 in floating point) is 500. */
function up(x: number): number {
  return Math.max(0, Math.ceil(x - 1e-9 * Math.max(1, Math.abs(x))));
}

function rate(name: string, v: number | undefined, fallback?: number): number {
  const r = v === undefined ? fallback : v;
  if (r === undefined || !Number.isFinite(r) || r <= 0 || r > 1) throw new FunnelError(`${name} must be a rate above 0 and at most 100%; got ${v}`);
  return r;
}

export function salesFunnel(target: number, orderValue: number, rates: HitRates): Funnel {
  if (!Number.isFinite(target) || target < 0) throw new FunnelError(`the revenue target must be a number of 0 or more; got ${target}`);
  if (!Number.isFinite(orderValue) || orderValue <= 0) throw new FunnelError(`the average order value must be above 0; got ${orderValue}`);
  const quoteToOrder = rate("quote to order", rates.quoteToOrder);
  const appointmentToQuote = rate("appointment to quote", rates.appointmentToQuote);
  const callToAppointment = rate("call to appointment", rates.callToAppointment);
  const addressToCall = rate("address to call", rates.addressToCall, 1);
  const orders = up(target / orderValue);
  const quotes = up(orders / quoteToOrder);
  const appointments = up(quotes / appointmentToQuote);
  const calls = up(appointments / callToAppointment);
  const addresses = up(calls / addressToCall);
  return { orders, quotes, appointments, calls, addresses };
}

export interface SegmentCapacity {
  segment: string;
  /** Prospect addresses still available in the segment (e.g. potential companies minus customers). */
  available: number;
}

/**
 * Fill `needed` addresses from the segments in the order given (most attractive first), each up to
 * what it has available; `shortfall` is what no segment could fill.
 */
export function fillAddresses(needed: number, segments: readonly SegmentCapacity[]): { allocation: { segment: string; addresses: number }[]; shortfall: number } {
  let left = Math.max(0, Math.ceil(needed));
  const allocation = segments.map((s) => {
    const take = Math.max(0, Math.min(left, Math.floor(Number.isFinite(s.available) ? s.available : 0)));
    left -= take;
    return { segment: s.segment, addresses: take };
  });
  return { allocation, shortfall: left };
}
