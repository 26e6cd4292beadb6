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
import type { Language } from "./reading/text.js";
import { aggregateTransactions, type Aggregation, type TransactionColumns } from "./orders/transactions.js";
import { segmentOrderList, type OrderListModels } from "./orders/orderlist.js";

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

/** One run of the engine over an order list: aggregate the lines into customers, segment and model them. */
export interface OrderListJob {
  values: Cell[][];
  columns: TransactionColumns;
  language: Language;
  /** Sheet row of the header (for the messages). */
  headerRow: number;
  settings: SettingsInput;
  /** The customers' sheet the results go to (named in the messages). */
  sheet: string;
}

export interface OrderListJobResult {
  aggregation: Aggregation;
  /** Null when no line could be used (the aggregation's problems say why). */
  result: SegmentResult | null;
  models: OrderListModels | null;
}

export function runOrderListJob(job: OrderListJob, progress: (done: number, what: string) => void = () => undefined): OrderListJobResult {
  const aggregation = aggregateTransactions(job.values, { language: job.language, columns: job.columns, headerRow: job.headerRow });
  progress(0.3, "aggregate");
  if (aggregation.customers.length === 0) return { aggregation, result: null, models: null };
  const { result, models } = segmentOrderList(aggregation, job.settings, job.sheet);
  progress(1, "models");
  return { aggregation, result, models };
}

