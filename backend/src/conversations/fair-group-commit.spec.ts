import { FairGroupCommit, PendingLimitReachedError } from './fair-group-commit';

/** A writer whose batches answer only when the test says so. */
function heldWriter() {
  const batches: { items: string[]; answer: (outcomes?: string[]) => void; fail: (error: Error) => void }[] = [];
  const write = (items: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({ items, answer: (outcomes) => resolve(outcomes ?? items.map((item) => `stored ${item}`)), fail: reject });
    });
  return { batches, write };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('FairGroupCommit', () => {
  it('writes what arrives in one turn as one batch, and answers each item only once its batch is written', async () => {
    const writer = heldWriter();
    const commit = new FairGroupCommit(writer.write, { maxBatch: 10, maxPendingPerKey: 10, maxInFlight: 1 });
    const answered: string[] = [];
    const outcomes = ['a1', 'a2', 'b1'].map((item) => commit.submit(item[0], item).then((outcome) => answered.push(outcome)));
    await nextTurn();
    expect(writer.batches.map((batch) => batch.items)).toEqual([['a1', 'b1', 'a2']]);
    await nextTurn();
    expect(answered).toEqual([]);
    writer.batches[0].answer(['stored a1', 'duplicate b1', 'stored a2']);
    await Promise.all(outcomes);
    expect(answered.sort()).toEqual(['duplicate b1', 'stored a1', 'stored a2']);
  });

  it("takes the organizations' items round-robin: a quiet organization's item goes in the next batch however long a flood's queue", async () => {
    const writer = heldWriter();
    const commit = new FairGroupCommit(writer.write, { maxBatch: 4, maxPendingPerKey: 100, maxInFlight: 1 });
    void commit.submit('flood', 'f0');
    await nextTurn();
    // While the first batch is written, the flood queues 20 and the quiet organization 1.
    for (let index = 1; index <= 20; index += 1) void commit.submit('flood', `f${index}`);
    void commit.submit('quiet', 'q1');
    await nextTurn();
    expect(writer.batches).toHaveLength(1);
    writer.batches[0].answer();
    await nextTurn();
    await nextTurn();
    expect(writer.batches).toHaveLength(2);
    expect(writer.batches[1].items).toContain('q1');
    expect(writer.batches[1].items).toHaveLength(4);
  });

  it("refuses an organization's item over its waiting bound, and still takes another organization's", async () => {
    const writer = heldWriter();
    const commit = new FairGroupCommit(writer.write, { maxBatch: 2, maxPendingPerKey: 3, maxInFlight: 1 });
    void commit.submit('flood', 'first');
    await nextTurn(); // being written: no longer waiting
    const waiting = [1, 2, 3].map((index) => commit.submit('flood', `f${index}`));
    await expect(commit.submit('flood', 'f4')).rejects.toBeInstanceOf(PendingLimitReachedError);
    expect(commit.pendingOf('flood')).toBe(3);
    const quiet = commit.submit('quiet', 'q1');
    expect(commit.pendingOf('quiet')).toBe(1);
    writer.batches[0].answer();
    await nextTurn();
    await nextTurn();
    writer.batches[1].answer();
    await expect(quiet).resolves.toBe('stored q1');
    await nextTurn();
    await nextTurn();
    writer.batches[2].answer();
    await expect(Promise.all(waiting)).resolves.toEqual(['stored f1', 'stored f2', 'stored f3']);
  });

  it("fails only the items of a batch whose write failed; the next batch is written", async () => {
    const writer = heldWriter();
    const commit = new FairGroupCommit(writer.write, { maxBatch: 1, maxPendingPerKey: 10, maxInFlight: 1 });
    const first = commit.submit('a', 'a1');
    const second = commit.submit('a', 'a2');
    await nextTurn();
    writer.batches[0].fail(new Error('connection reset'));
    await expect(first).rejects.toThrow('connection reset');
    await nextTurn();
    await nextTurn();
    writer.batches[1].answer();
    await expect(second).resolves.toBe('stored a2');
  });

  it('writes no more batches at once than allowed', async () => {
    const writer = heldWriter();
    const commit = new FairGroupCommit(writer.write, { maxBatch: 1, maxPendingPerKey: 10, maxInFlight: 2 });
    for (const item of ['a1', 'a2', 'a3']) void commit.submit('a', item);
    await nextTurn();
    expect(writer.batches.map((batch) => batch.items)).toEqual([['a1'], ['a2']]);
    writer.batches[0].answer();
    await nextTurn();
    await nextTurn();
    expect(writer.batches.map((batch) => batch.items)).toEqual([['a1'], ['a2'], ['a3']]);
  });

  describe('while several organizations post, one organization fills at most maxPerKeyWhenShared of a batch', () => {
    /**
     * A commit capping one organization at 3 of 10 while another posted within 1 s (of `clock.now`),
     * with a flood's first item being written and 20 more waiting, and (optionally) another organization's item.
     */
    async function floodWaiting(quietItem?: string, options: { sparseAtMost?: number } = {}) {
      const clock = { now: 0 };
      const writer = heldWriter();
      const commit = new FairGroupCommit(writer.write, {
        maxBatch: 10,
        maxPendingPerKey: 100,
        maxInFlight: 1,
        maxPerKeyWhenShared: 3,
        sharingWindowMs: 1_000,
        now: () => clock.now,
        ...options,
      });
      void commit.submit('flood', 'f0');
      await nextTurn();
      for (let index = 1; index <= 20; index += 1) void commit.submit('flood', `f${index}`);
      if (quietItem) void commit.submit('quiet', quietItem);
      await answerBatch(writer, 0);
      return { clock, writer, commit };
    }

    async function answerBatch(writer: ReturnType<typeof heldWriter>, index: number) {
      writer.batches[index].answer();
      await nextTurn();
      await nextTurn();
    }

    it("caps the flood's share of the next batch once another organization posted", async () => {
      const { writer } = await floodWaiting('q1');
      expect(writer.batches[1].items).toEqual(['f1', 'q1', 'f2', 'f3']);
    });

    it('keeps the cap for the batches after, while the other organization is within the sharing window, though it has nothing waiting', async () => {
      const { clock, writer } = await floodWaiting('q1');
      clock.now = 900;
      await answerBatch(writer, 1);
      expect(writer.batches[2].items).toEqual(['f4', 'f5', 'f6']);
    });

    it('lifts the cap once the other organization has been quiet longer than the window', async () => {
      const { clock, writer, commit } = await floodWaiting('q1');
      clock.now = 1_500;
      void commit.submit('flood', 'f21'); // the flood goes on; the quiet organization does not
      await answerBatch(writer, 1);
      expect(writer.batches[2].items).toHaveLength(10);
    });

    it('fills whole batches with one organization when it is the only one posting', async () => {
      const { writer } = await floodWaiting();
      expect(writer.batches[1].items).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10']);
    });

    describe('with sparseAtMost', () => {
      it("writes a quiet organization's items in a batch of their own before the flood's next share", async () => {
        const { writer } = await floodWaiting('q1', { sparseAtMost: 2 });
        expect(writer.batches[1].items).toEqual(['q1']);
        await answerBatch(writer, 1);
        expect(writer.batches[2].items).toEqual(['f1', 'f2', 'f3']);
      });

      it('shares one batch between organizations that all have few waiting: no extra writes', async () => {
        const writer = heldWriter();
        const commit = new FairGroupCommit(writer.write, { maxBatch: 10, maxPendingPerKey: 100, maxInFlight: 1, maxPerKeyWhenShared: 3, sparseAtMost: 2 });
        void commit.submit('a', 'a0');
        await nextTurn();
        for (const item of ['a1', 'b1', 'b2', 'c1']) void commit.submit(item[0], item);
        await answerBatch(writer, 0);
        expect(writer.batches[1].items).toEqual(['a1', 'b1', 'c1', 'b2']);
      });

      it('does not single out the quieter ones when no organization has a full share waiting', async () => {
        const writer = heldWriter();
        const commit = new FairGroupCommit(writer.write, { maxBatch: 10, maxPendingPerKey: 100, maxInFlight: 1, maxPerKeyWhenShared: 3, sparseAtMost: 1 });
        void commit.submit('a', 'a0');
        await nextTurn();
        for (const item of ['a1', 'a2', 'b1']) void commit.submit(item[0], item);
        await answerBatch(writer, 0);
        expect(writer.batches[1].items).toEqual(['a1', 'b1', 'a2']);
      });
    });
  });
});
