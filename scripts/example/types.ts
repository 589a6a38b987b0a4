import type { IncidentSource, IndexText, PostmortemSource, UpdateSource, UpdateText } from '../../src/core/content/types.ts';

/**
 * The example's incidents, in the validated content's own terms (times are epoch ms, written in
 * the site's time zone), minus what the files decide (paths, ids) and plus what the generator
 * needs: a slug, and translations by locale tag under `tr`.
 */

/** Indonesian (or any second locale's) text of an update. */
export type ExampleUpdateText = Required<Pick<UpdateText, 'body'>> & Pick<UpdateText, 'technical'>;

/** One update file. */
export type ExampleUpdate = Pick<UpdateSource, 'at' | 'status' | 'components' | 'nextUpdate' | 'eta' | 'technical' | 'body'> & {
  /** Translations by locale tag. */
  tr?: Record<string, ExampleUpdateText>;
};

export type ExampleIndexText = Required<Pick<IndexText, 'title'>> & Omit<IndexText, 'title' | 'file'>;

export type ExamplePostmortem = Pick<PostmortemSource, 'status' | 'authors' | 'title' | 'body'> & {
  reviewers?: string[];
  /** Days after the incident's start that it was published (the date is written in the site's zone). */
  publishedAfterDays?: number;
  tr?: Record<string, { title?: string; body: string }>;
};

export type ExampleIncident = Pick<IncidentSource, 'type' | 'title' | 'severity' | 'started' | 'window' | 'components' | 'regions' | 'impact' | 'workaround' | 'provider' | 'compensation'> & {
  /** The id is `<start date in the site's zone>-<slug>`, so it follows the anchor like everything else. */
  slug: string;
  body?: string;
  tr?: Record<string, ExampleIndexText>;
  updates: ExampleUpdate[];
  postmortem?: ExamplePostmortem;
};
