import { configure } from '@testing-library/preact';

// The unit project runs files in parallel on 2-core machines: a popup that renders from fake-indexeddb can take
// longer than testing-library's 1 s default to show up under that load. A wrong result still fails, only later.
configure({ asyncUtilTimeout: 5_000 });
