import { LOCAL_PIPELINE_TOKEN } from '../stack/functions.ts';

/**
 * POSTs JSON to a pipeline function of the local stack, with its token, and returns its JSON
 * answer; an error answer becomes an Error naming the function, status and message.
 */
export async function callFunction(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${LOCAL_PIPELINE_TOKEN}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(600_000),
  });
  const answer = (await res.json()) as { error?: { code: string; message: string } };
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${answer.error?.code ?? ''} ${answer.error?.message ?? JSON.stringify(answer)}`);
  return answer;
}
