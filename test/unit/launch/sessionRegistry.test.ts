import * as assert from 'assert';
import { SessionRegistry, type SessionEvent, type WrapperSession } from '../../../extension/launch/sessionRegistry';

describe('SessionRegistry', () => {
  let cleaned: WrapperSession[];
  let events: SessionEvent['kind'][];
  let registry: SessionRegistry;
  let created: number;
  const create = () => {
    created += 1;
    return { dir: `/tmp/swd-${created}`, dirOwned: true, pcapFile: `/tmp/cap-${created}.pcap` };
  };

  beforeEach(() => {
    cleaned = [];
    events = [];
    created = 0;
    registry = new SessionRegistry((s) => cleaned.push(s));
    registry.onEvent((e) => events.push(e.kind));
  });

  it('gives members of one named session the same directory and capture', () => {
    const a = registry.acquire('net', create);
    const b = registry.acquire('net', create);
    assert.strictEqual(a, b);
    assert.strictEqual(created, 1);
    assert.strictEqual(b.dir, '/tmp/swd-1');
  });

  it('ends the session and cleans up only when the last member leaves', () => {
    registry.acquire('net', create);
    registry.join('net', 'debug:1');
    registry.join('net', 'debug:2');
    registry.leave('debug:1');
    assert.strictEqual(cleaned.length, 0);
    assert.ok(registry.get('net'));
    registry.leave('debug:2');
    assert.strictEqual(cleaned.length, 1);
    assert.strictEqual(cleaned[0].dir, '/tmp/swd-1');
    assert.strictEqual(registry.get('net'), undefined);
    assert.deepStrictEqual(events, ['started', 'changed', 'changed', 'changed', 'ended']);
  });

  it('a new session with an ended name gets a new directory', () => {
    registry.acquire('net', create);
    registry.join('net', 'm');
    registry.leave('m');
    const again = registry.acquire('net', create);
    assert.strictEqual(again.dir, '/tmp/swd-2');
  });

  it('tracks running processes per session', () => {
    registry.acquire('net', create);
    registry.processStarted('net', 100);
    registry.processStarted('net', 101);
    registry.processExited('net', 100);
    assert.deepStrictEqual([...(registry.get('net')?.pids ?? [])], [101]);
  });

  it('latest() is the most recently started session', () => {
    registry.acquire('a', create);
    registry.acquire('b', create);
    assert.strictEqual(registry.latest()?.name, 'b');
    registry.endSession('b');
    assert.strictEqual(registry.latest()?.name, 'a');
  });

  it('endEmpty() ends sessions no member joined, and keeps the others', () => {
    registry.acquire('orphan', create);
    registry.acquire('live', create);
    registry.join('live', 'x');
    registry.endEmpty();
    assert.deepStrictEqual(cleaned.map((s) => s.name), ['orphan']);
    assert.ok(registry.get('live'));
  });

  it('unique names never repeat', () => {
    assert.notStrictEqual(registry.uniqueName('Run x'), registry.uniqueName('Run x'));
  });

  it('with a linger period, a member that rejoins in time keeps the session (Restart)', async () => {
    const lingering = new SessionRegistry((s) => cleaned.push(s), 30);
    lingering.acquire('net', create);
    lingering.join('net', 'debug:1');
    lingering.leave('debug:1');
    assert.ok(lingering.get('net'), 'ended before the linger period');
    lingering.join('net', 'debug:1');
    await new Promise((r) => setTimeout(r, 60));
    assert.ok(lingering.get('net'), 'a rejoined session must not end');
    assert.strictEqual(cleaned.length, 0);
    lingering.leave('debug:1');
    await new Promise((r) => setTimeout(r, 60));
    assert.strictEqual(lingering.get('net'), undefined);
    assert.strictEqual(cleaned.length, 1);
  });
});
