export { variables, type HubEnv, type VariableName, type VariableScope, type VariableSpec } from "./variables.js";
export { childEnvironment, deprecatedNamesInUse, hubEnv, readHubEnv, readHubEnvDetailed, type EnvSource } from "./read-env.js";
