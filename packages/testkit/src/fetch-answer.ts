/** An HTTP answer as tests read it: status, headers, the body as text and as JSON when it is JSON. */
export interface FetchedAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  body: any;
  text: string;
}

/** fetch, reading the whole answer; a body that is not JSON stays text in `body`. */
export async function fetchAnswer(url: string, init: RequestInit = {}): Promise<FetchedAnswer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: res.status, headers: res.headers, body, text };
}
