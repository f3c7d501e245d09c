// Ponder's required API entry point: a thin shim over api/app.ts.
import { db, publicClients } from "ponder:api";
import schema from "ponder:schema";
import { createHubApp } from "../../api/app.js";

export default createHubApp(db, schema, Object.values(publicClients)[0]);
