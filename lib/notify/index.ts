import "server-only";

export { enqueue, notifyDrift, notifyLaunch, notifyRequest } from "./enqueue";
export { deliverDue, deliverInBackground } from "./deliver";
