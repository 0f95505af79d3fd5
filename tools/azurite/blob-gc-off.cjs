// Preloaded into the Azurite of the tests and the load bench (node --require, AzuriteTool.PutOffCollector):
// its blob extent collector is put off for the run. That collector pages through every blob with a full scan and sort per page, then removes each
// unreferenced extent one at a time from an indexed collection, all without yielding to I/O; with
// hundreds of thousands of blobs the emulator stops answering for minutes. Azure Storage has no such
// pause in the request path, and the tests and the bench are about Bio, so it is left out (the bench keeps it
// with BIO_AZURITE_GC=on).
// Only the interval is changed: the first sweep at start-up still runs, and nothing else is touched.
const path = require("node:path");
const constants = require(path.join(process.env.BIO_AZURITE_DIST, "blob", "utils", "constants.js"));
constants.DEFAULT_GC_INTERVAL_MS = 2_000_000_000; // about 23 days; setTimeout takes at most 2^31-1 ms
