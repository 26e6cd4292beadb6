/**
 * Portfolio insights, everything the settings ask for in one call, for the task pane's Insights view,
 * the Segmentation sheet and the command line alike: the top-N profile, the segment ranking, the
 * dependency view and, when its inputs are set, the sales-funnel planner filled from the ranked
 * segments (each up to its potential minus the customers it already has).
 *
 * A part that cannot be computed for this table (no segment column, no rest to compare the top with)
 * comes back as a `note` instead of failing the others.
 *
 * @example
 * const ins = insights(table, segment(table, settings));
 * ins.profile.findings[0].sentence; ins.segments?.segments[0].segment; ins.funnel?.addresses
 */
import { dependency, type Dependency } from "./dependency.js";
import { fillAddresses, FunnelError, salesFunnel, type Funnel } from "./funnel.js";
import { topProfile, type TopProfile } from "./profile.js";
import type { SegmentResult } from "../analysis/segment.js";
import { segmentRanking, SegmentRankingError, type SegmentRanking } from "./segments.js";
import type { TableInput } from "../reading/table.js";

export interface Insights {
  profile: TopProfile;
  segments: SegmentRanking | null;
  dependency: Dependency;
  funnel: (Funnel & { allocation: { segment: string; addresses: number }[]; shortfall: number; unallocated: boolean }) | null;
  notes: string[];
}

export function insights(table: TableInput, r: SegmentResult): Insights {
  const s = r.settings.insights;
  const nl = r.settings.language === "nl";
  const notes: string[] = [];
  const profile = topProfile(table, r, { by: s.topBy, n: s.topN });
  if (profile.rest === 0) notes.push(nl ? `Te weinig klanten om je top ${s.topN} met de rest te vergelijken.` : `Too few customers to compare your top ${s.topN} with the rest.`);
  let segments: SegmentRanking | null = null;
  try {
    segments = segmentRanking(table, r, { column: s.segmentColumn ?? undefined, potentials: s.potentials, weights: s.segmentWeights });
  } catch (e) {
    if (!(e instanceof SegmentRankingError)) throw e;
    notes.push((nl ? "Geen segmentranking: " : "No segment ranking: ") + e.message + ".");
  }
  let funnel: Insights["funnel"] = null;
  if (s.funnel) {
    try {
      const f = salesFunnel(s.funnel.target, s.funnel.orderValue, s.funnel);
      const capacity = (segments?.segments ?? [])
        .filter((x) => x.potential !== null)
        .map((x) => ({ segment: x.segment, available: Math.max(0, x.potential! - x.customers) }));
      const fill = fillAddresses(f.addresses, capacity);
      funnel = { ...f, ...fill, unallocated: capacity.length === 0 };
      if (capacity.length === 0) notes.push(nl ? "Geef het aantal potentiële bedrijven per segment om de adressen over de segmenten te verdelen." : "Give the number of potential companies per segment to fill the addresses from the segments.");
    } catch (e) {
      if (!(e instanceof FunnelError)) throw e;
      notes.push((nl ? "Verkooptrechter: " : "Sales funnel: ") + e.message + ".");
    }
  }
  return { profile, segments, dependency: dependency(r, { threshold: s.dependencyShare }), funnel, notes };
}
