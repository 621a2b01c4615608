// The load-test tool (`parley load`, and the standalone `parley-load`): scenarios, the run, reports.
export { main as loadMain, usage as loadUsage, type Io as LoadIo } from './cli.js';
export { runLoad, type LoadTarget, type Progress } from './run/load-run.js';
export { parseScenario, ScenarioError, ScenarioSchema, type Scenario, type ScenarioIssue } from './scenario/scenario.js';
export { htmlReport, textReport, type LoadReport, type Operation } from './report/report.js';
export { mergeReports, MergeError } from './report/merge.js';
export { Latency, type Percentiles } from './report/latency.js';
