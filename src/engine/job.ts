/**
 * One run of the engine over a customer table, as one job: segment, insights and the Segmentation
 * sheet's report. The add-in runs it in a Web Worker (so Excel and the task pane stay usable during a
 * run) or in-process; the job and its answer are plain data, so they cross to a worker and back
 * (the result loses only its lazily built `rows`, which writers do not use).
 *
 * @example
 * const { result, insights, report } = runTableJob({ values, settings: {}, table: { sheet: "Klanten" }, source: "Klanten!A1:E251" });
 */
import { insights, type Insights } from "./insights/insights.js";
import { segment, type SegmentResult } from "./analysis/segment.js";
import { report, type Report } from "./report/report.js";
import type { Cell, TableOptions } from "./reading/table.js";
import type { SettingsInput } from "./reading/settings.js";

export interface TableJob {
  values: Cell[][];
  settings: SettingsInput;
  table: TableOptions;
  /** The table's address, named on the Segmentation sheet. */
  source: string;
}

export interface TableJobResult {
  result: SegmentResult;
  insights: Insights;
  report: Report;
}

export function runTableJob(job: TableJob, progress: (done: number, what: string) => void = () => undefined): TableJobResult {
  const result = segment(job.values, job.settings, job.table);
  progress(0.6, "segment");
  const found = insights(job.values, result);
  progress(0.9, "insights");
  const rep = report(result, { source: job.source, insights: found });
  progress(1, "report");
  return { result, insights: found, report: rep };
}
