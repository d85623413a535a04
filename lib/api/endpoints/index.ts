import type { Endpoint } from "../endpoint";
import { exportAuditEndpoint, getAuditEndpoint, getDossierEndpoint, listAuditEndpoint, listCheckpointsEndpoint } from "./audit";
import { getBlueprintEndpoint, listBlueprintsEndpoint, previewEndpoint } from "./catalog";
import { getClientEndpoint, listClientsEndpoint } from "./clients";
import { approveEndpoint, cancelEndpoint, rejectEndpoint, rerenderEndpoint } from "./decide";
import { getMe } from "./me";
import { listEventsEndpoint, listOperationsEndpoint, liveEndpoint } from "./operations";
import { getRequestEndpoint, listRequestsEndpoint } from "./requests";
import {
  abortRolloutEndpoint,
  approveRolloutEndpoint,
  editWavesEndpoint,
  pauseRolloutEndpoint,
  resumeRolloutEndpoint,
  retryTargetEndpoint,
  skipTargetEndpoint,
} from "./rollout-decide";
import {
  countRolloutSelectionEndpoint,
  createRolloutEndpoint,
  getRolloutEndpoint,
  listRolloutsEndpoint,
  listRolloutTargetsEndpoint,
} from "./rollouts";
import { decommissionEndpoint } from "./request-kinds/decommission";
import { onboardEndpoint } from "./request-kinds/onboard";
import { reapplyEndpoint } from "./request-kinds/reapply";
import { recoveryEndpoint } from "./request-kinds/recovery";
import { recreateEndpoint } from "./request-kinds/recreate";
import { resizeEndpoint } from "./request-kinds/resize";
import { updateEndpoint } from "./request-kinds/update";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhooksEndpoint,
  pingWebhookEndpoint,
  retryDeliveryEndpoint,
  rotateWebhookSecretEndpoint,
  updateWebhookEndpoint,
} from "./webhooks";

// Every /api/v1 operation, in the order the reference lists them. A new endpoint is one file
// (request kinds: request-kinds/<kind>.ts) and one line here; docs/api.md says how.

export const ENDPOINTS: readonly Endpoint[] = [
  getMe,
  listBlueprintsEndpoint,
  getBlueprintEndpoint,
  previewEndpoint,
  listClientsEndpoint,
  getClientEndpoint,
  listOperationsEndpoint,
  listEventsEndpoint,
  liveEndpoint,
  listRequestsEndpoint,
  getRequestEndpoint,
  onboardEndpoint,
  resizeEndpoint,
  updateEndpoint,
  reapplyEndpoint,
  decommissionEndpoint,
  recoveryEndpoint,
  recreateEndpoint,
  approveEndpoint,
  rejectEndpoint,
  cancelEndpoint,
  rerenderEndpoint,
  listRolloutsEndpoint,
  // Before /rollouts/{id}, which would otherwise take "count" for an id.
  countRolloutSelectionEndpoint,
  createRolloutEndpoint,
  getRolloutEndpoint,
  listRolloutTargetsEndpoint,
  editWavesEndpoint,
  approveRolloutEndpoint,
  pauseRolloutEndpoint,
  resumeRolloutEndpoint,
  abortRolloutEndpoint,
  skipTargetEndpoint,
  retryTargetEndpoint,
  listAuditEndpoint,
  exportAuditEndpoint,
  listCheckpointsEndpoint,
  getAuditEndpoint,
  getDossierEndpoint,
  listWebhooksEndpoint,
  createWebhookEndpoint,
  getWebhookEndpoint,
  updateWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecretEndpoint,
  pingWebhookEndpoint,
  retryDeliveryEndpoint,
];
