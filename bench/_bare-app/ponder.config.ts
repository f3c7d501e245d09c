/** The baseline for bench/index: the same chain and contracts as the hub, same settings. */
export { default } from "../../ponder.config.js";
