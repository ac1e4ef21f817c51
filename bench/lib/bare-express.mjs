// The bench's bare Express 5 baseline: one route in a process of its own, nothing
// of the app imported. Prints the address it listens on; stops on SIGTERM.
import express from "express";

const app = express();
app.get("/", (_req, res) => res.send("ok"));
const server = app.listen(0, "127.0.0.1", (err) => {
  if (err) throw err;
  console.log(`bare express at http://127.0.0.1:${server.address().port}`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
