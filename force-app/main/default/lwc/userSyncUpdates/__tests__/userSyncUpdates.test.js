import { subscribe, unsubscribe, onError, isEmpEnabled } from 'lightning/empApi';
import { watchUpdates, CHANNEL } from 'c/userSyncUpdates';

const flushPromises = () => new Promise((resolve) => process.nextTick(resolve));

describe('c-user-sync-updates watchUpdates', () => {
  afterEach(() => {
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('subscribes to User_Sync_Update__e after onError, passes payloads on, and unsubscribes on stop', async () => {
    isEmpEnabled.mockResolvedValue(true);
    const subscription = { channel: CHANNEL, id: 'sub-1' };
    subscribe.mockResolvedValue(subscription);
    const onUpdate = jest.fn();

    const watcher = watchUpdates(onUpdate);
    await expect(watcher.ready).resolves.toBe('streaming');

    expect(onError).toHaveBeenCalled();
    expect(onError.mock.invocationCallOrder[0]).toBeLessThan(subscribe.mock.invocationCallOrder[0]);
    expect(subscribe).toHaveBeenCalledWith('/event/User_Sync_Update__e', -1, expect.any(Function));
    const payload = { Source__c: 'zendesk', Kind__c: 'CONNECTION', Record_Id__c: 'a0B000000000001' };
    subscribe.mock.calls[0][2]({ data: { payload } });
    expect(onUpdate).toHaveBeenCalledWith(payload);

    watcher.stop();
    expect(unsubscribe).toHaveBeenCalledWith(subscription, expect.any(Function));
  });

  it('does not poll while streaming, unless asked to', async () => {
    jest.useFakeTimers();
    isEmpEnabled.mockResolvedValue(true);
    subscribe.mockResolvedValue({ id: 'sub' });
    const onUpdate = jest.fn();
    const watcher = watchUpdates(onUpdate, { intervalMs: 1000, maxPolls: 2 });
    await watcher.ready;

    watcher.expectChange();
    jest.advanceTimersByTime(5000);
    expect(onUpdate).not.toHaveBeenCalled();

    watcher.expectChange({ poll: true });
    jest.advanceTimersByTime(5000);
    expect(onUpdate).toHaveBeenCalledTimes(2);
    watcher.stop();
  });

  it('falls back to bounded polling when empApi is not enabled', async () => {
    jest.useFakeTimers();
    isEmpEnabled.mockResolvedValue(false);
    const onUpdate = jest.fn();
    const watcher = watchUpdates(onUpdate, { intervalMs: 1000, maxPolls: 3 });
    await expect(watcher.ready).resolves.toBe('polling');
    expect(subscribe).not.toHaveBeenCalled();

    jest.advanceTimersByTime(10000);
    expect(onUpdate).not.toHaveBeenCalled();

    watcher.expectChange();
    jest.advanceTimersByTime(10000);
    expect(onUpdate).toHaveBeenCalledTimes(3);
    expect(onUpdate).toHaveBeenCalledWith(null);

    watcher.expectChange();
    jest.advanceTimersByTime(1000);
    watcher.stop();
    jest.advanceTimersByTime(10000);
    expect(onUpdate).toHaveBeenCalledTimes(4);
  });

  it('falls back to polling when the subscription is refused', async () => {
    isEmpEnabled.mockResolvedValue(true);
    subscribe.mockRejectedValue(new Error('401 handshake denied'));
    const watcher = watchUpdates(jest.fn());
    await expect(watcher.ready).resolves.toBe('polling');
    await flushPromises();
    watcher.stop();
    expect(unsubscribe).not.toHaveBeenCalled();
  });
});
