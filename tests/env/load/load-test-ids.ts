// The x-test-ids of the load phase's requests, shared with the runner that slices the logs.
import { phaseTestId } from '../support/test-id.ts';

export const loadTestIds = {
  setup: phaseTestId('load', 'setup'),
  web: phaseTestId('load', 'virtual users through web'),
  api: phaseTestId('load', 'virtual users at the api'),
  audit: phaseTestId('load', 'job audit'),
} as const;
