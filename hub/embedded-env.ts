/** How the hub tells the Ponder process to host the embedded services, and on which schema. */
export const EMBEDDED_SERVICES_ENV = "HUB_EMBEDDED_SERVICES";
export const PONDER_SCHEMA_ENV = "HUB_PONDER_SCHEMA";
export const HUB_DB_DIR_ENV = "HUB_DB_DIR";
