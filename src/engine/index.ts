/**
 * The segmentation engine: pure TypeScript, no Office, no I/O. Everything else calls it.
 */
export { segment, quadrantLabel, quadrantAction, rowAt } from "./segment.js";
export type { RowResult, Summary, SegmentResult, GroupFigure } from "./segment.js";
export { readTable, TableError, describeLocation } from "./table.js";
export type { Cell, Message, TableOptions, ReadTable } from "./table.js";
export { resolveSettings, validateSettings, defaultSettings, SettingsError, SETTINGS_VERSION, DEFAULT_CRITERIA, LOWER_IS_BETTER } from "./settings.js";
export type { Settings, SettingsInput, CriterionSetting, ThresholdSetting } from "./settings.js";
export { detectColumns, findHeaderRow, normalizeHeader, columnLetter, isRole, ROLES, NUMERIC_ROLES } from "./columns.js";
export type { Role, ColumnMatch } from "./columns.js";
export { parseNumber, detectNotation, isExcelError, isBlank } from "./numbers.js";
export type { Notation, ParsedNumber } from "./numbers.js";
export { pareto } from "./pareto.js";
export type { ParetoClass, ParetoResult } from "./pareto.js";
export { whaleCurve } from "./whale.js";
export type { WhaleResult } from "./whale.js";
export { bcg, bcgQuadrant, axisThreshold, QUADRANTS } from "./bcg.js";
export type { Quadrant, BcgResult } from "./bcg.js";
export { normalizeCriterion, weightedScore, tierOf } from "./score.js";
export type { Tier } from "./score.js";
export { concentration } from "./concentration.js";
export type { Concentration } from "./concentration.js";
export { median, mean, percentRankInc, orderDescending } from "./stats.js";
export { say, formatPercent, formatAmount } from "./text.js";
export type { Language } from "./text.js";
export { resultHeaders, resultCells, widestRow, RESULT_COLUMNS, LABEL_COLOURS } from "./grid.js";
export { chartData, CHART_LIMITS } from "./charts.js";
export type { ChartData, ParetoPoint, Bubble } from "./charts.js";
export { report, cellFormat, CHART_PREFIX, QUADRANT_COLOURS, REPORT_AREA } from "./report.js";
export type { Report, Block, Area, SeriesSpec, ChartSpec, ReportCell } from "./report.js";
export { salesFunnel, fillAddresses, FunnelError } from "./funnel.js";
export type { HitRates, Funnel, SegmentCapacity } from "./funnel.js";
export { clvFromRetention, clvFromLifetime, ClvError, CLV_FORMULA, CLV_LIFETIME_FORMULA } from "./clv.js";
export { dependency } from "./dependency.js";
export type { Dependency, CriticalCustomer } from "./dependency.js";
