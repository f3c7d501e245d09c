// Required by Ponder; the baseline serves nothing of its own.
import { Hono } from "hono";

export default new Hono();
