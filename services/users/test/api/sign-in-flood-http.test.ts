import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestUsers, type TestUsers } from '../support/test-users.ts';

const FLOOD = 128;
let t: TestUsers;

beforeAll(async () => {
  // Production's hashing cost (32 MiB a hash), two at once.
  t = await startTestUsers({
    env: { PASSWORD_HASH_COST: '15', MAX_CONCURRENT_PASSWORD_HASHES: '2', PASSWORD_HASH_QUEUE: '16' },
  });
}, 60_000);
afterAll(() => t?.stop());

const signIn = (email: string, password: string) =>
  t.http('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('REST sign-in under a flood of wrong passwords', () => {
  it('answers the overflow 429 with Retry-After, no 5xx, and a valid sign-in gets its token', async () => {
    const ann = { email: 'ann.http-flood@example.com', password: 'correct horse battery' };
    const created = await t.http('/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ann, name: 'Ann' }),
    });
    expect(created.status).toBe(201);
    // One sign-in alone, the yardstick of this (possibly loaded) machine.
    const solo = performance.now();
    expect((await signIn(ann.email, ann.password)).status).toBe(200);
    const soloMs = performance.now() - solo;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);

    const started = performance.now();
    const flood = Array.from({ length: FLOOD }, (_, i) => signIn(`probe${i}@example.com`, 'wrongpassword'));
    let tries = 0;
    const valid = (async () => {
      for (;;) {
        tries++;
        const answer = await signIn(ann.email, ann.password);
        if (answer.status !== 429) return { answer, ms: performance.now() - started };
      }
    })();
    const answers = await Promise.all(flood);
    const floodMs = performance.now() - started;
    const { answer, ms } = await valid;
    clearInterval(sampler);

    const busy = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status !== 429 && a.status !== 401)).toEqual([]);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.headers.get('retry-after')).toBe('1');
    expect(busy[0]!.body).toMatchObject({
      code: 8,
      message: 'too many sign-ins at once; retry shortly',
    });
    expect(answer.status).toBe(200);
    const metrics = (await t.http('/metrics')).text as string;
    expect(metrics).toMatch(/^users_password_hashes_in_flight\{app="users"\} 0$/m);
    // Ahead of it at most the gate's 2 running and 16 waiting hashes, 9 rounds; unbounded, it would
    // wait for all 128. Its retries share one process with the flood's clients and database pool.
    expect(ms).toBeLessThan(Math.max(5000, 12 * soloMs));
    console.log(
      `flood answered in ${Math.round(floodMs)} ms, valid after ${tries} tries; flood of ${FLOOD}: ${busy.length} refused 429; valid sign-in in ${Math.round(ms)} ms (alone ${Math.round(soloMs)} ms); ` +
        `process RSS ${Math.round(rssBefore / 2 ** 20)} MB before, ${Math.round(rssPeak / 2 ** 20)} MB peak`,
    );
  }, 60_000);
});
