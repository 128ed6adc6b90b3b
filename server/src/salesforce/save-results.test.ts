import { saveFailures } from './save-results';

describe('saveFailures', () => {
  it('keeps the position of refused records, whatever the answer shape', () => {
    const results = [
      { id: '1', success: true, errors: [] },
      {
        success: false,
        errors: [{ statusCode: 'DUPLICATE_VALUE', message: 'duplicate value found', fields: ['X__c'] }],
      },
      { success: false, errors: [{ errorCode: 'INVALID_FIELD', message: 'No such column' }] },
    ];
    expect(saveFailures(results)).toEqual([
      {
        index: 1,
        errors: [{ statusCode: 'DUPLICATE_VALUE', message: 'duplicate value found', fields: ['X__c'] }],
      },
      { index: 2, errors: [{ statusCode: 'INVALID_FIELD', message: 'No such column', fields: [] }] },
    ]);
    expect(saveFailures({ success: false, errors: [] })).toEqual([
      { index: 0, errors: [{ statusCode: 'UNKNOWN', message: 'unknown error', fields: [] }] },
    ]);
    expect(saveFailures({ id: '1', success: true, errors: [] })).toEqual([]);
  });
});
