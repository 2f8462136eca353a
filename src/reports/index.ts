/** The reports module's public surface: the console's dashboard, computed from what the payments, risk and charging modules report. */
export { Reports, DASHBOARD_DAYS, RATE_DECIMALS, RATE_ROUNDING, type Dashboard, type DashboardDay, type DashboardQuery, type Figures, type ReportsDependencies } from './dashboard.ts';
