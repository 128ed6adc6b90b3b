// Builds .lightning/ when it is missing or older than the components (see ensure-bundle.ts), and
// says on stdout, as JSON, whether it built and how long it took.
import { buildLightningBundle, bundleIsStale } from '../build';

if (bundleIsStale()) {
  buildLightningBundle().then(
    (r) => console.log(JSON.stringify({ built: true, ms: r.ms, bytes: r.bytes })),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  console.log(JSON.stringify({ built: false }));
}
