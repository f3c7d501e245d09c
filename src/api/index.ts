// Ponder's required API entry point: a thin shim. What runs beside Ponder is decided in
// hub/in-ponder (by the role the hub gave this process); api/app.ts only composes routes.
import { db, publicClients } from "ponder:api";
import schema from "ponder:schema";
import { createHubApp } from "../../api/app.js";
import { hubEnv } from "../../core/config/index.js";
import { startPonderProcessServices } from "../../hub/in-ponder/services.js";

export default createHubApp(db, schema, startPonderProcessServices(db as never, hubEnv()), Object.values(publicClients)[0]);
