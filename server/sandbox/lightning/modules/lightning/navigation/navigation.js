/*
 * lightning/navigation on the sandbox's page: NavigationMixin.Navigate and GenerateUrl for the page
 * references the app can use here (standard__navItemPage for its tabs, standard__webPage); record
 * pages do not exist on the sandbox, so a record page reference opens nothing and says so in the
 * console. CurrentPageReference is not a wire adapter here.
 */
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

function urlOf(pageReference) {
  const { type, attributes = {} } = pageReference || {};
  if (type === 'standard__navItemPage' && attributes.apiName) {
    return `/lightning/n/${encodeURIComponent(attributes.apiName)}${window.location.search}`;
  }
  if (type === 'standard__webPage' && attributes.url) {
    return attributes.url;
  }
  return null;
}

export function NavigationMixin(Base) {
  return class extends Base {
    [Navigate](pageReference, replace) {
      const url = urlOf(pageReference);
      if (!url) {
        console.warn('The sandbox has no page for', pageReference);
        return;
      }
      if (replace) {
        window.location.replace(url);
      } else {
        window.location.assign(url);
      }
    }
    [GenerateUrl](pageReference) {
      return Promise.resolve(urlOf(pageReference));
    }
  };
}
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export const CurrentPageReference = Symbol('CurrentPageReference');
