/**
 * The one way the User Sync app turns errors into messages: Apex errors (AuraHandledException gives
 * `body.message`), UI API errors (`body` arrays, page and field errors), JavaScript errors.
 * @param {FetchResponse|FetchResponse[]|Error} errors one error or several
 * @return {String[]} the messages, blank ones left out
 */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  return list
    .filter((error) => !!error)
    .map((error) => {
      const body = error.body;
      if (Array.isArray(body)) {
        return body.map((item) => item.message);
      }
      if (body && Array.isArray(body.pageErrors) && body.pageErrors.length > 0) {
        return body.pageErrors.map((item) => item.message);
      }
      if (body && body.fieldErrors && Object.keys(body.fieldErrors).length > 0) {
        return Object.values(body.fieldErrors)
          .flat()
          .map((item) => item.message);
      }
      if (body && typeof body.message === 'string') {
        return body.message;
      }
      if (typeof error.message === 'string') {
        return error.message;
      }
      return error.statusText;
    })
    .flat()
    .filter((message) => !!message);
}
