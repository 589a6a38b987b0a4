import type { Translate } from '../../i18n/index.ts';
import type { UpdateStatus } from '../content/schema.ts';
import { isCancelled } from '../model/cancelled.ts';
import type { Incident } from '../model/types.ts';

/** The incident's status in words: "Cancelled" for a maintenance called off before its window. */
export function incidentStatusWords(i: Incident, t: Translate): string {
  return isCancelled(i) ? t('feed.cancelled') : t(`status.${i.status}`);
}

/** An update's status in words: the update that called a maintenance off reads "Cancelled". */
export function updateStatusWords(i: Incident, status: UpdateStatus, t: Translate): string {
  return status === 'completed' && isCancelled(i) ? t('feed.cancelled') : t(`status.${status}`);
}
