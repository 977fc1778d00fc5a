// The Sockets view's poller: polls only while visible with a session, never overlapping, reports changes only.
import * as assert from 'assert';
import type { SocketListing } from '../../../extension/sockets/listing';
import { SocketsPoller, type PollTarget } from '../../../extension/sockets/poller';

const A: PollTarget = { name: 'a', dir: '/tmp/a', ipv4Network: '127.0.0.0' };
const B: PollTarget = { name: 'b', dir: '/tmp/b', ipv4Network: '127.0.0.0' };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function listing(notice: string | null = null): SocketListing {
  return { source: 'sock_diag', rows: [], notice };
}

describe('SocketsPoller', () => {
  let poller: SocketsPoller | undefined;
  afterEach(() => poller?.dispose());

  it('polls only while active and some session runs', async () => {
    let calls = 0;
    poller = new SocketsPoller(async () => {
      calls += 1;
      return listing();
    }, 10);
    poller.setTargets([A]);
    await sleep(50);
    assert.strictEqual(calls, 0, 'not visible: no polling');
    poller.setActive(true);
    await sleep(100);
    assert.ok(calls >= 2, `polled ${calls} times in 100 ms at a 10 ms interval`);
    poller.setActive(false);
    await sleep(20);
    const stopped = calls;
    await sleep(50);
    assert.strictEqual(calls, stopped, 'hidden again: polling stopped');
    assert.strictEqual(poller.running, false);
  });

  it('never runs two polls at once, however slow a poll is', async () => {
    let inFlight = 0;
    let most = 0;
    poller = new SocketsPoller(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(25);
      inFlight -= 1;
      return listing();
    }, 1);
    poller.setTargets([A]);
    poller.setActive(true);
    await Promise.all([poller.pollNow(), poller.pollNow(), sleep(100)]);
    assert.strictEqual(most, 1);
  });

  it('tells listeners about changes only', async () => {
    let notice: string | null = null;
    let changes = 0;
    poller = new SocketsPoller(async () => listing(notice), 5);
    poller.onChange(() => (changes += 1));
    poller.setTargets([A]);
    await poller.pollNow();
    await poller.pollNow();
    assert.strictEqual(changes, 1, 'the first listing is a change, the same one again is not');
    notice = 'different';
    await poller.pollNow();
    assert.strictEqual(changes, 2);
    assert.strictEqual(poller.states()[0].listing?.notice, 'different');
  });

  it('keeps each session\'s error and forgets sessions that ended', async () => {
    let changes = 0;
    poller = new SocketsPoller(async (t) => {
      if (t.name === 'b') {
        throw new Error('socket directory /tmp/b does not exist');
      }
      return listing();
    });
    poller.onChange(() => (changes += 1));
    poller.setTargets([A, B]);
    await poller.pollNow();
    assert.deepStrictEqual(
      poller.states().map((s) => [s.target.name, s.listing !== undefined, s.error ?? null]),
      [
        ['a', true, null],
        ['b', false, 'socket directory /tmp/b does not exist'],
      ],
    );
    const before = changes;
    poller.setTargets([A]);
    assert.strictEqual(changes, before + 1, 'a session leaving is a change');
    assert.deepStrictEqual(poller.states().map((s) => s.target.name), ['a']);
  });
});
