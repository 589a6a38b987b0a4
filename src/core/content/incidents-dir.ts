/** Where a status repository keeps its incidents and maintenance, one directory each. */
export const INCIDENTS_DIR = 'incidents';
