import { isReplayRejection, parseDelivery, uniqueByUuid } from './platform-event';

const CH = '/event/IAdvize_Sync_Request__e';

describe('parseDelivery', () => {
  it('reads the payload, replay id and uuid of a delivered event', () => {
    const result = parseDelivery(CH, {
      schema: 'abc',
      payload: {
        CreatedDate: '2026-11-22T10:00:00.000Z',
        User_Id__c: '005000000000001AAA',
        Action__c: 'CREATE',
      },
      event: { replayId: 4711, EventUuid: 'f1e2' },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        channel: CH,
        replayId: 4711,
        eventUuid: 'f1e2',
        payload: {
          CreatedDate: '2026-11-22T10:00:00.000Z',
          User_Id__c: '005000000000001AAA',
          Action__c: 'CREATE',
        },
      },
    });
  });

  it('says what is wrong with a malformed delivery', () => {
    const result = parseDelivery(CH, { payload: {}, event: { replayId: 'x' } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/event\.replayId.*event\.EventUuid/);
  });
});

describe('isReplayRejection', () => {
  it('recognises the invalid replay id error in all the forms faye passes it', () => {
    const text =
      '400::The replayId {42} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.';
    expect(isReplayRejection(text)).toBe(true);
    expect(isReplayRejection(new Error(text))).toBe(true);
    expect(isReplayRejection({ code: 400, message: text })).toBe(true);
    expect(isReplayRejection('403::Unknown client')).toBe(false);
  });
});

describe('uniqueByUuid', () => {
  it('keeps the first of repeated events', () => {
    const e = (uuid: string, replayId: number) => ({ channel: CH, replayId, eventUuid: uuid, payload: {} });
    expect(uniqueByUuid([e('a', 1), e('b', 2), e('a', 1)]).map((x) => x.eventUuid)).toEqual(['a', 'b']);
  });
});
