import { TimerRegistry } from './timer-registry';

describe(TimerRegistry.name, () => {
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('runs a scheduled task after its delay', async () => {
    const sut = new TimerRegistry();
    const task = jest.fn();

    sut.schedule(5, task);
    await wait(30);

    expect(task).toHaveBeenCalledTimes(1);
  });

  it('never runs what was scheduled once stopped, nor anything scheduled later', async () => {
    const sut = new TimerRegistry();
    const task = jest.fn();
    sut.schedule(5, task);

    sut.stop();
    sut.schedule(5, task);
    await wait(30);

    expect(task).not.toHaveBeenCalled();
  });

  it('ends a sleep early, with false, when cancelled', async () => {
    const sut = new TimerRegistry();
    const sleeping = sut.sleep(60_000);

    sut.cancelAll();

    await expect(sleeping).resolves.toBe(false);
    await expect(sut.sleep(1)).resolves.toBe(true);
  });
});
