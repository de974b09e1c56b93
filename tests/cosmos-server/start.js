// Starts the Cosmos DB-compatible test server over plain HTTP with keep-alive (the CLI closes every connection).
// Usage: node start.js [port] [host]. Data lives in memory only. See docs/storage.md.
// Port 0 takes a free port; the line printed once listening names the port taken (scripts/services.sh reads it).
const { createHttpServer } = require("@vercel/cosmosdb-server");

const port = Number(process.argv[2] || process.env.COSMOS_PORT || 8081);
const host = process.argv[3] || "127.0.0.1";

const server = createHttpServer({ keepAlive: true });
server.listen(port, host, () => console.log(`cosmosdb-server listening on http://${host}:${server.address().port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
