/**
 * Lambda bundle entry: the zip's `index.js` exports `handler` (one account), and the
 * organization mode's `organizationCoordinator` and `organizationWorker`.
 */
export { handler } from "./handler";
export { organizationCoordinator } from "./organization/coordinator";
export { organizationWorker } from "./organization/worker";
