/**
 * GET /metrics for a process that is not Ponder (the sink, a replay worker): the hub's registry
 * on its own port. Returns the bound port (0 asks for a free one) and a close function.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { hubRegistry } from "./registry.js";

export type MetricsServer = { port: number; url: string; close(): Promise<void> };

export async function serveMetrics(port = 0, host = "127.0.0.1", registry = hubRegistry): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://${host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
