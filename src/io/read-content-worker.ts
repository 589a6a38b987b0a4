// The worker thread of readContentInBatches (read-content.ts): reads the content files and posts them in batches.
import { parentPort, workerData } from 'node:worker_threads';
import { packBatch, readContent, type ReadJob, type ReadMessage } from './read-content.ts';

const { root, known } = workerData as ReadJob;
const post = (message: ReadMessage) => parentPort!.postMessage(message);
const stamps = known && { stamps: new Map(known.stamps), listedAt: known.listedAt };
post({ problems: await readContent(root, (files, facts) => post(packBatch(files, facts)), stamps) });
