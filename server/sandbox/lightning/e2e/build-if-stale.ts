// Builds .lightning/ when it is missing or older than the components (see global-setup.ts).
import { buildLightningBundle, bundleIsStale } from '../build';

if (bundleIsStale()) {
  buildLightningBundle().then(
    (r) => console.log(`Built the User Sync app for the browser tests in ${r.ms} ms`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
