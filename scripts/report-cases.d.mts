/** See report-cases.mjs. */
export interface ReportCase {
  /** The command's short name, also the screenshot's file name. */
  readonly name: 'forecast' | 'project' | 'compare' | 'check' | 'usage' | 'reconcile' | 'reconcile-credit' | 'diff';
  readonly args: readonly string[];
}
export const REPORT_CASES: readonly ReportCase[];
