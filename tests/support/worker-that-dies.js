// A worker thread that ends on its first message, as a crashed one would: for tests of the work it leaves behind.
require('node:worker_threads').parentPort.on('message', () => process.exit(3));
