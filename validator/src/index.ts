/** Lambda bundle entry: the zip's `index.js` exports `handler`. */
export { handler } from "./handler";
