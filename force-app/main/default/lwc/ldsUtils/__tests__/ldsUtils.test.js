import { reduceErrors } from 'c/ldsUtils';

describe('c-lds-utils reduceErrors', () => {
  it('reads the message of an Apex AuraHandledException', () => {
    expect(reduceErrors({ body: { message: 'You need the permission.' } })).toEqual([
      'You need the permission.',
    ]);
  });

  it('reads UI API body arrays, page errors and field errors', () => {
    expect(reduceErrors({ body: [{ message: 'a' }, { message: 'b' }] })).toEqual(['a', 'b']);
    expect(reduceErrors({ body: { pageErrors: [{ message: 'page' }], fieldErrors: {} } })).toEqual(['page']);
    expect(
      reduceErrors({ body: { pageErrors: [], fieldErrors: { Name: [{ message: 'Name required' }] } } }),
    ).toEqual(['Name required']);
  });

  it('reads JavaScript errors and several errors at once, leaving blanks out', () => {
    expect(reduceErrors([new Error('boom'), null, { statusText: 'Bad Request' }, { body: {} }])).toEqual([
      'boom',
      'Bad Request',
    ]);
  });
});
