// The worker thread of readContentInBatches (read-content.ts): reads the content files and posts them in batches.
import { parentPort, workerData } from 'node:worker_threads';
import { packBatch, readContent, type ReadJob, type ReadMessage } from './read-content.ts';

const { root } = workerData as ReadJob;
const post = (message: ReadMessage) => parentPort!.postMessage(message);
post({ problems: await readContent(root, (files) => post(packBatch(files))) });
