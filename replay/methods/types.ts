// The attribution methods moved to attribution/ (the simulator and the verifier share them); this re-export keeps replay-side imports working.
export * from "../../attribution/types.js";
