/** The environment variable that carries a render child's RenderJob (src/build/render-child.ts). */
export const CHILD_JOB = 'KABAR_RENDER_JOB';

export interface RenderJob {
  /** The compiled renderer's entry module (src/io/renderer.ts). */
  entry: string;
  /** Where every page goes: `<outDir>/<domain>/…`, or the single site's pages. */
  outDir: string;
  /** Pages rendered at once: writing one while the next renders keeps the disk busy. */
  concurrency: number;
  /** Origins the pages' forms post to (the email sign-up's list service). */
  formActions: string[];
}
