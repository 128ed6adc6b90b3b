// Adds the toBeAccessible() matcher (axe-core rules preset by Salesforce) to the LWC Jest tests.
const { registerSa11yMatcher } = require('@sa11y/jest');

registerSa11yMatcher();
