import { AppError, isAppError, type CollectedDelivery, type CollectRequest, type CollectResponse } from '@tabular-ct/core';
import { latestRawDelivery } from '@tabular-ct/platform';
import { isAllowedSource } from './allowed-source.ts';
import { collectDelivery, type CollectDeps } from './collect-delivery.ts';

export type { CollectDeps } from './collect-delivery.ts';

/**
 * Calls the data API `calls` times, back to back, each answer stored as its own delivery (a
 * time-windowed API answers each call in a window with another sample of the batch); a data
 * API that is not on the allow-list is refused before anything is fetched.
 * Stops early at the end of the data. Safe to retry: an answer RAW holds is answered
 * `already_collected` and nothing is written; deliveries stored before a later call failed
 * stay stored, and preprocess takes them up with the next delivery of the group.
 */
export async function collectBatch(deps: CollectDeps, request: CollectRequest): Promise<CollectResponse> {
  const { dataset, group_number } = request;
  if (!isAllowedSource(request.source_url, deps.dataApi.allowedUrls)) {
    throw new AppError('forbidden', `source_url ${request.source_url} is not one of the data APIs collect may read (DATA_API_ALLOWED_URLS)`, { field: 'source_url' });
  }
  const calls = request.calls ?? 1;
  const deliveries: CollectedDelivery[] = [];
  let endOfData = false;
  // Archives left by a crash are completed first, one per call, until a call fetches instead.
  let recover = true;
  for (let call = 1; call <= calls && !endOfData; call++) {
    try {
      const outcome = await collectDelivery(deps, request, recover);
      if (outcome === 'exhausted') endOfData = true;
      else deliveries.push(outcome);
      recover &&= outcome !== 'exhausted' && outcome.recovered === true;
    } catch (error) {
      if (deliveries.length === 0 || !isAppError(error)) throw error;
      throw new AppError(error.code, `${error.message} (call ${call} of ${calls}; the deliveries of the calls before it are stored: ${deliveries.map((d) => d.batch_id).join(', ')})`, {
        ...(error.details === undefined ? {} : { failure: error.details }),
        stored: deliveries.map((d) => d.batch_id),
      });
    }
  }
  // The latest delivery, by number: an answer RAW already had (a replay) may be older than the
  // request's new ones, and the next steps, called with this one, take up every earlier one.
  const last = deliveries.reduce<CollectedDelivery | undefined>((latest, d) => (latest && latest.delivery >= d.delivery ? latest : d), undefined);
  const end = endOfData ? { detail: `the data API has delivered every batch of group ${group_number}${deliveries.length > 0 ? ` (it said so on call ${deliveries.length + 1} of ${calls})` : ''}` } : {};
  if (!last) {
    // The group's latest delivery, so that the run can still carry it through any step an
    // earlier run left undone (every step answers what it stored when there is nothing to do).
    const latest = await latestRawDelivery(deps.rawPool, dataset, group_number);
    const named = latest
      ? { batch_id: latest.batch_id, batch_number: latest.batch_number, delivery: latest.delivery, rows: latest.row_count, payload_sha256: latest.payload_sha256, archive_key: latest.archive_key }
      : {};
    return { status: 'exhausted', dataset, group_number, ...named, deliveries, end_of_data: true, ...end };
  }
  return {
    status: deliveries.some((d) => d.status === 'collected') ? 'collected' : 'already_collected',
    dataset,
    group_number,
    batch_id: last.batch_id,
    batch_number: last.batch_number,
    delivery: last.delivery,
    rows: last.rows,
    payload_sha256: last.payload_sha256,
    archive_key: last.archive_key,
    ...(last.recovered ? { recovered: true } : {}),
    deliveries,
    end_of_data: endOfData,
    ...end,
  };
}
