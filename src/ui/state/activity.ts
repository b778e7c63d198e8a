/** The dataset's activity log for views: they read storage through ui/state, never src/data directly. */
export { watchAudit } from '../../data/activity';
